#pragma once
/// Reading an ONNX file for import: the model, its op types checked against what imports,
/// float tensors as matrices, and node attributes. Errors are ExportErrors naming the file.
#include "tensor/Tensor.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace miniflow {

/// Parses `path` as onnx.ModelProto; throws ExportError when it cannot be opened or parsed.
onnx::ModelProto readModel(const std::string& path);

/// Throws ExportError listing every op type outside importableOnnxOps() with its node count.
void rejectUnsupported(const onnx::GraphProto& graph, const std::string& path);

/// A float tensor of rank 0..2 as a matrix; rank 1 becomes one row (a bias).
Tensor matrixFrom(const onnx::TensorProto& t, const std::string& path);

/// The node's attribute called `name`, or nullptr.
const onnx::AttributeProto* findAttribute(const onnx::NodeProto& node, const std::string& name);

} // namespace miniflow
