#include "tensor/Tensor.h"

#include <cmath>

namespace miniflow {

std::string toString(const Shape& shape) {
    std::string rows = shape.isBatched() ? "N" : std::to_string(shape.rows);
    std::string cols;
    if (shape.sampleDims.size() > 1) {
        for (size_t i = 0; i < shape.sampleDims.size(); ++i)
            cols += (i ? "x" : "") + std::to_string(shape.sampleDims[i]);
    } else {
        cols = std::to_string(shape.cols);
    }
    return rows + " x " + cols;
}

// 0 * x is 0 for every finite x and NaN for NaN and +-Inf, so one vectorized sum decides;
// Eigen's own allFinite() is an unvectorized element-by-element test.
bool allFinite(const Tensor& t) {
    return std::isfinite((t.array() * 0.0f).sum());
}

} // namespace miniflow
