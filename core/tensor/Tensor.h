#pragma once
/// NOTE [Tensor layout]
/// Every value in MiniFlow is a 2-D float32 matrix stored row-major, one sample per row:
/// a batch of N samples with F features is N x F. Parameters are plain matrices (Linear's W
/// is in x out, b is 1 x out). Scalars (losses) are 1 x 1. Images are kept flattened in
/// their rows (NOTE [Image layout]) and carry their unflattened shape only in
/// Shape::sampleDims.
///
/// NOTE [Image layout]
/// An image sample is C x H x W in its row, channel-major as PyTorch and ONNX order it
/// (NCHW): the value of channel c at row h, column w is column (c*H + h)*W + w. Its
/// Shape::sampleDims are {C, H, W}: IDX (MNIST) images are {1, 28, 28}, CIFAR-10 {3, 32, 32}
/// (data/CifarLoader.h transposes CIFAR's bytes, already planar, into this order). Flat
/// feature rows have empty sampleDims. Flatten keeps the data and clears sampleDims; Linear
/// takes any N x F row (F = the product of the dims). Conv2D's W is Cout x (Cin/groups *
/// kH * kW), PyTorch's weight order Cout x Cin/g x kH x kW flattened (ops/ConvOps.cpp).
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
    /// Unflattened per-sample dimensions, {C, H, W} for images (NOTE [Image layout]); empty
    /// for flat feature rows.
    std::vector<Index> sampleDims;

    bool isBatched() const { return rows == kBatchRows; }
    bool isFlat() const { return sampleDims.size() <= 1; }
    /// An image: sampleDims {C, H, W} (NOTE [Image layout]).
    bool isImage() const { return sampleDims.size() == 3; }
    bool operator==(const Shape&) const = default;

    static Shape batch(Index cols) { return Shape{kBatchRows, cols, {}}; }
    static Shape matrix(Index rows, Index cols) { return Shape{rows, cols, {}}; }
    static Shape scalar() { return Shape{1, 1, {}}; }
};

/// "N x 13", "10 x 1", "N x 1x28x28".
std::string toString(const Shape& shape);

/// True when every element is finite (no NaN, no Inf).
bool allFinite(const Tensor& t);

} // namespace miniflow
