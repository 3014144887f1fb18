#pragma once
/// NOTE [Worker commands]
/// The GUI thread steers a running TrainingWorker through one TrainingCommands object that
/// both sides share (std::shared_ptr): pause, resume, single steps, stop, the watched edge,
/// a learning-rate change, the pace (NOTE [Training pace]), whether views want the live
/// parameters (NOTE [Live parameters]) and the acknowledgement of the snapshot in flight. Every
/// member is thread-safe; the GUI side never blocks on it (each call takes a short lock), and the
/// worker blocks only in the wait*() calls, which stop() always ends. The worker reads it
/// between two training steps, so a command takes effect within one step (~µs..ms).
#include "graph/Graph.h"
#include "train/TrainingControl.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

class TrainingCommands {
  public:
    /// What the worker should do before its next step.
    enum class Gate {
        Stop,     ///< end the run
        Run,      ///< keep training
        StepOnce, ///< paused, but one step was requested (the credit is consumed)
        Hold,     ///< paused: wait for a command
    };

    // GUI thread side.
    void pause();
    void resume();
    /// While paused: one more step, then hold again.
    void requestStep();
    void stop();
    void setWatchedEdge(std::optional<miniflow::Edge> edge);
    void setLearningRate(double learningRate);
    /// Steps per second, 0 = max (NOTE [Training pace]); wakes a worker waiting for its pace.
    void setStepsPerSecond(double stepsPerSecond);
    /// The GUI has handled the snapshot in flight; the worker may send the next one.
    void acknowledge();
    /// Some view shows parameters or probes the model live (NOTE [Live parameters]).
    void setParametersWanted(bool wanted);

    // Worker thread side.
    /// Decides the next move; consumes one step credit for StepOnce.
    Gate nextGate();
    /// Blocks while paused with nothing to do: returns on resume, step, stop, or when a
    /// watched edge newer than `sentWatchedVersion` can be sent (no snapshot in flight).
    void waitForCommand(std::uint64_t sentWatchedVersion);
    /// Blocks until no snapshot is in flight (or stop); then marks the next one in flight.
    void waitUntilSendable();
    /// True when no snapshot is in flight; then marks the next one in flight.
    bool trySend();
    std::optional<miniflow::Edge> watchedEdge() const;
    /// Incremented by each setWatchedEdge().
    std::uint64_t watchedVersion() const;
    /// A learning rate set since the last call, once.
    std::optional<double> takeLearningRate();
    double stepsPerSecond() const;
    bool parametersWanted() const;
    /// Blocks until `deadline`, or earlier on stop, pause, a step request or a new pace.
    template <class TimePoint> void waitForPace(TimePoint deadline) {
        std::unique_lock lock(mutex_);
        const std::uint64_t version = paceVersion_;
        changed_.wait_until(lock, deadline, [&] {
            return trainerControl_.stopRequested() || paused_ || paceVersion_ != version;
        });
    }
    /// The worker emitted a snapshot (counted for unacknowledged()).
    void noteSent();
    /// Snapshots emitted minus those acknowledged: what waits in the GUI's event queue.
    long unacknowledged() const;
    /// Stop requests reach the Trainer through this (Trainer::run's control).
    miniflow::TrainingControl& trainerControl() { return trainerControl_; }
    bool stopRequested() const { return trainerControl_.stopRequested(); }

  private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    miniflow::TrainingControl trainerControl_;
    bool paused_ = false;
    int stepCredit_ = 0;
    bool inFlight_ = false;
    long sent_ = 0;         ///< snapshots emitted so far
    long acknowledged_ = 0; ///< acknowledge() calls so far
    std::optional<miniflow::Edge> watched_;
    std::uint64_t watchedVersion_ = 0;
    std::optional<double> learningRate_;
    double stepsPerSecond_ = 0;
    std::uint64_t paceVersion_ = 0;
    bool parametersWanted_ = false;
};
