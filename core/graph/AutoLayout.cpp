#include "graph/AutoLayout.h"

#include "graph/TopologicalOrder.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace miniflow {

namespace {

constexpr double kColumnWidth = 220;
constexpr double kRowHeight = 120;

} // namespace

void layOutByDepth(Graph& graph) {
    const TopologicalOrder order = topologicalOrder(graph);
    if (!order.acyclic())
        return;
    std::unordered_map<NodeId, int> depth;
    std::unordered_map<NodeId, bool> hasInputs;
    for (NodeId id : order.order) {
        int d = 0;
        for (const Edge& e : graph.edges())
            if (e.to == id) {
                d = std::max(d, depth[e.from] + 1);
                hasInputs[id] = true;
            }
        depth[id] = d;
    }
    for (auto it = order.order.rbegin(); it != order.order.rend(); ++it) {
        if (hasInputs[*it])
            continue;
        int nearest = -1;
        for (const Edge& e : graph.edgesFrom(*it))
            nearest = nearest < 0 ? depth[e.to] : std::min(nearest, depth[e.to]);
        if (nearest > 0)
            depth[*it] = nearest - 1;
    }
    std::map<int, int> filled; // column -> nodes placed so far
    for (const Node& node : graph.nodes()) {
        Node* placed = graph.find(node.id);
        const int column = depth[node.id];
        placed->position = {kColumnWidth * column, kRowHeight * filled[column]++};
    }
}

} // namespace miniflow
