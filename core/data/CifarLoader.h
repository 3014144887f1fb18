#pragma once
#include "data/IdxLoader.h"

#include <string>
#include <vector>

namespace miniflow {

/// CIFAR-10 binary batches: records of 1 label byte + 3072 pixel bytes (1024 red, then
/// 1024 green, then 1024 blue, each 32 x 32 row-major). Loaded as N x 3072 rows in the
/// channel-major order of NOTE [Image layout] (channel c's pixel p at column 1024c + p, the
/// file's own order), raw 0..255, sampleDims {3, 32, 32}, 10 classes with CIFAR's class names.
/// A file whose size is not a multiple of 3073 or a label > 9 is rejected (DataError).
Dataset loadCifarBatches(const std::vector<std::string>& files);

/// A folder with data_batch_1.bin .. data_batch_5.bin (those present) and test_batch.bin.
TrainTest loadCifarFolder(const std::string& folder);

} // namespace miniflow
