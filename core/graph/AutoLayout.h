#pragma once
#include "graph/Graph.h"

namespace miniflow {

/// Places every node of an acyclic graph in columns by depth, left to right: a computing
/// node one column right of its deepest producer, a source (no inputs) one column left of
/// its nearest consumer; nodes of a column are stacked top to bottom in graph order.
/// Used for graphs that arrive without positions (imports). A cyclic graph is left as is.
void layOutByDepth(Graph& graph);

} // namespace miniflow
