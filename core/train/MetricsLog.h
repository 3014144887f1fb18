#pragma once
/// NOTE [Metrics log]
/// The numbers of one training run in the form exports read (metrics CSV, TensorBoard): every
/// step's training loss and every epoch's results, each with the wall time since the run
/// began. MetricsRecorder fills one from the Trainer's reports; a stored run record (or the
/// studio's loss history) can fill one the same way, so every export reads a MetricsLog and
/// never a source of its own.
#include "train/Trainer.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

struct StepMetric {
    long step = 0; ///< 1-based
    int epoch = 0; ///< 1-based
    double loss = 0;
    double wallSeconds = 0; ///< since the run began
};

struct EpochMetric {
    int epoch = 0; ///< 1-based
    long step = 0; ///< the step that ended the epoch
    double trainLoss = 0;
    std::optional<double> trainAccuracy; ///< in [0, 1], classifiers only
    std::optional<double> validationLoss;
    std::optional<double> validationAccuracy; ///< in [0, 1], classifiers only
    double samplesPerSecond = 0;
    double wallSeconds = 0;
};

struct MetricsLog {
    std::string run; ///< a name for the run ("" when there is one run)
    std::vector<StepMetric> steps;
    std::vector<EpochMetric> epochs;
};

/// The epoch's part of an EpochReport, `step` being the step that ended it.
EpochMetric epochMetric(const EpochReport& report, long step, double wallSeconds);

/// Records every step and epoch of a run into a MetricsLog (the training thread calls it).
class MetricsRecorder final : public TrainingObserver {
  public:
    explicit MetricsRecorder(std::string run = {});
    void onStep(const StepReport& report, const Session&) override;
    void onEpoch(const EpochReport& report, const Session&) override;
    const MetricsLog& log() const { return log_; }

  private:
    double elapsed() const;
    MetricsLog log_;
    std::chrono::steady_clock::time_point start_;
    long lastStep_ = 0;
};

/// Passes every report to several observers, in order (the CLI prints, records and writes
/// TensorBoard events from one run).
class ObserverFan final : public TrainingObserver {
  public:
    void add(TrainingObserver* observer) { observers_.push_back(observer); }
    void onStep(const StepReport& report, const Session& session) override;
    void onEpoch(const EpochReport& report, const Session& session) override;

  private:
    std::vector<TrainingObserver*> observers_;
};

} // namespace miniflow
