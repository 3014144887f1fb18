#pragma once
#include "app/training/TrainingSnapshot.h"
#include "app/training/WorkerMessage.h"
#include "io/GraphFile.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class GraphDocument;
class QThread;
class RunStore;
class TrainingCommands;
class TrainingWorker;

/// The GUI-thread side of training (NOTE [Thread model]). Copies the document's graph,
/// dataset and settings when Train is pressed, runs a TrainingWorker on its own QThread,
/// locks the document's structure while a run exists, and re-emits the worker's
/// snapshots. Trained parameters return to the document when a run ends or is paused.
/// A new run after Stop or Finish starts from those parameters and continues the step and
/// epoch numbering; reset() clears them, so the next run starts from the seed (same seed,
/// same curve). Loading another graph into the document discards the run.
/// Settings a running worker may change follow one route each: the learning rate lives in
/// the document (edits, undo and redo reach the worker through trainingConfigChanged); the
/// pace lives here (NOTE [Training pace]).
class TrainingController : public QObject {
    Q_OBJECT
  public:
    explicit TrainingController(GraphDocument* document, QObject* parent = nullptr);
    ~TrainingController() override; ///< stops the worker and waits for its thread

    TrainingState state() const { return state_; }
    /// Asked before a new run starts (Train or Step without a run); false refuses the start
    /// (NOTE [Pre-Train check]: the window lists the problems instead).
    void setStartCheck(std::function<bool()> check) { startCheck_ = std::move(check); }
    double stepsPerSecond() const { return stepsPerSecond_; }
    /// Every run started from now on is kept in the store's folder (NOTE [Run records]):
    /// the store names it and the worker writes it.
    void setRunStore(RunStore* store) { runStore_ = store; }
    /// True while the current run trains a file of its own (a sweep point), whose trained
    /// parameters do not go back to the document.
    bool detachedRun() const { return detached_; }

  public slots:
    void train(); ///< start, or resume when paused
    void pause();
    void step(); ///< one step (starts paused when idle)
    void stop();
    void reset(); ///< discard the run; parameters re-initialized from the seed on next Train
    /// Discards the run and starts a new one on `file` (a sweep point: NOTE [Sweeps]) from
    /// its seed, named `name`; its parameters stay out of the document. No start check.
    void trainDetached(const miniflow::GraphFile& file, const QString& name);
    /// Discards the run and puts `parameters` (a kept run's) into the document, so the next
    /// Train continues from them. Only the parameters of nodes and shapes the graph has
    /// are taken; returns how many.
    int restoreParameters(const std::map<miniflow::NodeId, miniflow::Tensor>& parameters);
    void setWatchedEdge(const miniflow::Edge& edge);
    void clearWatchedEdge();
    /// Steps per second of this and later runs, TrainingPace::kMax (0) for no pacing; takes
    /// effect between two steps. Stays until another graph is loaded, which gets
    /// TrainingPace::defaultFor(it); until set, it follows the document's dataset binding.
    void setStepsPerSecond(double stepsPerSecond);
    /// From the next run on, running workers also send their parameters this often
    /// (0: only on pause and end).
    void setCheckpointInterval(std::chrono::milliseconds interval) {
        checkpointInterval_ = interval;
    }
    /// Snapshots the worker sent that this controller has not handled yet (0 or 1 by the
    /// one-in-flight rule; the soak test watches it).
    long snapshotBacklog() const;

    /// Runs started from now on also write TensorBoard events into `folder` (empty: none).
    void setTensorBoardFolder(const QString& folder) { tensorboardFolder_ = folder; }
    QString tensorBoardFolder() const { return tensorboardFolder_; }

  signals:
    void snapshotReady(const TrainingSnapshot& snapshot);
    void stateChanged(TrainingState state);
    /// A clear message for the user (bad data, shape problems, NaN); `node` is where it
    /// happened when known (invalid id otherwise).
    void failed(const QString& message, miniflow::NodeId node);
    /// The run's trained parameters reached the document (pause, end, checkpoint).
    void parametersStored();
    void stepsPerSecondChanged(double stepsPerSecond);
    /// The worker of run `runId` (NOTE [Run records]) has written its last line: the file
    /// is complete (also for a discarded run).
    void runClosed(const QString& runId);

  private:
    QString tensorboardFolder_;
    void startRun(bool paused, const miniflow::GraphFile* detached = nullptr,
                  const QString& name = {});
    void connectWorker(TrainingWorker* worker, std::shared_ptr<WorkerOutbox> outbox);
    void onMessage(const WorkerMessage& message);
    void onSnapshot(const TrainingSnapshot& snapshot);
    void onWorkerState(TrainingState state);
    /// Forgets the current run (its late signals are ignored) and asks it to stop.
    void discardRun();
    void endRun();
    void setState(TrainingState state);
    /// The document's learning rate reaches the running worker (the one route).
    void forwardLearningRate();
    /// The pace follows the document until the user sets one.
    void followDefaultPace();
    void applyPace(double stepsPerSecond);

    GraphDocument* document_;
    TrainingState state_ = TrainingState::Idle;
    QThread* thread_ = nullptr;        ///< the current run's thread, nullptr without a run
    TrainingWorker* worker_ = nullptr; ///< lives on thread_; never called directly
    std::shared_ptr<TrainingCommands> commands_;
    std::vector<QPointer<QThread>>
        threads_;        ///< every thread not yet finished, joined on destruction
    int generation_ = 0; ///< identifies the current run in queued signals
    std::optional<miniflow::Edge> watched_;
    long stepsDone_ = 0; ///< since the last reset: later runs continue the numbering
    int epochsDone_ = 0;
    std::chrono::milliseconds checkpointInterval_{0};
    std::function<bool()> startCheck_;
    double runLearningRate_ = 0; ///< what the current run's optimizer was last given
    double stepsPerSecond_ = 0;
    bool paceChosen_ = false; ///< set by setStepsPerSecond; cleared when a graph is loaded
    RunStore* runStore_ = nullptr;
    bool detached_ = false; ///< the current run's parameters stay out of the document
};
