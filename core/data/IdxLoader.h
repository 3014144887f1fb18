#pragma once
#include "data/Dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace miniflow {

/// One IDX file (MNIST format: big-endian magic 0x000008NN with NN = dimension count,
/// unsigned-byte data only), plain or gzip-compressed (detected by content, not name).
struct IdxArray {
    std::vector<std::uint32_t> dims;
    std::vector<std::uint8_t> bytes;
};

/// Reads and validates an IDX file: the header is checked against the file size before
/// any allocation. Throws DataError naming the file, byte offset and reason.
IdxArray readIdx(const std::string& path);

/// Images (count x rows x cols) and labels (count) into a 10-class dataset with pixels as
/// raw values 0..255 (normalize afterwards), sampleDims {1, rows, cols} (NOTE [Image layout]).
Dataset loadIdxPair(const std::string& imagesPath, const std::string& labelsPath);

struct TrainTest {
    Dataset train;
    Dataset test;
};

/// A folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
/// and t10k-labels-idx1-ubyte (each optionally .gz).
TrainTest loadMnistFolder(const std::string& folder);

} // namespace miniflow
