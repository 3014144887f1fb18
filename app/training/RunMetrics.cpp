#include "app/training/RunMetrics.h"

#include "app/training/StepThinning.h"
#include "app/training/TrainingController.h"

RunMetrics::RunMetrics(TrainingController* controller, QObject* parent) : QObject(parent) {
    connect(controller, &TrainingController::snapshotReady, this, &RunMetrics::append);
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Idle)
            clear();
    });
}

void RunMetrics::clear() {
    log_ = {};
    clock_.invalidate();
}

void RunMetrics::append(const TrainingSnapshot& snapshot) {
    if (!clock_.isValid())
        clock_.start();
    const double now = clock_.elapsed() / 1000.0;
    for (const LossPoint& p : snapshot.losses) {
        log_.steps.push_back({p.step, p.epoch, p.loss, now});
        if (log_.steps.size() > kMaxSteps)
            thinOlderSteps(log_.steps);
    }
    for (const EpochPoint& e : snapshot.epochs) {
        miniflow::EpochMetric m;
        m.epoch = e.epoch;
        // The epoch's last step: the latest recorded step of that epoch.
        for (auto it = log_.steps.rbegin(); it != log_.steps.rend(); ++it)
            if (it->epoch == e.epoch) {
                m.step = it->step;
                break;
            }
        m.trainLoss = e.trainLoss;
        m.trainAccuracy = e.trainAccuracy;
        m.validationLoss = e.validationLoss;
        m.validationAccuracy = e.validationAccuracy;
        m.wallSeconds = now;
        m.samplesPerSecond = snapshot.samplesPerSecond.value_or(0.0); // the worker's latest

        log_.epochs.push_back(m);
        if (log_.epochs.size() > kMaxEpochs)
            thinOlderEpochs(log_.epochs, 0);
    }
}
