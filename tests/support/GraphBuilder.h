#pragma once
/// Small helpers for building graphs in tests.
#include "graph/Graph.h"

#include <string>

namespace miniflow::test {

inline NodeId addNode(Graph& g, const std::string& op, const std::string& name,
                      nlohmann::json attributes = nlohmann::json::object()) {
    return g.addNode(Node{NodeId{}, op, name, std::move(attributes), {}});
}

inline void addEdge(Graph& g, NodeId from, NodeId to, PortIndex port = 0) {
    g.addEdge(Edge{from, 0, to, port});
}

} // namespace miniflow::test
