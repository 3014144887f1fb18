#pragma once
#include "app/document/GraphCommand.h"
#include "train/TrainingConfig.h"

/// Changes the training settings (optimizer, learning rate...): undoable, marks the
/// document modified, allowed while training.
class SetTrainingConfigCommand : public GraphCommand {
  public:
    SetTrainingConfigCommand(GraphDocument* document, const miniflow::TrainingConfig& config,
                             QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    miniflow::TrainingConfig before_;
    miniflow::TrainingConfig after_;
};
