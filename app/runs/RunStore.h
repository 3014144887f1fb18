#pragma once
/// NOTE [Studio runs]
/// Every Train (and every sweep point) is a run (NOTE [Run records]). The worker writes its
/// file; RunStore is the GUI thread's list of the project's runs:
/// - Where: a saved project's runs live in NAME.runs/ beside it. An unsaved project's runs
///   go to a temporary folder, and are copied beside the project when it is first saved
///   (Save As copies the runs to the new project's folder too). Opening or creating another
///   project lists that project's runs (a dropped unsaved project's runs go with it).
/// - Live: the running run is in the list from its start (status Running), its curves
///   appended from the controller's snapshots; when the worker closes its file, the run is
///   read back from disk off the GUI thread and replaces the live copy.
/// - Rename appends a name line; delete removes the run's files (the panel confirms first).
#include "io/RunRecord.h"

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <map>
#include <memory>
#include <vector>

class BackgroundJob;
class GraphDocument;
class TrainingController;
struct TrainingSnapshot;

class RunStore : public QObject {
    Q_OBJECT
  public:
    /// Steps the live run's curve keeps before its older half is thinned (NOTE [Step
    /// thinning]); the run file keeps every step and replaces the live copy at the run's end.
    static constexpr size_t kMaxLiveSteps = size_t{1} << 17;
    static constexpr size_t kMaxLiveEpochs = 4096; ///< thinned likewise, the best one kept

    explicit RunStore(GraphDocument* document, QObject* parent = nullptr);
    ~RunStore() override;

    /// Follows the controller: live curves, the end of runs, and it names new runs.
    void watch(TrainingController* controller);

    /// The folder runs are written to now.
    QString folder() const { return folder_; }
    /// True while the project is unsaved (the folder is a temporary one).
    bool temporary() const { return temporary_; }
    const std::vector<miniflow::RunRecord>& runs() const { return runs_; }
    const miniflow::RunRecord* find(const QString& id) const;
    /// The run being trained now ("" without one).
    QString liveRun() const { return live_; }

    /// Which validation metric picks a new run's best epoch (QSettings "runs/bestBy").
    miniflow::BestBy bestBy() const { return bestBy_; }
    void setBestBy(miniflow::BestBy by);

    /// A new run's header (registered as live): `name`, or "run N" when empty.
    /// `stepOffset` is the step numbering the controller's snapshots continue from.
    miniflow::RunRecord beginRun(const miniflow::GraphFile& file, const QString& name,
                                 long stepOffset, int epochOffset);
    /// Appends a snapshot's losses and epochs to the live run.
    void appendLive(const TrainingSnapshot& snapshot);
    /// Reads run `id` back from disk off the GUI thread (its worker closed the file).
    void closeLive(const QString& id);

    /// Renames (appends a name line). False with `error` set when the file cannot be written.
    bool rename(const QString& id, const QString& name, QString* error = nullptr);
    /// Deletes the run's files. False when it is the live run or nothing was removed.
    bool remove(const QString& id);
    /// The stored best (or final) parameters; empty with `error` set when there are none.
    std::map<miniflow::NodeId, miniflow::Tensor> parameters(const QString& id, bool best,
                                                            QString* error = nullptr) const;
    /// Re-reads the folder (synchronously; tests, and after opening).
    void reload();
    /// Waits for background reads (tests).
    void waitForReads();

  signals:
    /// The list changed (a run added, removed, renamed or read back).
    void runsChanged();
    /// The live run got new points (cheap updates: no table rebuild needed).
    void liveRunUpdated(const QString& id);

  private:
    /// Opening / creating a project lists its runs; saving it copies them along.
    void followDocumentPath();
    QString folderForDocument() const;
    miniflow::RunRecord* findMutable(const QString& id);
    /// Reads the next run of pendingReads_ in the background.
    void startNextRead();

    GraphDocument* document_;
    QString folder_;
    bool temporary_ = true;
    std::unique_ptr<QTemporaryDir> temporaryDir_;
    std::vector<miniflow::RunRecord> runs_;
    QString live_;
    long liveStepOffset_ = 0;
    int liveEpochOffset_ = 0;
    miniflow::BestBy bestBy_ = miniflow::BestBy::ValidationLoss;
    bool replaced_ = false; ///< the document was replaced (not saved) since the path changed
    bool followPending_ = false;
    BackgroundJob* reader_ = nullptr;
    std::vector<QString> pendingReads_;
    QString liveFolder_;                      ///< where the live run is being written
    std::map<QString, QString> pendingNames_; ///< renames of the live run, written at its end
};
