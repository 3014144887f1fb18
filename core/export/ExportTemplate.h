#pragma once
/// Expands an op's export templates (NOTE [Export templates]): attribute keys, input shape
/// keys and choices, for the PyTorch writer and the ONNX recipes alike, and the dims a
/// Parameter takes outside MiniFlow (OpTraits::parameterDims).
#include "autograd/Plan.h"
#include "export/ModelRoles.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

/// What a template of one plan node expands with.
struct TemplateContext {
    const PlannedNode& node;
    std::vector<const PlannedNode*> inputs; ///< the producer of each input port
    /// Keys the caller expands itself ({module}, {prediction}, {k} for PyTorch values,
    /// {inputs:SEP}); nullopt passes the key on to the common ones.
    std::function<std::optional<std::string>(const std::string& key)> custom;
};

/// `text` with every {key} and {key?a:TEXT|...} replaced. Throws ExportError naming the
/// node for a key it does not have, an input shape that is not an image for .image/.C/.H/.W,
/// or a choice without the value's alternative.
std::string expandTemplate(const std::string& text, const TemplateContext& context);

/// The dims of the Parameter `parameter` on input `port` of `consumer` outside MiniFlow:
/// OpTraits::parameterDims expanded ("6, -1, 5, 5" -> 6 x 1 x 5 x 5), or {rows, cols}.
/// Throws ExportError when the sizes do not multiply up to rows * cols.
std::vector<Index> parameterDims(const TemplateContext& consumer, int port,
                                 const PlannedNode& parameter);

/// The plain context of plan node `index` (no custom keys): enough for attribute, input
/// shape and choice keys, and for parameterDims.
TemplateContext templateContext(const ModelRoles& roles, int index);

/// The dims Parameter node `index` takes outside MiniFlow: what its consumers'
/// parameterDims make it (a conv weight Cout x Cin/g x kH x kW), else {rows, cols}. Throws
/// ExportError when two consumers want different dims.
std::vector<Index> exportedDims(const ModelRoles& roles, int index);

/// "6, 1, 5, 5".
std::string joinDims(const std::vector<Index>& dims, const char* separator = ", ");

} // namespace miniflow
