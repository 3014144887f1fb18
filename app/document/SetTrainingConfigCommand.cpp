#include "app/document/SetTrainingConfigCommand.h"

#include "app/document/GraphDocument.h"

SetTrainingConfigCommand::SetTrainingConfigCommand(GraphDocument* document,
                                                   const miniflow::TrainingConfig& config,
                                                   QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Change training settings"), false, parent),
      before_(document->file().training), after_(config) {}

void SetTrainingConfigCommand::redo() {
    document()->setTrainingConfig(after_);
}

void SetTrainingConfigCommand::undo() {
    document()->setTrainingConfig(before_);
}
