#include "app/headless/HeadlessRun.h"

#include "app/data/DatasetPanel.h"
#include "app/document/GraphDocument.h"
#include "app/headless/StudioAutomation.h"
#include "app/training/TrainingController.h"
#include "app/training/TrainingPace.h"

#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace {
constexpr int kSettleMs = 150; ///< lets the last queued snapshot reach the canvas
}

HeadlessRun::HeadlessRun(StudioAutomation* window, long steps, QString screenshotPath, bool measure,
                         QObject* parent)
    : QObject(parent), window_(window), steps_(steps), path_(std::move(screenshotPath)),
      measure_(measure) {
    timeout_.setSingleShot(true);
    timeout_.setInterval(kTimeoutMs);
    connect(&timeout_, &QTimer::timeout, this,
            [this] { fail(tr("timed out before %1 steps").arg(steps_)); });
}

void HeadlessRun::start() {
    TrainingController* controller = window_->trainingController();
    if (steps_ <= 0) {
        QTimer::singleShot(kSettleMs, this, &HeadlessRun::saveScreenshot);
        return;
    }
    controller->setStepsPerSecond(TrainingPace::kMax); // NOTE [Training pace]: never paced
    connect(controller, &TrainingController::snapshotReady, this, &HeadlessRun::onSnapshot);
    connect(controller, &TrainingController::stateChanged, this, &HeadlessRun::onState);
    connect(controller, &TrainingController::failed, this,
            [this](const QString& message) { fail(tr("training failed: %1").arg(message)); });
    timeout_.start();
    if (measure_)
        return startMeasuring();
    for (long i = 0; i < steps_; ++i)
        controller->step(); // exactly N steps: each is one step credit
}

/// As a person would: the window is up and its dataset preview loaded before Train is
/// pressed, so neither the first paint nor the preview's load counts as training's cost.
void HeadlessRun::startMeasuring() {
    if (window_->datasetPanel()->isLoading()) {
        connect(window_->datasetPanel(), &DatasetPanel::previewLoaded, this,
                &HeadlessRun::startMeasuring, Qt::SingleShotConnection);
        return;
    }
    QTimer::singleShot(kSettleMs, this, [this] {
        probe_.start();
        window_->trainingController()->train();
    });
}

/// Samples per second of running steps as the GUI received their snapshots (NOTE [Measured
/// steps]); the whole window, validation included, follows for comparison.
void HeadlessRun::printMeasurement(long lastStep) const {
    const double seconds = clock_.nsecsElapsed() / 1e9;
    const long batch = static_cast<long>(window_->document()->file().training.batchSize);
    const bool window = rateStep_ > firstStep_ && rateNs_ > 0;
    const long steps = window ? rateStep_ - firstStep_ : lastStep - firstStep_;
    const double stepSeconds = window ? rateNs_ / 1e9 : seconds;
    std::printf("miniflow-studio: GUI watching: %ld steps in %.3f s, %.0f samples/s; "
                "worst GUI-thread delay %lld ms, 99th percentile %lld ms, GUI thread busy %.0f%%; "
                "all %ld steps and the validation in %.3f s, %.0f samples/s\n",
                steps, stepSeconds, steps * batch / stepSeconds,
                static_cast<long long>(probe_.worstDelayMs()),
                static_cast<long long>(probe_.delayPercentileMs(0.99)), 100 * probe_.busyShare(),
                lastStep - firstStep_, seconds, (lastStep - firstStep_) * batch / seconds);
}

void HeadlessRun::onSnapshot(const TrainingSnapshot& snapshot) {
    if (measure_ && firstStep_ < 0 && snapshot.step > 0) {
        firstStep_ = snapshot.step;
        clock_.start();
    }
    if (measure_ && firstStep_ >= 0 && !epochEnded_) {
        epochEnded_ = !snapshot.epochs.empty();
        if (!epochEnded_ && snapshot.step > firstStep_) {
            rateStep_ = snapshot.step;
            rateNs_ = clock_.nsecsElapsed();
        }
    }
    lastStep_ = snapshot.step;
    if (!snapshot.epochs.empty())
        lastEpoch_ = snapshot.epochs.back();
    if (stopping_ || snapshot.step < steps_)
        return;
    stopping_ = true;
    finishMeasuring();
    window_->trainingController()->stop();
}

void HeadlessRun::finishMeasuring() {
    if (!measure_ || measured_ || firstStep_ < 0)
        return;
    measured_ = true;
    probe_.stop();
    if (lastStep_ > firstStep_)
        return printMeasurement(lastStep_);
    std::printf("miniflow-studio: GUI watching: the run ended within one snapshot interval; "
                "nothing to measure (train for more steps)\n");
}

/// The run is over (stopped at N steps, or finished its epochs first): take the picture.
void HeadlessRun::onState(TrainingState state) {
    if (state != TrainingState::Stopped && state != TrainingState::Finished)
        return;
    finishMeasuring(); // a run that finished its epochs before N steps is measured to its end
    printAccuracy();
    QTimer::singleShot(kSettleMs, this, &HeadlessRun::saveScreenshot);
}

void HeadlessRun::printAccuracy() const {
    if (!lastEpoch_) {
        std::printf("miniflow-studio: step %ld: no epoch completed yet, so no validation "
                    "figures (train for more steps)\n",
                    lastStep_);
        return;
    }
    const EpochPoint& e = *lastEpoch_;
    if (e.validationAccuracy)
        std::printf("miniflow-studio: validation accuracy %.1f%% (loss %.4f) after epoch %d, "
                    "step %ld\n",
                    100 * *e.validationAccuracy, e.validationLoss.value_or(0), e.epoch, lastStep_);
    else if (e.validationLoss)
        std::printf("miniflow-studio: validation loss %.4f after epoch %d, step %ld\n",
                    *e.validationLoss, e.epoch, lastStep_);
    else
        std::printf("miniflow-studio: training loss %.4f after epoch %d, step %ld (no "
                    "validation samples)\n",
                    e.trainLoss, e.epoch, lastStep_);
}

void HeadlessRun::saveScreenshot() {
    if (done_)
        return;
    if (beforeShot_) {
        const auto work = std::exchange(beforeShot_, nullptr);
        return work([this] { QTimer::singleShot(kSettleMs, this, &HeadlessRun::saveScreenshot); });
    }
    if (!window_->studioWindow()->grab().save(path_, "PNG"))
        return fail(tr("cannot write %1").arg(path_));
    done_ = true;
    std::printf("miniflow-studio: saved %s\n", qPrintable(path_));
    emit finished(0);
}

void HeadlessRun::fail(const QString& message) {
    if (done_)
        return;
    done_ = true;
    std::fprintf(stderr, "miniflow-studio: %s\n", qPrintable(message));
    emit finished(1);
}
