#include "app/window/TrainingToolBar.h"

#include "app/document/GraphDocument.h"
#include "app/document/SetTrainingConfigCommand.h"
#include "app/training/TrainingController.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QStyle>

#include <climits>

TrainingToolBar::TrainingToolBar(GraphDocument* document, TrainingController* controller,
                                 QWidget* parent)
    : QToolBar(tr("Training"), parent), document_(document), controller_(controller) {
    setObjectName("trainingToolBar");
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    createActions();
    addSeparator();
    createSettings();
    connect(controller_, &TrainingController::stateChanged, this, &TrainingToolBar::showState);
    connect(document_, &GraphDocument::trainingConfigChanged, this, &TrainingToolBar::showConfig);
    showState(controller_->state());
    showConfig();
}

void TrainingToolBar::createActions() {
    const auto add = [this](const QString& text, QStyle::StandardPixmap icon, const QString& tip) {
        QAction* action = addAction(style()->standardIcon(icon), text);
        action->setToolTip(tip);
        return action;
    };
    train_ = add(tr("Train"), QStyle::SP_MediaPlay, tr("Start training, or resume when paused"));
    pause_ = add(tr("Pause"), QStyle::SP_MediaPause,
                 tr("Pause training (parameters return to the document)"));
    step_ = add(tr("Step"), QStyle::SP_MediaSeekForward, tr("Train one step"));
    stop_ =
        add(tr("Stop"), QStyle::SP_MediaStop, tr("Stop training; the graph can be edited again"));
    reset_ = add(tr("Reset"), QStyle::SP_BrowserReload,
                 tr("Discard the run: parameters start again from the seed"));
    connect(train_, &QAction::triggered, controller_, &TrainingController::train);
    connect(pause_, &QAction::triggered, controller_, &TrainingController::pause);
    connect(step_, &QAction::triggered, controller_, &TrainingController::step);
    connect(stop_, &QAction::triggered, controller_, &TrainingController::stop);
    connect(reset_, &QAction::triggered, controller_, &TrainingController::reset);
}

void TrainingToolBar::createSettings() {
    optimizer_ = new QComboBox(this);
    optimizer_->addItems({"sgd", "momentum", "adam"});
    learningRate_ = new QDoubleSpinBox(this);
    learningRate_->setDecimals(5);
    learningRate_->setRange(0.00001, 10.0);
    learningRate_->setSingleStep(0.001);
    batchSize_ = new QSpinBox(this);
    batchSize_->setRange(1, 1 << 20);
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 1000000);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, INT_MAX);
    clipNorm_ = new QDoubleSpinBox(this);
    clipNorm_->setDecimals(3);
    clipNorm_->setRange(0.0, 1e6);
    clipNorm_->setSingleStep(0.5);
    clipNorm_->setSpecialValueText(tr("off"));
    clipNorm_->setToolTip(
        tr("Gradient-norm clipping: steps whose gradients (all parameters together) have a "
           "larger L2 norm are scaled down to it. Off at 0."));
    const auto labelled = [this](const QString& text, QWidget* editor) {
        addWidget(new QLabel(" " + text + " ", this));
        addWidget(editor);
        if (auto* spin = qobject_cast<QAbstractSpinBox*>(editor))
            spin->setKeyboardTracking(false);
    };
    labelled(tr("Optimizer"), optimizer_);
    labelled(tr("Learning rate"), learningRate_);
    labelled(tr("Batch"), batchSize_);
    labelled(tr("Epochs"), epochs_);
    labelled(tr("Seed"), seed_);
    labelled(tr("Clip norm"), clipNorm_);
    const auto edit = [this](auto change) {
        return [this, change](auto value) {
            miniflow::TrainingConfig config = document_->file().training;
            change(config, value);
            commit(config);
        };
    };
    connect(optimizer_, &QComboBox::activated, this, edit([this](miniflow::TrainingConfig& c, int) {
                c.optimizer = optimizer_->currentText().toStdString();
            }));
    connect(learningRate_, &QDoubleSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, double v) { c.learningRate = v; }));
    connect(batchSize_, &QSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, int v) { c.batchSize = v; }));
    connect(epochs_, &QSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, int v) { c.epochs = v; }));
    connect(seed_, &QSpinBox::valueChanged, this, edit([](miniflow::TrainingConfig& c, int v) {
                c.seed = static_cast<std::uint64_t>(v);
            }));
    connect(clipNorm_, &QDoubleSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, double v) { c.clipGradientNorm = v; }));
}

void TrainingToolBar::commit(const miniflow::TrainingConfig& config) {
    if (config == document_->file().training)
        return;
    const bool newRate = config.learningRate != document_->file().training.learningRate;
    document_->push(new SetTrainingConfigCommand(document_, config));
    if (newRate)
        controller_->setLearningRate(config.learningRate);
}

void TrainingToolBar::showState(TrainingState state) {
    const bool running = state == TrainingState::Running;
    const bool paused = state == TrainingState::Paused;
    const bool hasRun = state != TrainingState::Idle;
    train_->setEnabled(!running);
    pause_->setEnabled(running);
    step_->setEnabled(!running);
    stop_->setEnabled(running || paused);
    reset_->setEnabled(hasRun && !running);
}

void TrainingToolBar::showConfig() {
    const miniflow::TrainingConfig& c = document_->file().training;
    const QSignalBlocker b1(optimizer_), b2(learningRate_), b3(batchSize_), b4(epochs_), b5(seed_),
        b6(clipNorm_);
    optimizer_->setCurrentText(QString::fromStdString(c.optimizer));
    learningRate_->setValue(c.learningRate);
    batchSize_->setValue(static_cast<int>(c.batchSize));
    epochs_->setValue(c.epochs);
    seed_->setValue(static_cast<int>(c.seed));
    clipNorm_->setValue(c.clipGradientNorm);
}
