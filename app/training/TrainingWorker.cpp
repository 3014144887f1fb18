#include "app/training/TrainingWorker.h"

#include "app/training/TrainingCommands.h"
#include "autograd/MemoryNeeds.h"
#include "inspect/GradientSummary.h"
#include "io/DataSource.h"
#include "io/StoredParameters.h"

#include <algorithm>

using miniflow::NodeId;
using miniflow::Session;

TrainingWorker::TrainingWorker(TrainingRequest request, std::shared_ptr<TrainingCommands> commands,
                               std::shared_ptr<WorkerOutbox> outbox)
    : request_(std::move(request)), commands_(std::move(commands)), outbox_(std::move(outbox)),
      lastStep_(request_.stepOffset) {}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run() {
    try {
        trainer_ = prepare();
    } catch (const miniflow::GraphError& e) {
        const NodeId node = e.diagnostics.empty() || e.diagnostics.front().nodes.empty()
                                ? NodeId{}
                                : e.diagnostics.front().nodes.front();
        fail(QString::fromStdString(e.what()), node);
        return;
    } catch (const miniflow::MemoryError& e) { // NOTE [Memory before allocation]
        fail(QString::fromStdString(e.what()), e.node);
        return;
    } catch (const std::exception& e) {
        fail(QString::fromStdString(e.what()), NodeId{});
        return;
    }
    endRun(trainer_ ? train() : TrainingState::Stopped);
}

std::unique_ptr<miniflow::Trainer> TrainingWorker::prepare() {
    const miniflow::GraphFile& file = request_.file;
    miniflow::Plan plan = miniflow::Plan::build(file.graph, miniflow::PlanPurpose::Training);
    miniflow::TrainingData data = miniflow::loadTrainingData(file.dataset, request_.baseFolder);
    if (commands_->stopRequested())
        return nullptr;
    batchRows_ = static_cast<long>(std::min(file.training.batchSize, data.train.size()));
    // Data of another width than the graph's Input: the Trainer says so; no boundary then (its
    // grid reads two feature columns; the GUI monkey found the overflow, seed 1013).
    if (miniflow::DecisionBoundary::applies(plan) && data.train.features.cols() == 2)
        boundary_ = std::make_unique<miniflow::DecisionBoundary>(plan, data.train);
    auto trainer =
        std::make_unique<miniflow::Trainer>(std::move(plan), file.training, std::move(data));
    miniflow::restoreParameters(trainer->session(), request_.file);
    if (!request_.tensorboardFolder.empty())
        tensorboard_ = std::make_unique<miniflow::TensorBoardLog>(request_.tensorboardFolder);
    if (request_.run) {
        try {
            recorder_ = std::make_unique<miniflow::RunRecorder>(request_.runsFolder, *request_.run);
            recorder_->keepHistory(false); // the file has it; RunStore reads it back at the end
        } catch (const std::exception&) {
            // The run trains anyway; the Runs panel says the file could not be read back.
        }
    }
    return trainer;
}

TrainingState TrainingWorker::train() {
    lastSent_ = Clock::now();
    lastCheckpoint_ = lastSent_;
    gate(trainer_->session());
    try {
        // Epoch by epoch rather than Trainer::run, which keeps every EpochReport: runs of
        // tiny epochs would grow without bound (the soak test found it).
        while (trainer_->epochsDone() < trainer_->config().epochs &&
               trainer_->runEpoch(this, &commands_->trainerControl())) {
        }
    } catch (const miniflow::NonFiniteError& e) {
        failure_ = e.what();
        post(WorkerFailure{QString::fromStdString(e.what()), e.node});
        return TrainingState::Failed;
    } catch (const std::exception& e) {
        failure_ = e.what();
        post(WorkerFailure{QString::fromStdString(e.what()), NodeId{}});
        return TrainingState::Failed;
    }
    return commands_->stopRequested() ? TrainingState::Stopped : TrainingState::Finished;
}

void TrainingWorker::onStep(const miniflow::StepReport& report, const Session& session) {
    if (recorder_)
        record([&] { recorder_->onStep(report, session); });
    lastStep_ = report.step + request_.stepOffset;
    pendingLosses_.push_back({lastStep_, report.epoch + request_.epochOffset, report.loss});
    if (!startLoss_)
        startLoss_ = report.loss;
    if (tensorboard_) {
        miniflow::StepReport numbered = report; // numbering continues across runs
        numbered.step = lastStep_;
        tensorboard_->onStep(numbered, session);
    }
    noteStepEnd();
    gate(session);
}

void TrainingWorker::noteStepEnd() {
    if (!nextStepRunning_) {
        rateWindow_.clear();
        return;
    }
    const Clock::time_point now = Clock::now();
    rateWindow_.emplace_back(now, batchRows_);
    while (rateWindow_.size() > 2 && now - rateWindow_[1].first > kRateWindow)
        rateWindow_.pop_front();
}

std::optional<double> TrainingWorker::samplesPerSecond() const {
    if (rateWindow_.size() < 2)
        return std::nullopt;
    const double seconds =
        std::chrono::duration<double>(rateWindow_.back().first - rateWindow_.front().first).count();
    if (!(seconds > 0))
        return std::nullopt;
    long samples = 0;
    for (size_t i = 1; i < rateWindow_.size(); ++i)
        samples += rateWindow_[i].second;
    return static_cast<double>(samples) / seconds;
}

void TrainingWorker::onEpoch(const miniflow::EpochReport& report, const Session& session) {
    if (recorder_)
        record([&] { recorder_->onEpoch(report, session); });
    auto parameters = std::make_shared<std::map<NodeId, miniflow::Tensor>>();
    for (NodeId id : session.parameterIds())
        parameters->emplace(id, session.value(id));
    epochParameters_ = std::move(parameters);
    EpochPoint point{report.epoch + request_.epochOffset, report.trainLoss, std::nullopt,
                     std::nullopt, report.trainAccuracy};
    if (report.validation) {
        point.validationLoss = report.validation->loss;
        point.validationAccuracy = report.validation->accuracy;
    }
    pendingEpochs_.push_back(point);
    if (tensorboard_)
        tensorboard_->onEpoch(report, session);
}

void TrainingWorker::gate(const Session& session) {
    if (const auto rate = commands_->takeLearningRate())
        trainer_->optimizer().setLearningRate(*rate);
    bool flushed = false;
    for (;;) {
        switch (commands_->nextGate()) {
        case TrainingCommands::Gate::Stop:
        case TrainingCommands::Gate::StepOnce:
            nextStepRunning_ = false;
            return;
        case TrainingCommands::Gate::Run:
            nextStepRunning_ = true;
            if (std::exchange(pausedAnnounced_, false)) {
                rateWindow_.clear();        // the pause does not count in samples per second
                nextStepAt_ = Clock::now(); // nor in the pace: the next step goes at once
                post(TrainingState::Running);
            }
            sendIfDue(session);
            checkpointIfDue(session);
            if (waitForPace())
                break; // woke up: obey what may have changed, then look at the pace again
            return;
        case TrainingCommands::Gate::Hold:
            hold(session, flushed);
            break;
        }
    }
}

/// NOTE [Training pace]: steps start at most every 1/pace seconds, on a schedule that
/// catches up one late step but not a long stall (an epoch's evaluation, a busy machine).
/// Waits at most one snapshot interval at a time, so snapshots keep their rhythm.
bool TrainingWorker::waitForPace() {
    const double pace = commands_->stepsPerSecond();
    const Clock::time_point now = Clock::now();
    if (pace != pace_) {
        pace_ = pace; // a new pace counts from now
        nextStepAt_ = now;
    }
    if (pace <= 0)
        return false;
    if (now < nextStepAt_) {
        commands_->waitForPace(std::min(nextStepAt_, now + kSnapshotInterval));
        return true;
    }
    const auto period =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / pace));
    nextStepAt_ = now - nextStepAt_ > period ? now + period : nextStepAt_ + period;
    return false;
}

void TrainingWorker::hold(const Session& session, bool& flushed) {
    if (!flushed) {
        commands_->waitUntilSendable();
        send(session, false);
        sendParameters(session);
        post(TrainingState::Paused);
        pausedAnnounced_ = true;
        flushed = true;
    } else if (commands_->watchedVersion() != sentWatchedVersion_ && commands_->trySend()) {
        send(session, false);
    }
    commands_->waitForCommand(sentWatchedVersion_);
}

void TrainingWorker::sendIfDue(const Session& session) {
    const bool news = !pendingLosses_.empty() || !pendingEpochs_.empty();
    if (!news || Clock::now() - lastSent_ < snapshotGap_ || !commands_->trySend())
        return;
    send(session, false);
}

void TrainingWorker::send(const Session& session, bool final) {
    commands_->noteSent();
    post(takeSnapshot(session, final));
}

TrainingSnapshot TrainingWorker::takeSnapshot(const Session& session, bool final) {
    const Clock::time_point now = Clock::now();
    TrainingSnapshot snapshot;
    std::optional<double> meanLoss;
    if (!pendingLosses_.empty()) {
        double sum = 0;
        for (const LossPoint& p : pendingLosses_)
            sum += p.loss;
        meanLoss = sum / static_cast<double>(pendingLosses_.size());
    }
    snapshot.losses = std::exchange(pendingLosses_, {});
    snapshot.epochParameters = std::exchange(epochParameters_, nullptr);
    snapshot.epochs = std::exchange(pendingEpochs_, {});
    snapshot.final = final;
    addEdgeGradients(session, snapshot);
    addHealth(session, snapshot);
    snapshot.health.loss = meanLoss;
    snapshot.health.startLoss = startLoss_;
    addBoundary(session, snapshot);
    addLiveParameters(session, snapshot);
    snapshot.step = lastStep_;
    snapshot.epoch = trainer_->epochsDone() + request_.epochOffset;
    snapshot.learningRate = trainer_->optimizer().learningRate();
    snapshot.samplesPerSecond = samplesPerSecond();
    lastSent_ = now;
    snapshotGap_ = std::clamp<Clock::duration>((Clock::now() - now) * kSnapshotCostFactor,
                                               kSnapshotInterval, kMaxSnapshotGap);
    return snapshot;
}

/// Summaries for every edge training computes a gradient for (edges with nothing trainable
/// upstream have none, see GradientScope) and the watched edge's tensor; nothing before the
/// first step, when no gradient exists yet.
void TrainingWorker::addEdgeGradients(const Session& session, TrainingSnapshot& snapshot) {
    sentWatchedVersion_ = commands_->watchedVersion();
    snapshot.watchedEdge = commands_->watchedEdge();
    if (trainer_->stepsDone() == 0)
        return;
    snapshot.edgeGradients = miniflow::summarizeEdgeGradients(session);
    snapshot.nodeValues = miniflow::summarizeEdgeSources(session);
    if (!snapshot.watchedEdge)
        return;
    const int watched = session.plan().edgeIndex(*snapshot.watchedEdge);
    if (watched >= 0 && session.hasEdgeGradient(watched))
        snapshot.watchedGradient = session.edgeGradient(watched);
}

/// NOTE [Gradient health]: measured here, at snapshot time only; the one-step update ratio
/// is the latest step's, read from the Trainer's double buffer (no copy).
void TrainingWorker::addHealth(const Session& session, TrainingSnapshot& snapshot) {
    if (trainer_->stepsDone() == 0)
        return;
    snapshot.health = miniflow::measureHealth(session, lastStep_);
    snapshot.health.learningRate = trainer_->optimizer().learningRate();
    const std::vector<miniflow::Tensor>* before = trainer_->valuesBeforeLastUpdate();
    if (!before)
        return;
    const std::map<NodeId, double> ratios = miniflow::measureUpdateRatios(session, *before);
    for (miniflow::ParameterStats& p : snapshot.health.parameters)
        if (const auto found = ratios.find(p.node); found != ratios.end())
            p.updateRatio = found->second;
}

void TrainingWorker::addBoundary(const Session& session, TrainingSnapshot& snapshot) {
    const Clock::time_point now = Clock::now();
    if (!boundary_ || (now - lastBoundary_ < kBoundaryInterval && !snapshot.final))
        return;
    lastBoundary_ = now;
    snapshot.boundary =
        std::make_shared<const miniflow::BoundaryMap>(boundary_->evaluate(session, lastStep_));
}

/// A copy of every Parameter (LeNet: ~60k floats, ~0.1 ms), only when a view wants them.
/// A paused or final snapshot always carries them: the view then shows the held model.
void TrainingWorker::addLiveParameters(const Session& session, TrainingSnapshot& snapshot) {
    const Clock::time_point now = Clock::now();
    const bool due = now - lastLiveParameters_ >= kLiveParametersInterval || snapshot.final ||
                     pausedAnnounced_ || !nextStepRunning_;
    if (!commands_->parametersWanted() || trainer_->stepsDone() == 0 || !due)
        return;
    lastLiveParameters_ = now;
    auto parameters = std::make_shared<std::map<NodeId, miniflow::Tensor>>();
    for (NodeId id : session.parameterIds())
        parameters->emplace(id, session.value(id));
    snapshot.liveParameters = std::move(parameters);
}

void TrainingWorker::sendParameters(const Session& session) {
    ParameterMap parameters;
    for (NodeId id : session.parameterIds())
        parameters.emplace(id, session.value(id));
    post(std::move(parameters));
}

void TrainingWorker::checkpointIfDue(const Session& session) {
    const auto interval = request_.checkpointInterval;
    if (interval.count() <= 0 || trainer_->stepsDone() == 0 ||
        Clock::now() - lastCheckpoint_ < interval)
        return;
    lastCheckpoint_ = Clock::now();
    sendParameters(session);
}

void TrainingWorker::record(const std::function<void()>& write) {
    try {
        write();
    } catch (const std::exception&) {
        // A full disk: training goes on; the run's file ends here (it reads as interrupted).
        recorder_.reset();
    }
}

void TrainingWorker::endRun(TrainingState state) {
    if (recorder_) {
        const miniflow::RunStatus status =
            state == TrainingState::Finished ? miniflow::RunStatus::Finished
            : state == TrainingState::Failed ? miniflow::RunStatus::Failed
                                             : miniflow::RunStatus::Stopped;
        record([&] {
            recorder_->finish(trainer_ ? &trainer_->session() : nullptr, status, failure_);
        });
        recorder_.reset();
    }
    if (trainer_) {
        commands_->waitUntilSendable();
        send(trainer_->session(), true);
        sendParameters(trainer_->session());
    }
    post(state);
    emit runEnded();
}

void TrainingWorker::fail(const QString& message, NodeId node) {
    post(WorkerFailure{message, node});
    endRun(TrainingState::Failed);
}

void TrainingWorker::post(WorkerMessage message) {
    outbox_->post(std::move(message));
    emit messagePosted();
}
