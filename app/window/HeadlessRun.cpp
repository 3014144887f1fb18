#include "window/HeadlessRun.h"

#include "MainWindow.h"
#include "training/TrainingController.h"

#include <QTimer>

#include <cstdio>

namespace {
constexpr int kSettleMs = 150; ///< lets the last queued snapshot reach the canvas
}

HeadlessRun::HeadlessRun(MainWindow* window, long steps, QString screenshotPath, QObject* parent)
    : QObject(parent), window_(window), steps_(steps), path_(std::move(screenshotPath)) {
    timeout_.setSingleShot(true);
    timeout_.setInterval(kTimeoutMs);
    connect(&timeout_, &QTimer::timeout, this, [this] { fail(tr("timed out before %1 steps").arg(steps_)); });
}

void HeadlessRun::start() {
    TrainingController* controller = window_->trainingController();
    if (steps_ <= 0) {
        QTimer::singleShot(kSettleMs, this, &HeadlessRun::saveScreenshot);
        return;
    }
    connect(controller, &TrainingController::snapshotReady, this, &HeadlessRun::onSnapshot);
    connect(controller, &TrainingController::stateChanged, this, &HeadlessRun::onState);
    connect(controller, &TrainingController::failed, this,
            [this](const QString& message) { fail(tr("training failed: %1").arg(message)); });
    timeout_.start();
    for (long i = 0; i < steps_; ++i) controller->step(); // exactly N steps: each is one step credit
}

void HeadlessRun::onSnapshot(const TrainingSnapshot& snapshot) {
    if (stopping_ || snapshot.step < steps_) return;
    stopping_ = true;
    window_->trainingController()->stop();
}

/// The run is over (stopped at N steps, or finished its epochs first): take the picture.
void HeadlessRun::onState(TrainingState state) {
    if (state == TrainingState::Stopped || state == TrainingState::Finished)
        QTimer::singleShot(kSettleMs, this, &HeadlessRun::saveScreenshot);
}

void HeadlessRun::saveScreenshot() {
    if (done_) return;
    if (!window_->grab().save(path_, "PNG")) return fail(tr("cannot write %1").arg(path_));
    done_ = true;
    std::printf("miniflow-studio: saved %s\n", qPrintable(path_));
    emit finished(0);
}

void HeadlessRun::fail(const QString& message) {
    if (done_) return;
    done_ = true;
    std::fprintf(stderr, "miniflow-studio: %s\n", qPrintable(message));
    emit finished(1);
}
