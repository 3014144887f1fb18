#pragma once
/// Trains a sweep's points one after another on the training worker (NOTE [Sweeps]): each
/// point is the document's graph file with the point's settings applied, trained from its
/// seed at full speed as a detached run (its parameters stay out of the document), kept as
/// a run named after the point. A failed point is kept as failed and the sweep goes on;
/// Stop (or Reset) ends the sweep.
#include "io/Sweep.h"

#include <QObject>
#include <vector>

class TrainingController;
enum class TrainingState;

class SweepRunner : public QObject {
    Q_OBJECT
  public:
    explicit SweepRunner(TrainingController* controller, QObject* parent = nullptr);

    /// Applies every point first (throws std::invalid_argument naming a bad one, nothing
    /// trains then), then starts the first run.
    void start(const miniflow::GraphFile& base, const miniflow::SweepSpec& spec);
    void cancel();
    bool running() const { return next_ > 0 && next_ <= int(files_.size()) && active_; }
    int total() const { return int(files_.size()); }

  signals:
    /// `done` runs of `total` have ended (done == total: the sweep is over).
    void progress(int done, int total);

  private:
    void onState(TrainingState state);
    void startNext();

    TrainingController* controller_;
    std::vector<miniflow::GraphFile> files_;
    std::vector<QString> names_;
    int next_ = 0;
    bool active_ = false;
    bool starting_ = false; ///< inside startNext: state changes are the new run's
};
