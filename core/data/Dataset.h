#pragma once
#include "tensor/Tensor.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace miniflow {

/// A data problem: the message names the file, the position (line:column, byte offset)
/// and the reason, and says what to do.
struct DataError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Samples as rows (NOTE [Tensor layout]).
struct Dataset {
    Tensor features;                       ///< N x F
    Tensor targets;                        ///< N x T; classification: N x 1 class indices
    int classes = 0;                       ///< 0 for regression
    std::vector<std::string> featureNames; ///< F names (may be empty for images)
    std::string targetName;
    std::vector<Index> sampleDims;       ///< {C, H, W}: {1, 28, 28}, {3, 32, 32}; empty = flat
    std::vector<std::string> classNames; ///< optional, `classes` entries

    Index size() const { return features.rows(); }
    bool isClassification() const { return classes > 0; }
};

/// The rows of `source` listed in `rows`, copied into `destination` (resized once).
void gatherRows(const Tensor& source, const std::vector<Index>& rows, Tensor& destination);

/// A dataset restricted to `rows` (copies).
Dataset subset(const Dataset& data, const std::vector<Index>& rows);

} // namespace miniflow
