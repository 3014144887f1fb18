#include "app/data/BindDatasetCommand.h"

#include "app/document/GraphDocument.h"

BindDatasetCommand::BindDatasetCommand(GraphDocument* document, std::vector<Change> changes,
                                       QUndoCommand* parent)
    : QUndoCommand(QObject::tr("Fit Inputs to the dataset"), parent), document_(document),
      changes_(std::move(changes)) {}

void BindDatasetCommand::redo() {
    for (const Change& change : changes_)
        document_->setNodeAttributes(change.input, change.after);
}

void BindDatasetCommand::undo() {
    for (const Change& change : changes_)
        document_->setNodeAttributes(change.input, change.before);
}
