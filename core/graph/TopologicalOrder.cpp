#include "graph/TopologicalOrder.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace miniflow {

namespace {

using Adjacency = std::unordered_map<NodeId, std::vector<NodeId>>;

Adjacency successors(const Graph& graph) {
    Adjacency next;
    for (const Edge& e : graph.edges())
        next[e.from].push_back(e.to);
    return next;
}

/// Depth-first path search from `start` to `goal` over `next`; returns the node path.
std::vector<NodeId> findPath(const Adjacency& next, NodeId start, NodeId goal) {
    std::unordered_map<NodeId, NodeId> parent;
    std::deque<NodeId> frontier{start};
    std::unordered_set<NodeId> seen{start};
    while (!frontier.empty()) {
        const NodeId n = frontier.front();
        frontier.pop_front();
        if (n == goal) {
            std::vector<NodeId> path{goal};
            for (NodeId p = goal; p != start;)
                path.push_back(p = parent.at(p));
            std::reverse(path.begin(), path.end());
            return path;
        }
        const auto it = next.find(n);
        if (it == next.end())
            continue;
        for (NodeId m : it->second)
            if (seen.insert(m).second) {
                parent[m] = n;
                frontier.push_back(m);
            }
    }
    return {};
}

/// Some cycle among the nodes Kahn's algorithm could not order.
std::vector<NodeId> findCycle(const Graph& graph, const std::unordered_set<NodeId>& stuck) {
    Adjacency next;
    for (const Edge& e : graph.edges())
        if (stuck.count(e.from) && stuck.count(e.to))
            next[e.from].push_back(e.to);
    for (const Node& n : graph.nodes()) {
        if (!stuck.count(n.id))
            continue;
        for (NodeId m : next[n.id]) {
            std::vector<NodeId> back = findPath(next, m, n.id);
            if (back.empty())
                continue;
            back.insert(back.begin(), n.id);
            return back;
        }
    }
    return {};
}

} // namespace

TopologicalOrder topologicalOrder(const Graph& graph) {
    std::unordered_map<NodeId, int> inDegree;
    for (const Node& n : graph.nodes())
        inDegree[n.id] = 0;
    for (const Edge& e : graph.edges())
        ++inDegree[e.to];
    const Adjacency next = successors(graph);

    TopologicalOrder result;
    std::deque<NodeId> ready;
    for (const Node& n : graph.nodes())
        if (inDegree[n.id] == 0)
            ready.push_back(n.id);
    while (!ready.empty()) {
        const NodeId n = ready.front();
        ready.pop_front();
        result.order.push_back(n);
        const auto it = next.find(n);
        if (it == next.end())
            continue;
        for (NodeId m : it->second)
            if (--inDegree[m] == 0)
                ready.push_back(m);
    }
    if (result.order.size() != graph.nodes().size()) {
        std::unordered_set<NodeId> stuck;
        for (const auto& [id, degree] : inDegree)
            if (degree > 0)
                stuck.insert(id);
        result.cycle = findCycle(graph, stuck);
    }
    return result;
}

std::vector<NodeId> cycleClosedBy(const Graph& graph, const Edge& edge) {
    if (edge.from == edge.to)
        return {edge.to, edge.to};
    std::vector<NodeId> path = findPath(successors(graph), edge.to, edge.from);
    if (!path.empty())
        path.push_back(edge.to);
    return path;
}

std::string describePath(const Graph& graph, const std::vector<NodeId>& path) {
    std::string text;
    for (NodeId id : path) {
        const Node* n = graph.find(id);
        text += (text.empty() ? "" : " -> ") + (n ? n->name : "#" + std::to_string(id.value));
    }
    return text;
}

} // namespace miniflow
