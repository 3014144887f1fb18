#pragma once
/// NOTE [Graph vocabulary]
/// A Graph is the description users edit and save: Nodes (an op kind, a name, attributes,
/// an editor position) joined by Edges (fromNode:fromPort -> toNode:toPort). Ids are plain
/// values, safe to copy across threads and to store in files. Every op has exactly one
/// output (port 0); inputs are numbered 0..n-1. An input port takes at most one edge; an
/// output fans out to any number.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

struct NodeId {
    std::int64_t value = -1;
    bool valid() const { return value >= 0; }
    auto operator<=>(const NodeId&) const = default;
};

using PortIndex = int;

/// One directed edge: the output `fromPort` of `from` feeds input `toPort` of `to`.
struct Edge {
    NodeId from;
    PortIndex fromPort = 0;
    NodeId to;
    PortIndex toPort = 0;
    auto operator<=>(const Edge&) const = default;
};

struct Position {
    double x = 0, y = 0;
    bool operator==(const Position&) const = default;
};

struct Node {
    NodeId id;
    std::string op;   ///< registered op kind: "Linear", "ReLU", ...
    std::string name; ///< unique, human readable: "dense1", "W1"
    nlohmann::json attributes = nlohmann::json::object();
    Position position;
    bool operator==(const Node&) const = default;
};

/// Nodes and edges. Plain value type: no validation beyond id bookkeeping (see Plan).
class Graph {
  public:
    /// Adds a node; assigns a fresh id when node.id is invalid. Returns the id.
    NodeId addNode(Node node);
    /// Removes the node and every edge touching it. Returns false if absent.
    bool removeNode(NodeId id);
    void addEdge(const Edge& edge) { edges_.push_back(edge); }
    bool removeEdge(const Edge& edge);

    const std::vector<Node>& nodes() const { return nodes_; }
    const std::vector<Edge>& edges() const { return edges_; }
    const Node* find(NodeId id) const;
    Node* find(NodeId id);
    const Node* findByName(const std::string& name) const;
    /// The edge feeding input `port` of `node`, if any.
    std::optional<Edge> edgeInto(NodeId node, PortIndex port) const;
    std::vector<Edge> edgesFrom(NodeId node) const;
    /// A name not yet used: base, base_2, base_3...
    std::string uniqueName(const std::string& base) const;
    NodeId nextId() const { return NodeId{nextId_}; }

    bool operator==(const Graph&) const = default;

  private:
    std::vector<Node> nodes_;
    std::vector<Edge> edges_;
    std::int64_t nextId_ = 1;
};

} // namespace miniflow

template <> struct std::hash<miniflow::NodeId> {
    size_t operator()(const miniflow::NodeId& id) const noexcept {
        return std::hash<std::int64_t>{}(id.value);
    }
};
