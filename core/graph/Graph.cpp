#include "graph/Graph.h"

#include <algorithm>

namespace miniflow {

NodeId Graph::addNode(Node node) {
    if (!node.id.valid())
        node.id = NodeId{nextId_};
    nextId_ = std::max(nextId_, node.id.value + 1);
    nodes_.push_back(std::move(node));
    return nodes_.back().id;
}

bool Graph::removeNode(NodeId id) {
    const auto it =
        std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& n) { return n.id == id; });
    if (it == nodes_.end())
        return false;
    nodes_.erase(it);
    std::erase_if(edges_, [&](const Edge& e) { return e.from == id || e.to == id; });
    return true;
}

bool Graph::removeEdge(const Edge& edge) {
    return std::erase(edges_, edge) > 0;
}

const Node* Graph::find(NodeId id) const {
    for (const Node& n : nodes_)
        if (n.id == id)
            return &n;
    return nullptr;
}

Node* Graph::find(NodeId id) {
    return const_cast<Node*>(static_cast<const Graph*>(this)->find(id));
}

const Node* Graph::findByName(const std::string& name) const {
    for (const Node& n : nodes_)
        if (n.name == name)
            return &n;
    return nullptr;
}

std::optional<Edge> Graph::edgeInto(NodeId node, PortIndex port) const {
    for (const Edge& e : edges_)
        if (e.to == node && e.toPort == port)
            return e;
    return std::nullopt;
}

std::vector<Edge> Graph::edgesFrom(NodeId node) const {
    std::vector<Edge> out;
    for (const Edge& e : edges_)
        if (e.from == node)
            out.push_back(e);
    return out;
}

std::string Graph::uniqueName(const std::string& base) const {
    if (!findByName(base))
        return base;
    for (int i = 2;; ++i) {
        std::string candidate = base + "_" + std::to_string(i);
        if (!findByName(candidate))
            return candidate;
    }
}

} // namespace miniflow
