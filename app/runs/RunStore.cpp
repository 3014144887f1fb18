#include "app/runs/RunStore.h"

#include "app/document/GraphDocument.h"
#include "app/threads/BackgroundJob.h"
#include "app/training/StepThinning.h"
#include "app/training/TrainingController.h"
#include "app/training/TrainingSnapshot.h"
#include "io/RunFile.h"
#include "io/RunParameters.h"
#include "io/RunRecorder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QSettings>
#include <QTimer>
#include <algorithm>
#include <utility>

using miniflow::RunRecord;

namespace {
const char* const kBestByKey = "runs/bestBy";
/// Built-in examples (":/examples/...") are not saved projects either.
bool savedProject(const QString& path) {
    return !path.isEmpty() && !path.startsWith(':');
}
} // namespace

RunStore::RunStore(GraphDocument* document, QObject* parent)
    : QObject(parent), document_(document), reader_(new BackgroundJob(this)) {
    if (const auto by =
            miniflow::bestByFromString(QSettings().value(kBestByKey).toString().toStdString()))
        bestBy_ = *by;
    connect(document_, &GraphDocument::graphReplaced, this, [this] { replaced_ = true; });
    // load() changes the path before it says the graph was replaced: decide once both came.
    connect(document_, &GraphDocument::pathChanged, this, [this] {
        if (std::exchange(followPending_, true))
            return;
        QTimer::singleShot(0, this, &RunStore::followDocumentPath);
    });
    folder_ = folderForDocument();
    temporary_ = !savedProject(document_->path());
    reload();
}

RunStore::~RunStore() {
    reader_->wait();
}

void RunStore::watch(TrainingController* controller) {
    controller->setRunStore(this);
    connect(controller, &TrainingController::snapshotReady, this, &RunStore::appendLive);
    connect(controller, &TrainingController::runClosed, this, &RunStore::closeLive);
}

QString RunStore::folderForDocument() const {
    if (savedProject(document_->path()))
        return QString::fromStdString(miniflow::runsFolderFor(document_->path().toStdString()));
    if (!temporaryDir_) {
        auto* self = const_cast<RunStore*>(this);
        self->temporaryDir_ =
            std::make_unique<QTemporaryDir>(QDir::tempPath() + "/miniflow-runs-XXXXXX");
    }
    return temporaryDir_->path();
}

void RunStore::followDocumentPath() {
    followPending_ = false;
    const bool replaced = std::exchange(replaced_, false);
    const QString before = folder_;
    // A new unsaved project starts with no runs, also after a saved one: the old temporary
    // folder still holds the runs made before that project was first saved.
    if (replaced)
        temporaryDir_.reset();
    if (replaced)
        live_.clear(); // a run of the previous project (discarded) is not listed here
    const QString after = folderForDocument();
    temporary_ = !savedProject(document_->path());
    if (after == before && !replaced)
        return;
    folder_ = after;
    if (!replaced) {
        // Saved (as): the runs come along. A run still being written follows when it ends.
        for (const RunRecord& run : runs_)
            if (QString::fromStdString(run.id) != live_) {
                try {
                    miniflow::copyRun(before.toStdString(), after.toStdString(), run.id);
                } catch (const std::exception&) {
                    // left where it was: reload() below shows what arrived
                }
            }
    }
    reload();
}

const RunRecord* RunStore::find(const QString& id) const {
    const std::string key = id.toStdString();
    const auto it =
        std::find_if(runs_.begin(), runs_.end(), [&](const RunRecord& r) { return r.id == key; });
    return it == runs_.end() ? nullptr : &*it;
}

RunRecord* RunStore::findMutable(const QString& id) {
    return const_cast<RunRecord*>(find(id));
}

void RunStore::setBestBy(miniflow::BestBy by) {
    bestBy_ = by;
    QSettings().setValue(kBestByKey, QString::fromStdString(miniflow::toString(by)));
}

RunRecord RunStore::beginRun(const miniflow::GraphFile& file, const QString& name, long stepOffset,
                             int epochOffset) {
    QDir().mkpath(folder_);
    QString runName = name;
    if (runName.isEmpty()) {
        int number = static_cast<int>(runs_.size()) + 1;
        const auto taken = [&](const QString& n) {
            return std::any_of(runs_.begin(), runs_.end(),
                               [&](const RunRecord& r) { return r.name == n.toStdString(); });
        };
        while (taken(tr("run %1").arg(number)))
            ++number;
        runName = tr("run %1").arg(number);
    }
    RunRecord run =
        miniflow::newRunRecord(folder_.toStdString(), file, runName.toStdString(), bestBy_);
    live_ = QString::fromStdString(run.id);
    liveFolder_ = folder_;
    liveStepOffset_ = stepOffset;
    liveEpochOffset_ = epochOffset;
    runs_.push_back(run);
    emit runsChanged();
    return run;
}

void RunStore::appendLive(const TrainingSnapshot& snapshot) {
    RunRecord* run = live_.isEmpty() ? nullptr : findMutable(live_);
    if (!run || (snapshot.losses.empty() && snapshot.epochs.empty()))
        return;
    for (const LossPoint& p : snapshot.losses) {
        run->steps.push_back({p.step - liveStepOffset_, p.epoch - liveEpochOffset_, p.loss});
        if (run->steps.size() > kMaxLiveSteps) // display only: the file keeps every step
            thinOlderSteps(run->steps);
    }
    for (const EpochPoint& e : snapshot.epochs) {
        miniflow::RunEpoch epoch;
        epoch.epoch = e.epoch - liveEpochOffset_;
        epoch.step = run->steps.empty() ? 0 : run->steps.back().step;
        epoch.trainLoss = e.trainLoss;
        epoch.trainAccuracy = e.trainAccuracy;
        epoch.validationLoss = e.validationLoss;
        epoch.validationAccuracy = e.validationAccuracy;
        epoch.seconds = (QDateTime::currentMSecsSinceEpoch() - run->startedMs) / 1000.0;
        run->epochs.push_back(epoch);
        run->seconds = epoch.seconds;
    }
    run->bestEpoch = run->bestEpochByMetric();
    if (run->epochs.size() > kMaxLiveEpochs) // display only, as the steps
        thinOlderEpochs(run->epochs, run->bestEpoch);
    emit liveRunUpdated(live_);
}

void RunStore::closeLive(const QString& id) {
    const QString folder = id == live_ ? liveFolder_ : folder_;
    if (id == live_)
        live_.clear();
    // Saved while it ran: the finished run joins the others.
    if (folder != folder_) {
        try {
            miniflow::copyRun(folder.toStdString(), folder_.toStdString(), id.toStdString());
        } catch (const std::exception&) {
        }
    }
    if (const auto name = pendingNames_.find(id); name != pendingNames_.end()) {
        try {
            miniflow::renameRun(folder_.toStdString(), id.toStdString(),
                                name->second.toStdString());
        } catch (const std::exception&) {
        }
        pendingNames_.erase(name);
    }
    pendingReads_.push_back(id);
    startNextRead();
}

void RunStore::startNextRead() {
    if (pendingReads_.empty() || reader_->running())
        return;
    const QString id = pendingReads_.front();
    pendingReads_.erase(pendingReads_.begin());
    const std::string path = miniflow::runFilePath(folder_.toStdString(), id.toStdString());
    using Read = std::pair<std::optional<RunRecord>, std::string>; // the run, or why not
    reader_->start<Read>(
        [path]() -> Read {
            try {
                return {miniflow::readRunFile(path), {}};
            } catch (const std::exception& e) {
                return {std::nullopt, e.what()};
            }
        },
        [this, id](Read& read) {
            RunRecord* run = findMutable(id);
            if (run && read.first) {
                *run = std::move(*read.first);
            } else if (run) { // the worker could not write it (disk full, folder removed)
                run->status = miniflow::RunStatus::Interrupted;
                run->message = "not kept on disk: " + read.second;
            }
            emit runsChanged();
            startNextRead();
        });
}

bool RunStore::rename(const QString& id, const QString& name, QString* error) {
    RunRecord* run = findMutable(id);
    if (!run || name.trimmed().isEmpty())
        return false;
    if (id != live_) {
        try {
            miniflow::renameRun(folder_.toStdString(), id.toStdString(), name.toStdString());
        } catch (const std::exception& e) {
            if (error)
                *error = QString::fromStdString(e.what());
            return false;
        }
    } else {
        pendingNames_[id] = name; // written when the worker has closed the file
    }
    run->name = name.toStdString();
    emit runsChanged();
    return true;
}

bool RunStore::remove(const QString& id) {
    if (id == live_ || !find(id))
        return false;
    miniflow::deleteRun(folder_.toStdString(), id.toStdString());
    std::erase_if(runs_, [&](const RunRecord& r) { return r.id == id.toStdString(); });
    emit runsChanged();
    return true;
}

std::map<miniflow::NodeId, miniflow::Tensor> RunStore::parameters(const QString& id, bool best,
                                                                  QString* error) const {
    const RunRecord* run = find(id);
    const std::string file =
        run ? (best ? run->bestParametersFile : run->finalParametersFile) : std::string();
    if (file.empty()) {
        if (error)
            *error = best ? tr("This run kept no best parameters (no epoch with a validation "
                               "result ended)")
                          : tr("This run kept no final parameters (it did not end normally)");
        return {};
    }
    try {
        return miniflow::readRunParameters(folder_.toStdString() + "/" + file);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return {};
    }
}

void RunStore::reload() {
    std::vector<RunRecord> live;
    for (const RunRecord& r : runs_)
        if (QString::fromStdString(r.id) == live_)
            live.push_back(r);
    runs_ = miniflow::readRunsFolder(folder_.toStdString());
    for (RunRecord& r : live)
        if (!find(QString::fromStdString(r.id)))
            runs_.push_back(std::move(r));
    emit runsChanged();
}

void RunStore::waitForReads() {
    while (reader_->running() || !pendingReads_.empty()) {
        reader_->wait();
        QCoreApplication::processEvents();
    }
}
