#include "tensor/Tensor.h"

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

bool allFinite(const Tensor& t) { return t.allFinite(); }

} // namespace miniflow
