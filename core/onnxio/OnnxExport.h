#pragma once
#include "io/GraphFile.h"

#include <string>

namespace miniflow {

/// Writes the inference graph of `file` as an ONNX model (IR 7, opset 13) to `path`: one
/// graph input named after the features Input (N x features, or N x sampleDims), the
/// current parameters and constants as float initializers named after their nodes, one
/// ONNX node per MiniFlow op (Linear -> Gemm, Add -> Sum, Mul -> chained Mul, Dropout ->
/// Identity, ...) and one output: the prediction the loss compares with the labels. The
/// loss and the labels Input are left out. Throws ExportError, GraphError.
void exportOnnx(const GraphFile& file, const std::string& path);

} // namespace miniflow
