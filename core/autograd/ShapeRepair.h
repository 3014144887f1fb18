#pragma once
/// NOTE [Shape repair]
/// When an edit changes a width (a layer's units, an Input's feature count, the class count
/// a classifier needs), the Parameters sized for the old width must follow, or the graph
/// turns red. Dependants are found by shape propagation, not by op kinds: inferShapes runs
/// on the edited graph, and at each node whose shape check now fails, the sized Parameters
/// feeding it (OpInfo source Parameter with "rows" / "cols", no explicit "value") get the
/// smallest change of their rows / cols (picked from the widths of that node's other
/// inputs) that lets the node's own inferShape pass, keeping its previous output shape when
/// possible. Repeated until nothing more can be mended. Whatever cannot be mended this way
/// (e.g. a loss whose two inputs disagree) stays a diagnostic for the user.
#include "autograd/Plan.h"

#include <optional>
#include <vector>

namespace miniflow {

/// New attributes for one node.
struct AttributeEdit {
    NodeId node;
    nlohmann::json attributes;
};

/// True for a Parameter node sized by its "rows" / "cols" attributes (no explicit value):
/// the only nodes a shape repair resizes.
bool isSizedParameter(const Node& node);

/// `edited` is `original` after a user's edit. Returns the Parameter edits that make the
/// shapes agree again (see NOTE [Shape repair]); empty when nothing needs or admits mending.
std::vector<AttributeEdit> repairParameterShapes(const Graph& original, const Graph& edited);

/// The edits that make `node`'s output `width` columns wide: the sized Parameters feeding
/// it, its "units" attribute when it has one, and every dependant repairParameterShapes
/// finds downstream. nullopt when no change of the Parameters feeding `node` gives it that
/// width (e.g. an activation: resize the layer before it).
std::optional<std::vector<AttributeEdit>> resizeOutput(const Graph& graph, NodeId node,
                                                       Index width);

/// `graph` with `edits` applied (later edits of a node replace earlier ones).
Graph applyEdits(Graph graph, const std::vector<AttributeEdit>& edits);

} // namespace miniflow
