#include "train/MetricsLog.h"

namespace miniflow {

EpochMetric epochMetric(const EpochReport& report, long step, double wallSeconds) {
    EpochMetric e;
    e.epoch = report.epoch;
    e.step = step;
    e.trainLoss = report.trainLoss;
    e.trainAccuracy = report.trainAccuracy;
    if (report.validation) {
        e.validationLoss = report.validation->loss;
        e.validationAccuracy = report.validation->accuracy;
    }
    e.samplesPerSecond = report.samplesPerSecond;
    e.wallSeconds = wallSeconds;
    return e;
}

MetricsRecorder::MetricsRecorder(std::string run) : start_(std::chrono::steady_clock::now()) {
    log_.run = std::move(run);
}

double MetricsRecorder::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void MetricsRecorder::onStep(const StepReport& report, const Session&) {
    log_.steps.push_back({report.step, report.epoch, report.loss, elapsed()});
    lastStep_ = report.step;
}

void MetricsRecorder::onEpoch(const EpochReport& report, const Session&) {
    log_.epochs.push_back(epochMetric(report, lastStep_, elapsed()));
}

void ObserverFan::onStep(const StepReport& report, const Session& session) {
    for (TrainingObserver* o : observers_)
        o->onStep(report, session);
}

void ObserverFan::onEpoch(const EpochReport& report, const Session& session) {
    for (TrainingObserver* o : observers_)
        o->onEpoch(report, session);
}

} // namespace miniflow
