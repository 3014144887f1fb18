#include "app/document/DeleteSelectionCommand.h"

#include "app/document/GraphDocument.h"

#include <algorithm>

using miniflow::Edge;
using miniflow::NodeId;

DeleteSelectionCommand::DeleteSelectionCommand(GraphDocument* document,
                                               const std::vector<NodeId>& nodes,
                                               const std::vector<Edge>& edges, QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Delete"), true, parent) {
    const miniflow::Graph& graph = document->graph();
    const auto deleted = [&](NodeId id) {
        return std::find(nodes.begin(), nodes.end(), id) != nodes.end();
    };
    for (size_t i = 0; i < graph.nodes().size(); ++i) {
        const miniflow::Node& n = graph.nodes()[i];
        if (!deleted(n.id))
            continue;
        nodes_.emplace_back(static_cast<int>(i), n);
        if (auto value = document->parameter(n.id))
            trained_[n.id] = *value;
    }
    for (size_t i = 0; i < graph.edges().size(); ++i) {
        const Edge& e = graph.edges()[i];
        if (deleted(e.from) || deleted(e.to) ||
            std::find(edges.begin(), edges.end(), e) != edges.end())
            edges_.emplace_back(static_cast<int>(i), e);
    }
    setText(
        QObject::tr("Delete %n item(s)", nullptr, static_cast<int>(nodes_.size() + edges_.size())));
}

void DeleteSelectionCommand::redo() {
    for (const auto& [index, edge] : edges_)
        document()->eraseEdge(edge);
    for (const auto& [index, node] : nodes_)
        document()->eraseNode(node.id);
}

/// Ascending inserts at the original indices rebuild the original order exactly.
void DeleteSelectionCommand::undo() {
    for (const auto& [index, node] : nodes_)
        document()->insertNode(node, index);
    for (const auto& [index, edge] : edges_)
        document()->insertEdge(edge, index);
    for (const auto& [id, value] : trained_)
        document()->restoreParameter(id, value);
}
