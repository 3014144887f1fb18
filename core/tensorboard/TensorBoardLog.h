#pragma once
/// A training run as TensorBoard events (NOTE [TensorBoard events]), written on the training
/// thread:
///   every step        loss/train (the step's training loss)
///   every epoch end   loss/epoch_train, loss/validation, accuracy/train, accuracy/validation
///                     (accuracies as fractions in [0, 1]; classifiers only; validation only
///                     when there is validation data), histograms parameters/NAME of every
///                     Parameter and gradients/FROM->TO.PORT of every edge that has a gradient
/// The x axis ("step") is the global step; epoch values sit at the step that ended the epoch.
/// Per-edge gradients need a session whose gradient scope is GradientScope::AllEdges; under
/// TrainableOnly only the edges training needs have one.
#include "tensorboard/EventFile.h"
#include "train/Trainer.h"

#include <string>

namespace miniflow {

class TensorBoardLog final : public TrainingObserver {
  public:
    /// Opens a new event file in `folder` (see EventFile).
    explicit TensorBoardLog(const std::string& folder);
    void onStep(const StepReport& report, const Session& session) override;
    void onEpoch(const EpochReport& report, const Session& session) override;
    const std::string& path() const { return events_.path(); }

  private:
    EventFile events_;
    long lastStep_ = 0;
};

} // namespace miniflow
