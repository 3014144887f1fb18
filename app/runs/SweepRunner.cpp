#include "app/runs/SweepRunner.h"

#include "app/training/TrainingController.h"

#include <QTimer>

SweepRunner::SweepRunner(TrainingController* controller, QObject* parent)
    : QObject(parent), controller_(controller) {
    connect(controller_, &TrainingController::stateChanged, this, &SweepRunner::onState);
}

void SweepRunner::start(const miniflow::GraphFile& base, const miniflow::SweepSpec& spec) {
    std::vector<miniflow::GraphFile> files;
    std::vector<QString> names;
    for (const miniflow::SweepPoint& point : miniflow::sweepPoints(spec)) {
        files.push_back(miniflow::applySweepPoint(base, point));
        names.push_back(QString::fromStdString(miniflow::sweepPointName(point)));
    }
    files_ = std::move(files);
    names_ = std::move(names);
    next_ = 0;
    active_ = true;
    emit progress(0, total());
    startNext();
}

void SweepRunner::cancel() {
    active_ = false;
}

void SweepRunner::startNext() {
    if (!active_ || next_ >= int(files_.size())) {
        active_ = false;
        return;
    }
    const int index = next_++;
    starting_ = true;
    controller_->trainDetached(files_[size_t(index)], names_[size_t(index)]);
    starting_ = false;
}

void SweepRunner::onState(TrainingState state) {
    if (!active_ || starting_)
        return;
    switch (state) {
    case TrainingState::Finished:
    case TrainingState::Failed:
        emit progress(next_, total());
        if (next_ >= total())
            active_ = false;
        else // after the controller has finished handling this run's end
            QTimer::singleShot(0, this, &SweepRunner::startNext);
        break;
    case TrainingState::Stopped:
    case TrainingState::Idle:
        active_ = false; // the user stopped or reset: the sweep ends here
        emit progress(total(), total());
        break;
    case TrainingState::Running:
    case TrainingState::Paused:
        break;
    }
}
