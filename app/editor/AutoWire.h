#pragma once
/// NOTE [Auto-wiring]
/// Which added nodes connect themselves, decided from the op's traits (OpInfo), never from
/// its kind string; every such question the canvas asks is here, so new traits change one
/// file. A node that "wires after" a node X gets X's output on its first input when it is
/// dropped on X, or added (palette double-click, add-node menu) while X is the only selected
/// node; a node that "inserts into edges" dropped on edge A -> B becomes A -> node -> B.
#include "graph/Graph.h"

#include <QPointF>

namespace miniflow {
struct OpInfo;
}

namespace AutoWire {

/// Ops whose one input passes on at its width (OpTraits::preservesUnits: activations,
/// Dropout, Softmax) and losses (fed on their prediction port, OpTraits::predictionPort).
bool wiresAfter(const miniflow::OpInfo& info);
/// The input port a node wired after another is fed on: a loss's prediction port, else 0.
int wiredPort(const miniflow::OpInfo& info);
/// Unit-preserving, non-loss ops: what fits between an output and the input it fed without
/// changing the shape that input receives.
bool insertsIntoEdge(const miniflow::OpInfo& info);
/// Where a node wired after `upstream` goes: to its right, moved down past nodes in the way.
QPointF placeAfter(const miniflow::Graph& graph, miniflow::NodeId upstream);

} // namespace AutoWire
