#include "app/document/RenameNodeCommand.h"

#include "app/document/GraphDocument.h"

RenameNodeCommand::RenameNodeCommand(GraphDocument* document, miniflow::NodeId id, std::string name,
                                     QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Rename to %1").arg(QString::fromStdString(name)), false,
                   parent),
      id_(id), before_(document->graph().find(id)->name), after_(std::move(name)) {}

void RenameNodeCommand::redo() {
    document()->setNodeName(id_, after_);
}

void RenameNodeCommand::undo() {
    document()->setNodeName(id_, before_);
}
