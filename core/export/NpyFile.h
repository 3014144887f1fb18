#pragma once
#include "tensor/Tensor.h"

#include <string>

namespace miniflow {

/// Writes `values` as a NumPy .npy file (format 1.0, little-endian float32, C order,
/// shape (rows, cols)): numpy.load reads it and torch.from_numpy wraps it without a copy.
/// Throws ExportError when the file cannot be written.
void writeNpy(const std::string& path, const Tensor& values);

} // namespace miniflow
