#pragma once
#include "app/training/WorkerMessage.h"
#include "inspect/DecisionBoundary.h"
#include "inspect/UpdateRatio.h"
#include "io/GraphFile.h"
#include "io/RunRecorder.h"
#include "tensorboard/TensorBoardLog.h"
#include "train/Trainer.h"

#include <QObject>
#include <QString>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

class TrainingCommands;

/// Everything one run needs, copied on the GUI thread when Train is pressed.
struct TrainingRequest {
    miniflow::GraphFile file; ///< graph, dataset, settings and trained parameters (if any)
    std::string baseFolder;   ///< relative data paths resolve against it
    long stepOffset = 0;      ///< steps of earlier runs since the last reset (numbering continues)
    int epochOffset = 0;      ///< epochs of earlier runs since the last reset
    /// While running, the parameters are also sent this often (0: only on pause and end),
    /// so an autosave can keep the trained values (NOTE [Recovery copies]).
    std::chrono::milliseconds checkpointInterval{0};
    /// Non-empty: the run also writes TensorBoard events into this folder (NOTE [TensorBoard
    /// events]), on the worker thread.
    std::string tensorboardFolder;
    /// The run to keep (NOTE [Run records]), written by the worker into runsFolder; none
    /// when nullopt.
    std::optional<miniflow::RunRecord> run;
    std::string runsFolder;
};

/// The training thread's side of a run (NOTE [Thread model], NOTE [Worker commands]).
/// Lives on its own QThread; run() builds the Plan, loads the data, trains with a Trainer and
/// returns when the run ends. Between two steps it obeys the TrainingCommands (and waits for
/// the pace, NOTE [Training pace]); it sends a
/// TrainingSnapshot at most every kSnapshotInterval (one in flight at a time, losses kept
/// until sent, NOTE [Snapshot budget]), plus one when it pauses and a final one. It sends the
/// parameters back when it pauses, when the run ends and every checkpointInterval while it runs.
/// Everything it sends goes into the outbox, each message announced by messagePosted() (NOTE
/// [Hand-off under our own lock]).
///
/// NOTE [Samples per second]
/// The rate shown in the status bar measures running steps only: the end time of each step
/// taken while running (not a single step, not the first step after a pause) goes into a
/// window of about kRateWindow of wall time, and the rate is the samples of the window's
/// steps after its first over the wall time between its first and last. A pause or a
/// single step empties the window, so manual stepping shows no rate at all.
class TrainingWorker : public QObject, private miniflow::TrainingObserver {
    Q_OBJECT
  public:
    static constexpr std::chrono::milliseconds kSnapshotInterval{40};
    /// NOTE [Snapshot budget]
    /// A snapshot's summaries, health and update ratios are measured on this thread, so
    /// watching costs training time in proportion to the weights' size (mnist-mlp: well under
    /// a millisecond; wider networks more). The gap before the next running snapshot is
    /// therefore at least kSnapshotCostFactor times what the last one took, so they take at
    /// most about 1/kSnapshotCostFactor of the thread's time; small networks keep
    /// kSnapshotInterval. Losses are kept until sent, so none is lost; the pause, single-step
    /// and final snapshots go out regardless. The cost is wall time (a busy machine stretches
    /// it), so the gap never exceeds kMaxSnapshotGap.
    static constexpr int kSnapshotCostFactor = 40;
    static constexpr std::chrono::milliseconds kMaxSnapshotGap{400};
    /// The decision boundary (2-feature data only) goes out at most this often.
    static constexpr std::chrono::milliseconds kBoundaryInterval{100};
    /// Wall time the samples-per-second average spans (NOTE [Samples per second]).
    static constexpr std::chrono::milliseconds kRateWindow{1000};

    TrainingWorker(TrainingRequest request, std::shared_ptr<TrainingCommands> commands,
                   std::shared_ptr<WorkerOutbox> outbox);
    ~TrainingWorker() override;

  public slots:
    /// Runs the whole run on the calling (worker) thread; ends with runEnded().
    void run();

  signals:
    /// One more message is in the outbox (take exactly one per signal).
    void messagePosted();
    /// Emitted last, from the worker thread.
    void runEnded();

  private:
    using Clock = std::chrono::steady_clock;

    void onStep(const miniflow::StepReport& report, const miniflow::Session& session) override;
    void onEpoch(const miniflow::EpochReport& report, const miniflow::Session& session) override;

    /// Plan + data + Trainer with the document's trained parameters; nullptr when stopped
    /// while loading. Throws GraphError, DataError, std::exception.
    std::unique_ptr<miniflow::Trainer> prepare();
    /// Trains until the configured epochs are done, stop, or a failure; returns the end state.
    TrainingState train();
    /// Called between steps: obeys pause / step / stop and sends due snapshots.
    void gate(const miniflow::Session& session);
    /// Paused with nothing to do: sends what is pending, then waits for a command.
    void hold(const miniflow::Session& session, bool& flushed);
    /// Running: true when it waited for the pace (the caller looks at the commands again),
    /// false when the next step may go now.
    bool waitForPace();
    /// Sends a snapshot when one is due, there is something new and none is in flight.
    void sendIfDue(const miniflow::Session& session);
    void send(const miniflow::Session& session, bool final);
    TrainingSnapshot takeSnapshot(const miniflow::Session& session, bool final);
    void addEdgeGradients(const miniflow::Session& session, TrainingSnapshot& snapshot);
    void addHealth(const miniflow::Session& session, TrainingSnapshot& snapshot);
    void addBoundary(const miniflow::Session& session, TrainingSnapshot& snapshot);
    /// Records the end of a step for the rate (NOTE [Samples per second]).
    void noteStepEnd();
    std::optional<double> samplesPerSecond() const;
    void sendParameters(const miniflow::Session& session);
    void checkpointIfDue(const miniflow::Session& session);
    /// Runs one write of the run file; a failure stops keeping the run, not the training.
    void record(const std::function<void()>& write);
    void endRun(TrainingState state);
    void fail(const QString& message, miniflow::NodeId node);
    void post(WorkerMessage message);

    TrainingRequest request_;
    std::shared_ptr<TrainingCommands> commands_;
    std::shared_ptr<WorkerOutbox> outbox_;
    std::unique_ptr<miniflow::Trainer> trainer_;
    std::unique_ptr<miniflow::TensorBoardLog> tensorboard_;
    std::unique_ptr<miniflow::DecisionBoundary> boundary_; ///< 2-feature data only
    /// Keeps the run on disk from this thread: buffered step lines, a flush per epoch.
    std::unique_ptr<miniflow::RunRecorder> recorder_;
    std::string failure_; ///< the message of the failure that ended the run
    Clock::time_point lastBoundary_;
    std::vector<LossPoint> pendingLosses_;
    std::vector<EpochPoint> pendingEpochs_;
    Clock::time_point lastSent_;
    Clock::duration snapshotGap_ = kSnapshotInterval; ///< NOTE [Snapshot budget]
    Clock::time_point lastCheckpoint_;
    std::deque<std::pair<Clock::time_point, long>> rateWindow_; ///< step end, its samples
    std::optional<double> startLoss_; ///< the run's first step's loss (divergence watch)
    bool nextStepRunning_ = false;    ///< the gate let the next step run (not a single step)
    std::shared_ptr<const std::map<miniflow::NodeId, miniflow::Tensor>> epochParameters_;
    long batchRows_ = 0;
    long lastStep_ = 0;
    std::uint64_t sentWatchedVersion_ = 0;
    bool pausedAnnounced_ = false;
    double pace_ = 0;              ///< steps per second in use (0: max)
    Clock::time_point nextStepAt_; ///< paced runs: the next step starts no earlier
};
