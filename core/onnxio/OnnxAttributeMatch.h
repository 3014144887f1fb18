#pragma once
/// Import: an ONNX node's attributes read back through a recipe step's attribute specs
/// (NOTE [Export templates]): $name values bind the MiniFlow attribute, literal values must
/// match (an absent attribute counts as its ~default), choices take the first alternative
/// whose attributes all match.
#include "onnxio/OnnxRecipe.h"
#include "ops/OpRegistry.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace miniflow {

/// The MiniFlow attributes the step's specs and choices read from `node`. Throws
/// ExportError naming `path`, the node and the attribute for a value MiniFlow cannot
/// import (a kernel that is not 2-D, asymmetric pads, a literal that differs).
nlohmann::json importAttributes(const onnx::NodeProto& node, const OnnxStep& step,
                                const OpInfo& info, const std::string& path);

/// Binds an int64 list argument "[N, $shape:dims]" against `values` (N: -1 or 0; $name:dims
/// takes the rest as "1x28x28"). False when they do not match.
bool matchListArgument(const std::string& spec, const std::vector<std::int64_t>& values,
                       nlohmann::json& attributes);

} // namespace miniflow
