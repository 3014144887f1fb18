#include "app/training/TrainingController.h"

#include "app/data/DataFolder.h"
#include "app/document/GraphDocument.h"
#include "app/runs/RunStore.h"
#include "app/training/TrainingCommands.h"
#include "app/training/TrainingPace.h"
#include "app/training/TrainingWorker.h"

#include <QThread>

TrainingController::TrainingController(GraphDocument* document, QObject* parent)
    : QObject(parent), document_(document) {
    qRegisterMetaType<TrainingSnapshot>();
    qRegisterMetaType<TrainingState>();
    qRegisterMetaType<miniflow::NodeId>();
    // A new document makes the run meaningless: drop it, keep the new file's parameters.
    connect(document_, &GraphDocument::graphReplaced, this, [this] {
        discardRun();
        stepsDone_ = 0;
        epochsDone_ = 0;
        paceChosen_ = false;
        followDefaultPace();
        setState(TrainingState::Idle);
    });
    connect(document_, &GraphDocument::trainingConfigChanged, this,
            &TrainingController::forwardLearningRate);
    // A graph built by hand gets its Inputs bound (or resized) after it was created.
    connect(document_, &GraphDocument::datasetChanged, this,
            &TrainingController::followDefaultPace);
    connect(document_, &GraphDocument::nodeChanged, this, &TrainingController::followDefaultPace);
    connect(document_, &GraphDocument::nodeAdded, this, &TrainingController::followDefaultPace);
    followDefaultPace();
}

TrainingController::~TrainingController() {
    ++generation_;
    if (commands_)
        commands_->stop();
    for (const QPointer<QThread>& thread : threads_) {
        if (!thread)
            continue;
        thread->quit();
        thread->wait();
    }
}

void TrainingController::train() {
    if (commands_)
        commands_->resume();
    else if (!startCheck_ || startCheck_())
        startRun(false);
}

void TrainingController::pause() {
    if (commands_)
        commands_->pause();
}

void TrainingController::step() {
    if (commands_)
        commands_->requestStep();
    else if (!startCheck_ || startCheck_())
        startRun(true);
}

void TrainingController::stop() {
    if (commands_)
        commands_->stop();
}

void TrainingController::reset() {
    discardRun();
    stepsDone_ = 0;
    epochsDone_ = 0;
    if (!document_->file().parameters.empty())
        document_->setParameters({});
    setState(TrainingState::Idle);
}

void TrainingController::trainDetached(const miniflow::GraphFile& file, const QString& name) {
    discardRun();
    stepsDone_ = 0;
    epochsDone_ = 0;
    setState(TrainingState::Idle); // views forget the previous run's curves
    startRun(false, &file, name);
}

int TrainingController::restoreParameters(
    const std::map<miniflow::NodeId, miniflow::Tensor>& parameters) {
    discardRun();
    std::map<miniflow::NodeId, miniflow::Tensor> fitting;
    const std::map<miniflow::NodeId, miniflow::Tensor>& current = document_->file().parameters;
    for (const auto& [id, value] : parameters) {
        const miniflow::Node* node = document_->graph().find(id);
        if (!node || !node->attributes.is_object())
            continue;
        const auto existing = current.find(id);
        const bool sameShape =
            existing != current.end()
                ? existing->second.rows() == value.rows() && existing->second.cols() == value.cols()
                : node->attributes.value("rows", -1) == value.rows() &&
                      node->attributes.value("cols", -1) == value.cols();
        if (sameShape)
            fitting.emplace(id, value);
    }
    // The next run continues from them, numbering from 1 like a new run.
    stepsDone_ = 0;
    epochsDone_ = 0;
    setState(TrainingState::Idle);
    document_->setParameters(fitting);
    emit parametersStored();
    return static_cast<int>(fitting.size());
}

long TrainingController::snapshotBacklog() const {
    return commands_ ? commands_->unacknowledged() : 0;
}

void TrainingController::setWatchedEdge(const miniflow::Edge& edge) {
    watched_ = edge;
    if (commands_)
        commands_->setWatchedEdge(edge);
}

void TrainingController::clearWatchedEdge() {
    watched_.reset();
    if (commands_)
        commands_->setWatchedEdge(std::nullopt);
}

void TrainingController::setParametersWanted(const QObject* view, bool wanted) {
    if (wanted && parameterViews_.insert(view).second)
        connect(view, &QObject::destroyed, this,
                [this, view] { setParametersWanted(view, false); });
    else if (!wanted)
        parameterViews_.erase(view);
    if (commands_)
        commands_->setParametersWanted(parametersWanted());
}

void TrainingController::forwardLearningRate() {
    const double rate = document_->file().training.learningRate;
    if (!commands_ || rate == runLearningRate_)
        return;
    runLearningRate_ = rate;
    commands_->setLearningRate(rate);
}

void TrainingController::setStepsPerSecond(double stepsPerSecond) {
    paceChosen_ = true;
    applyPace(stepsPerSecond);
}

void TrainingController::followDefaultPace() {
    if (!paceChosen_)
        applyPace(TrainingPace::defaultFor(document_->file()));
}

void TrainingController::applyPace(double stepsPerSecond) {
    if (stepsPerSecond == stepsPerSecond_)
        return;
    stepsPerSecond_ = stepsPerSecond;
    if (commands_)
        commands_->setStepsPerSecond(stepsPerSecond_);
    emit stepsPerSecondChanged(stepsPerSecond_);
}

/// One thread per run: the worker's run() executes inside QThread::started, quits the
/// thread when it returns, and both objects delete themselves once the thread finished.
void TrainingController::startRun(bool paused, const miniflow::GraphFile* detached,
                                  const QString& name) {
    if (detached_ && !detached) { // after a sweep point, the document's run starts afresh
        stepsDone_ = 0;
        epochsDone_ = 0;
    }
    TrainingRequest request{detached ? *detached : document_->file(),
                            dataBaseFolder(document_->path()).toStdString(),
                            stepsDone_,
                            epochsDone_,
                            checkpointInterval_,
                            tensorboardFolder_.toStdString(),
                            std::nullopt,
                            {}};
    detached_ = detached != nullptr;
    if (runStore_) {
        request.run = runStore_->beginRun(request.file, name, stepsDone_, epochsDone_);
        request.runsFolder = runStore_->folder().toStdString();
    }
    commands_ = std::make_shared<TrainingCommands>();
    commands_->setWatchedEdge(watched_);
    commands_->setParametersWanted(parametersWanted());
    // Sweep points train at full speed: they are compared, not watched step by step.
    commands_->setStepsPerSecond(detached ? TrainingPace::kMax : stepsPerSecond_);
    runLearningRate_ = request.file.training.learningRate;
    if (paused) {
        commands_->pause();
        commands_->requestStep();
    }
    const QString runId = request.run ? QString::fromStdString(request.run->id) : QString();
    thread_ = new QThread(this);
    auto outbox = std::make_shared<WorkerOutbox>();
    worker_ = new TrainingWorker(std::move(request), commands_, outbox);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::started, worker_, &TrainingWorker::run);
    connect(worker_, &TrainingWorker::runEnded, thread_, &QThread::quit, Qt::DirectConnection);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(thread_, &QThread::finished, thread_, &QObject::deleteLater);
    if (!runId.isEmpty())
        connect(thread_, &QThread::finished, this, [this, runId] { emit runClosed(runId); });
    connectWorker(worker_, std::move(outbox));
    std::erase_if(threads_, [](const QPointer<QThread>& t) { return t.isNull(); });
    threads_.emplace_back(thread_);
    document_->setStructureLocked(true, tr("Training is running: stop it to edit the graph"));
    setState(paused ? TrainingState::Paused : TrainingState::Running);
    thread_->start();
}

/// Each messagePosted() takes one message from the run's outbox, in the order the worker
/// posted them; messages of a discarded run are taken and dropped.
void TrainingController::connectWorker(TrainingWorker* worker,
                                       std::shared_ptr<WorkerOutbox> outbox) {
    const int generation = ++generation_;
    connect(worker, &TrainingWorker::messagePosted, this, [this, generation, outbox] {
        const std::optional<WorkerMessage> message = outbox->take();
        if (message && generation == generation_)
            onMessage(*message);
    });
}

void TrainingController::onMessage(const WorkerMessage& message) {
    if (const auto* snapshot = std::get_if<TrainingSnapshot>(&message)) {
        onSnapshot(*snapshot);
    } else if (const auto* parameters = std::get_if<ParameterMap>(&message)) {
        if (detached_)
            return; // a sweep point's parameters belong to its run, not to the document
        document_->setParameters(*parameters);
        emit parametersStored();
    } else if (const auto* failure = std::get_if<WorkerFailure>(&message)) {
        emit failed(failure->message, failure->node);
    } else {
        onWorkerState(std::get<TrainingState>(message));
    }
}

void TrainingController::onSnapshot(const TrainingSnapshot& snapshot) {
    stepsDone_ = snapshot.step;
    epochsDone_ = snapshot.epoch;
    emit snapshotReady(snapshot);
    if (commands_)
        commands_->acknowledge();
}

void TrainingController::onWorkerState(TrainingState state) {
    const bool ended = state == TrainingState::Finished || state == TrainingState::Stopped ||
                       state == TrainingState::Failed;
    if (ended)
        endRun();
    setState(state);
}

void TrainingController::discardRun() {
    if (!commands_)
        return;
    ++generation_;
    commands_->stop();
    endRun();
}

void TrainingController::endRun() {
    commands_.reset();
    thread_ = nullptr;
    worker_ = nullptr;
    document_->setStructureLocked(false);
}

void TrainingController::setState(TrainingState state) {
    if (state == state_)
        return;
    state_ = state;
    emit stateChanged(state_);
}
