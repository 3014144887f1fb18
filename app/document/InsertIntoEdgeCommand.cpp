#include "app/document/InsertIntoEdgeCommand.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/RemoveEdgeCommand.h"

InsertIntoEdgeCommand::InsertIntoEdgeCommand(GraphDocument* document, const miniflow::Node& node,
                                             const miniflow::Edge& edge, QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Insert %1").arg(QString::fromStdString(node.name)), true,
                   parent) {
    const auto [in, out] = split(edge, node.id);
    new RemoveEdgeCommand(document, edge, this);
    new AddNodeCommand(document, node, this);
    new AddEdgeCommand(document, in, this);
    new AddEdgeCommand(document, out, this);
}

std::pair<miniflow::Edge, miniflow::Edge> InsertIntoEdgeCommand::split(const miniflow::Edge& edge,
                                                                       miniflow::NodeId node) {
    return {{edge.from, edge.fromPort, node, 0}, {node, 0, edge.to, edge.toPort}};
}
