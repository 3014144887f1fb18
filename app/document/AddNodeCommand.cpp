#include "app/document/AddNodeCommand.h"

#include "app/document/GraphDocument.h"

AddNodeCommand::AddNodeCommand(GraphDocument* document, miniflow::Node node, QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Add %1").arg(QString::fromStdString(node.name)), true,
                   parent),
      node_(std::move(node)) {}

void AddNodeCommand::redo() {
    document()->insertNode(node_);
}

void AddNodeCommand::undo() {
    document()->eraseNode(node_.id);
}
