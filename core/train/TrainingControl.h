#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace miniflow {

/// Pause / single step / stop, requested from any thread, obeyed by the Trainer between
/// steps (so within one step's time).
class TrainingControl {
  public:
    void requestStop();
    void setPaused(bool paused);
    /// While paused: run `steps` more steps, then hold again.
    void requestSteps(int steps);
    bool stopRequested() const { return stop_.load(); }
    bool paused() const { return paused_.load(); }

    /// Called by the Trainer before each step: blocks while paused (no step credit) and
    /// returns false when training should end.
    bool mayStep();

  private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    int stepCredit_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
};

} // namespace miniflow
