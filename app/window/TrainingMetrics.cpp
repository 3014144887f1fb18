#include "app/window/TrainingMetrics.h"

#include "app/training/TrainingController.h"

#include <QHBoxLayout>
#include <QLabel>

namespace {

QString lossAndAccuracy(const QString& which, std::optional<double> loss,
                        std::optional<double> accuracy) {
    const QString none = QStringLiteral("–");
    return QObject::tr("%1 loss %2 · acc %3")
        .arg(which, loss ? QString::number(*loss, 'g', 4) : none,
             accuracy ? QString::number(100 * *accuracy, 'f', 1) + "%" : none);
}

} // namespace

TrainingMetrics::TrainingMetrics(TrainingController* controller, QWidget* parent)
    : QWidget(parent) {
    setObjectName("trainingMetrics");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    progress_ = addLabel(tr("epoch %1 · step %2").arg(99999).arg(999999999),
                         tr("Epochs completed and training steps taken since the last reset"));
    training_ = addLabel(lossAndAccuracy(tr("train"), 1.2345e-05, 1.0),
                         tr("The latest epoch's mean training loss and the share of its "
                            "training samples classified right (while training)"));
    validation_ = addLabel(lossAndAccuracy(tr("val"), 1.2345e-05, 1.0),
                           tr("Loss and accuracy on the validation samples after the latest "
                              "epoch"));
    speed_ = addLabel(tr("%1 samples/s").arg(99999999),
                      tr("Training samples per second over the latest snapshot interval"));
    connect(controller, &TrainingController::snapshotReady, this, &TrainingMetrics::show);
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Idle)
            clear();
    });
    clear();
}

QLabel* TrainingMetrics::addLabel(const QString& widest, const QString& tip) {
    auto* label = new QLabel(this);
    label->setToolTip(tip);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    label->setFixedSize(label->fontMetrics().horizontalAdvance(widest) + 8,
                        label->sizeHint().height());
    layout()->addWidget(label);
    return label;
}

QString TrainingMetrics::progressText() const {
    return progress_->text();
}
QString TrainingMetrics::trainingText() const {
    return training_->text();
}
QString TrainingMetrics::validationText() const {
    return validation_->text();
}
QString TrainingMetrics::speedText() const {
    return speed_->text();
}

void TrainingMetrics::show(const TrainingSnapshot& snapshot) {
    progress_->setText(tr("epoch %1 · step %2").arg(snapshot.epoch).arg(snapshot.step));
    if (!snapshot.epochs.empty()) {
        const EpochPoint& e = snapshot.epochs.back();
        training_->setText(lossAndAccuracy(tr("train"), e.trainLoss, e.trainAccuracy));
        validation_->setText(lossAndAccuracy(tr("val"), e.validationLoss, e.validationAccuracy));
    }
    // Only a rate measured over running steps (NOTE [Samples per second]); none after single
    // steps or a pause.
    if (snapshot.samplesPerSecond)
        speed_->setText(tr("%1 samples/s").arg(*snapshot.samplesPerSecond, 0, 'f', 0));
    else
        speed_->clear();
}

void TrainingMetrics::clear() {
    progress_->setText(tr("epoch 0 · step 0"));
    training_->setText(lossAndAccuracy(tr("train"), std::nullopt, std::nullopt));
    validation_->setText(lossAndAccuracy(tr("val"), std::nullopt, std::nullopt));
    speed_->clear();
}
