#pragma once
#include "app/training/TrainingSnapshot.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <vector>

class StudioAutomation;

/// "idle", "running", "paused", "finished", "stopped", "failed": how the report and the
/// widget map name a TrainingState.
QString stateKey(TrainingState state);

/// miniflow-studio's --report FILE.json (NOTE [Automation seam]): what a script needs to
/// check a session without reading pixels. Written (atomically) when a run ends, when its
/// trained parameters reach the document, and when the application quits:
///   "graph": {"nodes": [{id, name, op, attributes}], "edges": [{from, fromPort, to, toPort}]}
///   "document": {path, modified}, "dataset": the spec, "training": the settings
///   "run": {state, step, epochsCompleted, failure, "epochs": [{epoch, trainLoss,
///           validationLoss?, validationAccuracy?}]} of the latest run
///   "parameters": [{id, name, rows, cols, trained, initialNorm, trainedNorm?,
///           maxAbsChange?}] where "initial" is what a run with the document's seed starts from
///   "window": {frame, geometry}, "screen": {geometry, available} as [x, y, width, height],
///   "written": why this version was written.
class StudioReport : public QObject {
    Q_OBJECT
  public:
    StudioReport(StudioAutomation* studio, QString path, QObject* parent = nullptr);

    QJsonObject describe() const;
    /// Writes describe() plus "written": `reason`; false with *error set when it cannot.
    bool write(const QString& reason, QString* error = nullptr) const;

  private:
    void onSnapshot(const TrainingSnapshot& snapshot);
    void onState(TrainingState state);
    void writeOrWarn(const QString& reason) const;
    QJsonObject runSummary() const;

    StudioAutomation* studio_;
    QString path_;
    TrainingState state_ = TrainingState::Idle;
    long step_ = 0;
    std::vector<EpochPoint> epochs_; ///< of the latest run
    QString failure_;
};
