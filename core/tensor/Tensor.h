#pragma once
/// NOTE [Tensor layout]
/// Every value in MiniFlow is a 2-D float32 matrix stored row-major, one sample per row:
/// a batch of N samples with F features is N x F. Parameters are plain matrices (W is
/// in x out, b is 1 x out). Scalars (losses) are 1 x 1. Images are kept flattened
/// (N x h*w*c, channel-last per pixel for CIFAR: see data/CifarLoader.h) and carry their
/// unflattened shape only in Shape::sampleDims.
#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace miniflow {

using Index = Eigen::Index;
using Tensor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic, Eigen::RowMajor>;

/// The shape of a node's value, known before any data flows.
/// rows == kBatchRows means "one row per sample of the current batch".
struct Shape {
    static constexpr Index kBatchRows = -1;
    Index rows = kBatchRows;
    Index cols = 0;
    /// Unflattened per-sample dimensions (e.g. {28, 28}); empty for flat feature rows.
    std::vector<Index> sampleDims;

    bool isBatched() const { return rows == kBatchRows; }
    bool isFlat() const { return sampleDims.size() <= 1; }
    bool operator==(const Shape&) const = default;

    static Shape batch(Index cols) { return Shape{kBatchRows, cols, {}}; }
    static Shape matrix(Index rows, Index cols) { return Shape{rows, cols, {}}; }
    static Shape scalar() { return Shape{1, 1, {}}; }
};

/// "N x 13", "10 x 1", "N x 28x28".
std::string toString(const Shape& shape);

/// True when every element is finite (no NaN, no Inf).
bool allFinite(const Tensor& t);

} // namespace miniflow
