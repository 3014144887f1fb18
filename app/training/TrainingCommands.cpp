#include "app/training/TrainingCommands.h"

void TrainingCommands::pause() {
    {
        std::lock_guard lock(mutex_);
        paused_ = true;
        stepCredit_ = 0;
    }
    changed_.notify_all();
}

void TrainingCommands::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_ = false;
        stepCredit_ = 0;
    }
    changed_.notify_all();
}

void TrainingCommands::requestStep() {
    {
        std::lock_guard lock(mutex_);
        if (paused_)
            ++stepCredit_;
    }
    changed_.notify_all();
}

void TrainingCommands::stop() {
    {
        std::lock_guard lock(mutex_);
        trainerControl_.requestStop();
    }
    changed_.notify_all();
}

void TrainingCommands::setWatchedEdge(std::optional<miniflow::Edge> edge) {
    {
        std::lock_guard lock(mutex_);
        watched_ = edge;
        ++watchedVersion_;
    }
    changed_.notify_all();
}

void TrainingCommands::setLearningRate(double learningRate) {
    std::lock_guard lock(mutex_);
    learningRate_ = learningRate;
}

void TrainingCommands::setStepsPerSecond(double stepsPerSecond) {
    {
        std::lock_guard lock(mutex_);
        stepsPerSecond_ = stepsPerSecond;
        ++paceVersion_;
    }
    changed_.notify_all();
}

double TrainingCommands::stepsPerSecond() const {
    std::lock_guard lock(mutex_);
    return stepsPerSecond_;
}

void TrainingCommands::acknowledge() {
    {
        std::lock_guard lock(mutex_);
        inFlight_ = false;
        ++acknowledged_;
    }
    changed_.notify_all();
}

void TrainingCommands::noteSent() {
    std::lock_guard lock(mutex_);
    ++sent_;
}

long TrainingCommands::unacknowledged() const {
    std::lock_guard lock(mutex_);
    return sent_ - acknowledged_;
}

TrainingCommands::Gate TrainingCommands::nextGate() {
    std::lock_guard lock(mutex_);
    if (trainerControl_.stopRequested())
        return Gate::Stop;
    if (!paused_)
        return Gate::Run;
    if (stepCredit_ == 0)
        return Gate::Hold;
    --stepCredit_;
    return Gate::StepOnce;
}

void TrainingCommands::waitForCommand(std::uint64_t sentWatchedVersion) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
        return trainerControl_.stopRequested() || !paused_ || stepCredit_ > 0 ||
               (watchedVersion_ != sentWatchedVersion && !inFlight_);
    });
}

void TrainingCommands::waitUntilSendable() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return trainerControl_.stopRequested() || !inFlight_; });
    inFlight_ = true;
}

bool TrainingCommands::trySend() {
    std::lock_guard lock(mutex_);
    if (inFlight_)
        return false;
    inFlight_ = true;
    return true;
}

std::optional<miniflow::Edge> TrainingCommands::watchedEdge() const {
    std::lock_guard lock(mutex_);
    return watched_;
}

std::uint64_t TrainingCommands::watchedVersion() const {
    std::lock_guard lock(mutex_);
    return watchedVersion_;
}

std::optional<double> TrainingCommands::takeLearningRate() {
    std::lock_guard lock(mutex_);
    return std::exchange(learningRate_, std::nullopt);
}

void TrainingCommands::setParametersWanted(bool wanted) {
    std::lock_guard lock(mutex_);
    parametersWanted_ = wanted;
}

bool TrainingCommands::parametersWanted() const {
    std::lock_guard lock(mutex_);
    return parametersWanted_;
}
