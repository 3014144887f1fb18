#pragma once
#include "data/IdxLoader.h"

#include <string>
#include <vector>

namespace miniflow {

/// CIFAR-10 binary batches: records of 1 label byte + 3072 pixel bytes (1024 red, then
/// 1024 green, then 1024 blue, each 32 x 32 row-major). Loaded as N x 3072 rows in
/// channel-last order (pixel p's r, g, b at columns 3p, 3p+1, 3p+2), raw 0..255,
/// sampleDims {32, 32, 3}, 10 classes with CIFAR's class names.
/// A file whose size is not a multiple of 3073 or a label > 9 is rejected (DataError).
Dataset loadCifarBatches(const std::vector<std::string>& files);

/// A folder with data_batch_1.bin .. data_batch_5.bin (those present) and test_batch.bin.
TrainTest loadCifarFolder(const std::string& folder);

} // namespace miniflow
