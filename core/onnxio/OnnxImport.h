#pragma once
#include "io/GraphFile.h"

#include <string>

namespace miniflow {

/// Reads an ONNX model of an MLP and rebuilds it as a MiniFlow training graph: the one
/// non-initializer graph input becomes the features Input, float initializers (and
/// Constant nodes) become Parameters whose values are stored as the file's parameters,
/// Gemm (alpha = beta = 1, transA = 0; transB = 1 is transposed on import) becomes Linear,
/// and every other ONNX node or chain of nodes maps back by the registered ops' ONNX recipes
/// (onnxio/OnnxImportRules.h: MatMul, Add/Sum, Mul, Relu, Sigmoid, Tanh, LeakyRelu, Softmax,
/// Flatten, GELU's Erf decomposition); Dropout and Identity pass their input through (the
/// model is an inference graph). A labels Input and a loss are added on the graph's
/// first output so gradients can be inspected: SoftmaxCrossEntropy for two or more columns
/// (a final Softmax is dropped, the loss applies its own), MSE for one. Every node gets an
/// editor position (layOutByDepth). Throws ExportError naming the file and, for
/// unsupported ops, listing each with its node count; GraphError if the result is invalid.
GraphFile importOnnx(const std::string& path);

} // namespace miniflow
