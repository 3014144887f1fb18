#include "app/document/AddEdgeCommand.h"

#include "app/document/GraphDocument.h"

AddEdgeCommand::AddEdgeCommand(GraphDocument* document, const miniflow::Edge& edge,
                               QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Connect"), true, parent), edge_(edge) {}

void AddEdgeCommand::redo() {
    if (!resolved_) {
        replaced_ = document()->graph().edgeInto(edge_.to, edge_.toPort);
        resolved_ = true;
    }
    if (replaced_) {
        replacedIndex_ = document()->edgeIndex(*replaced_);
        document()->eraseEdge(*replaced_);
    }
    document()->insertEdge(edge_);
}

void AddEdgeCommand::undo() {
    document()->eraseEdge(edge_);
    if (replaced_)
        document()->insertEdge(*replaced_, replacedIndex_);
}
