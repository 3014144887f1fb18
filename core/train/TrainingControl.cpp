#include "train/TrainingControl.h"

namespace miniflow {

void TrainingControl::requestStop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
}

void TrainingControl::setPaused(bool paused) {
    {
        std::lock_guard lock(mutex_);
        paused_ = paused;
        stepCredit_ = 0;
    }
    changed_.notify_all();
}

void TrainingControl::requestSteps(int steps) {
    {
        std::lock_guard lock(mutex_);
        stepCredit_ += steps;
    }
    changed_.notify_all();
}

bool TrainingControl::mayStep() {
    if (!paused_.load())
        return !stop_.load();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stop_ || !paused_ || stepCredit_ > 0; });
    if (stop_)
        return false;
    if (paused_)
        --stepCredit_;
    return true;
}

} // namespace miniflow
