#pragma once
#include "train/MetricsLog.h"

#include <QElapsedTimer>
#include <QObject>
#include <cstddef>

class TrainingController;
struct TrainingSnapshot;
enum class TrainingState;

/// The studio's current run as a MetricsLog (NOTE [Metrics log]): every step's loss and every
/// epoch's results from the controller's snapshots, with the wall time since the run began.
/// Cleared when the controller goes Idle (Reset, another graph), as the loss plot is. The
/// metrics CSV (File > Export) reads it; a stored run record can fill a MetricsLog the same
/// way. Memory stays bounded in runs of any length (the studio may train for hours at
/// 70k steps/s): beyond kMaxSteps the older half of the step records is thinned (NOTE [Step
/// thinning]): the latest steps stay exact and no spike disappears. Epoch records
/// past kMaxEpochs lose every other one of their older half.
class RunMetrics : public QObject {
    Q_OBJECT
  public:
    static constexpr size_t kMaxSteps = size_t{1} << 17; ///< 4 MB of 32-byte StepMetrics
    static constexpr size_t kMaxEpochs = 4096;           ///< thinned likewise
    explicit RunMetrics(TrainingController* controller, QObject* parent = nullptr);
    const miniflow::MetricsLog& log() const { return log_; }
    void clear();
    void append(const TrainingSnapshot& snapshot);

  private:
    miniflow::MetricsLog log_;
    QElapsedTimer clock_;
};
