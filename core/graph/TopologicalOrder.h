#pragma once
#include "graph/Graph.h"

#include <vector>

namespace miniflow {

/// Kahn's algorithm over a Graph.
struct TopologicalOrder {
    std::vector<NodeId> order; ///< every node, producers before consumers (when acyclic)
    std::vector<NodeId> cycle; ///< empty when acyclic; else one cycle, first node repeated last
    bool acyclic() const { return cycle.empty(); }
};

/// Orders the graph; ties are broken by node order in the graph, so the result is stable.
TopologicalOrder topologicalOrder(const Graph& graph);

/// The path that adding `edge` would close into a cycle (edge.to ... edge.from, edge.to),
/// or empty if it would not. Used by the editor before it connects anything.
std::vector<NodeId> cycleClosedBy(const Graph& graph, const Edge& edge);

/// "Linear_2 -> Sigmoid_1 -> Linear_2"
std::string describePath(const Graph& graph, const std::vector<NodeId>& path);

} // namespace miniflow
