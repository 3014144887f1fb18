#pragma once
#include "graph/Graph.h"

#include <QString>

/// One end of a proposed edge: a node's output (port 0) or one of its inputs.
struct PortRef {
    miniflow::NodeId node;
    miniflow::PortIndex index = 0;
    bool output = false;
    bool operator==(const PortRef&) const = default;
};

/// The answer of checkEdge(): the edge it would make, or why not, in words.
struct EdgeVerdict {
    bool allowed = false;
    miniflow::Edge
        edge; ///< oriented output -> input; meaningful when the ends are an output and an input
    QString reason; ///< empty when allowed
};

/// Decides whether joining ports `a` and `b` (in either order) makes an allowed edge in
/// `graph`: an output joins an input of another node, without closing a cycle
/// ("would make a cycle: Linear_2 -> Sigmoid_1 -> Linear_2") and without a shape
/// mismatch at the target (the message names both shapes and suggests a fix). An
/// occupied input is allowed: the new edge replaces the old one. To check a re-routed
/// edge, pass a graph without it.
EdgeVerdict checkEdge(const miniflow::Graph& graph, const PortRef& a, const PortRef& b);
