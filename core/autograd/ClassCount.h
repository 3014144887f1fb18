#pragma once
#include "autograd/ShapeRepair.h"

#include <optional>
#include <vector>

namespace miniflow {

/// A classifier whose logits are narrower than the data's class count fails only at the
/// first batch holding a label >= width. This finds it before training: one ClassCount
/// diagnostic per loss whose labels are class indices (OpTraits::prediction ClassLogits) and whose
/// logits (port 0) are known to be fewer than `classes` columns wide. nodes = {the node
/// feeding the logits, the loss}. Wider logits are allowed (unused classes). classes <= 0
/// (regression or unknown data) finds nothing.
std::vector<Diagnostic> checkClassCount(const Graph& graph, int classes);

/// The edits that widen `loss`'s logits to `classes` columns: resizeOutput on the node
/// feeding them, else on the nearest node upstream whose resize gives the logits that width
/// (e.g. the Linear before an activation). nullopt when none does.
std::optional<std::vector<AttributeEdit>> fitClassCount(const Graph& graph, NodeId loss,
                                                        int classes);

} // namespace miniflow
