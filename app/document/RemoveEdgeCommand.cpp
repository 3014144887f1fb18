#include "app/document/RemoveEdgeCommand.h"

#include "app/document/GraphDocument.h"

RemoveEdgeCommand::RemoveEdgeCommand(GraphDocument* document, const miniflow::Edge& edge,
                                     QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Disconnect"), true, parent), edge_(edge) {}

void RemoveEdgeCommand::redo() {
    index_ = document()->edgeIndex(edge_);
    document()->eraseEdge(edge_);
}

void RemoveEdgeCommand::undo() {
    document()->insertEdge(edge_, index_);
}
