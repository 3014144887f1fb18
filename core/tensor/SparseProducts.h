#pragma once
/// NOTE [Sparse left operands]
/// Image batches are mostly exact zeros (MNIST: about 81% of all pixels), and a dense GEMM
/// multiplies every one of them. When at least kMinZeroShare of a product's left operand X
/// is exactly zero, Linear and MatMul instead walk X's nonzeros: each nonzero x_nk adds
/// x_nk * W_k (a contiguous row of the row-major W) to output row n, and the weight
/// gradient X^T G gathers x_nk * G_n into row k. Results equal the dense product up to
/// float32 summation order; a zero in X times an Inf/NaN in W contributes nothing here
/// (IEEE would give NaN), so non-finite weights still surface through every nonzero input.
/// Dense operands (standardized data, hidden layers) keep the BLAS/Eigen GEMM.
#include "tensor/Tensor.h"

namespace miniflow {

/// Share of exact zeros at or above which products take the sparse kernels. Chosen on the
/// safe side: at MNIST's 81% zeros they ran a 1000 x 784 . 784 x 512 product about 1.3x
/// faster than OpenBLAS's GEMM on one core; at half zeros GEMM wins.
inline constexpr double kMinZeroShare = 0.7;

/// True when sparse kernels are enabled and at least kMinZeroShare of `x` is zero.
bool worthSparseProduct(const Tensor& x);

/// out (N x M) = x (N x K) . w (K x M), skipping x's zeros. `out` is resized if needed.
void sparseLeftProduct(const Tensor& x, const Tensor& w, Tensor& out);

/// out (K x M) = x^T . g, with x N x K and g N x M, skipping x's zeros.
void sparseTransposedProduct(const Tensor& x, const Tensor& g, Tensor& out);

/// Process-wide switch (default on): off forces dense products everywhere, which the
/// benchmark uses to report both paths.
void setSparseProductsEnabled(bool enabled);
bool sparseProductsEnabled();

} // namespace miniflow
