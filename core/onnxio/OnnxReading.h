#pragma once
/// Reading an ONNX file for import: the model, its op types checked against what imports,
/// float tensors as matrices, and node attributes. Errors are ExportErrors naming the file.
#include "tensor/Tensor.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace miniflow {

/// Parses `path` as onnx.ModelProto; throws ExportError when it cannot be opened or parsed,
/// or when a node has no output (the importer may then read output(0) of every node).
onnx::ModelProto readModel(const std::string& path);

/// Throws ExportError listing every op type outside importableOnnxOps() with its node count.
void rejectUnsupported(const onnx::GraphProto& graph, const std::string& path);

/// A float tensor as a matrix: rank 0 is 1 x 1, rank 1 one row (a bias), rank 2 as it is,
/// rank 3+ dims(0) x the rest (a conv weight Cout x Cin x kH x kW: Cout x Cin*kH*kW, the
/// row layout of NOTE [Image layout]). Throws ExportError, before allocating, when the
/// declared dimensions do not match the data it holds.
Tensor matrixFrom(const onnx::TensorProto& t, const std::string& path);

/// An int64 tensor of at most 64 values (a shape) as a list; throws ExportError otherwise.
std::vector<std::int64_t> intsFrom(const onnx::TensorProto& t, const std::string& path);

/// The node's attribute called `name`, or nullptr.
const onnx::AttributeProto* findAttribute(const onnx::NodeProto& node, const std::string& name);

} // namespace miniflow
