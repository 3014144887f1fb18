#pragma once
/// A TrainingObserver that keeps a run (NOTE [Run records]): every step's loss, every
/// epoch's summary, the best epoch's parameters (by the run's bestBy) and, at finish(), the
/// final ones. Runs on the training thread; the file work is a buffered append per step and
/// a flush per epoch (plus a parameter file when the best improves).
#include "io/RunFile.h"
#include "train/Trainer.h"

#include <chrono>
#include <memory>
#include <string>

namespace miniflow {

/// The header of a new run: a fresh id in `folder`, the time now, `name`, the graph file's
/// graph, training and dataset (parameters left out) and its structure hash.
RunRecord newRunRecord(const std::string& folder, const GraphFile& file, const std::string& name,
                       BestBy bestBy = BestBy::ValidationLoss);

class RunRecorder final : public TrainingObserver {
  public:
    /// Writes the header line at once; throws std::runtime_error when it cannot.
    RunRecorder(const std::string& folder, RunRecord run);

    void onStep(const StepReport& report, const Session& session) override;
    void onEpoch(const EpochReport& report, const Session& session) override;
    /// Writes the final parameters (when `session` is given) and the "end" line.
    void finish(const Session* session, RunStatus status, const std::string& message = {});

    /// The run as written so far (status Running until finish()); with keepHistory(false) its
    /// steps are empty and its epochs are the best and the latest only.
    const RunRecord& record() const { return run_; }
    /// Whether record() keeps every step and epoch too (16 bytes a step, ~90 an epoch; the
    /// default). The studio turns it off: it reads the finished run back from the file, and a
    /// run of hours at tens of thousands of steps per second would otherwise grow without
    /// bound. The file gets every step and epoch either way.
    void keepHistory(bool keep) { keepHistory_ = keep; }
    const std::string& path() const { return writer_->path(); }

  private:
    /// True when `epoch` beats the best so far by the run's bestBy.
    bool improves(const RunEpoch& epoch) const;

    RunRecord run_;
    std::unique_ptr<RunWriter> writer_;
    std::chrono::steady_clock::time_point start_;
    long lastStep_ = 0;
    bool keepHistory_ = true;
};

/// Every parameter of the session by node id.
std::map<NodeId, Tensor> sessionParameters(const Session& session);

} // namespace miniflow
