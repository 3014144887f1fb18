#include "app/window/TrainingToolBar.h"

#include "app/document/GraphDocument.h"
#include "app/document/SetTrainingConfigCommand.h"
#include "app/training/TrainingController.h"
#include "app/training/TrainingPace.h"
#include "app/window/ScientificSpinBox.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include <climits>
#include <tuple>
#include <utility>

namespace {

/// What to tell the user about a learning rate that is allowed but unusual (empty: nothing).
QString warningFor(double rate) {
    if (rate > 1)
        return QObject::tr("Learning rate %1 is above 1: training will likely diverge "
                           "(usual values: 0.0001 to 0.1).")
            .arg(rate);
    if (rate < 1e-6)
        return QObject::tr("Learning rate %1 is below 1e-6: training will barely move "
                           "(usual values: 0.0001 to 0.1).")
            .arg(rate);
    return {};
}

QString speedText(double stepsPerSecond) {
    return stepsPerSecond == TrainingPace::kMax
               ? QObject::tr("max")
               : QObject::tr("%1 steps/s").arg(stepsPerSecond, 0, 'g', 6);
}

} // namespace

TrainingToolBar::TrainingToolBar(GraphDocument* document, TrainingController* controller,
                                 QWidget* parent)
    : QToolBar(tr("Training"), parent), document_(document), controller_(controller) {
    setObjectName("trainingToolBar");
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    createActions();
    createSpeed();
    addSeparator();
    createSettings();
    connect(controller_, &TrainingController::stateChanged, this, &TrainingToolBar::showState);
    connect(controller_, &TrainingController::stepsPerSecondChanged, this,
            &TrainingToolBar::showSpeed);
    connect(document_, &GraphDocument::trainingConfigChanged, this, &TrainingToolBar::showConfig);
    showState(controller_->state());
    showSpeed(controller_->stepsPerSecond());
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
    connect(train_, &QAction::triggered, this, &TrainingToolBar::onTrain);
    connect(pause_, &QAction::triggered, controller_, &TrainingController::pause);
    connect(step_, &QAction::triggered, controller_, &TrainingController::step);
    connect(stop_, &QAction::triggered, controller_, &TrainingController::stop);
    connect(reset_, &QAction::triggered, controller_, &TrainingController::reset);
}

void TrainingToolBar::createSpeed() {
    speed_ = new QComboBox(this);
    speed_->setObjectName("speedBox");
    for (double pace : TrainingPace::choices())
        speed_->addItem(speedText(pace), pace);
    speed_->setToolTip(
        tr("Training steps per second. Small 2-D problems start at %1, so the edge colours "
           "and the decision boundary can be followed; other data starts at max. Runs of the "
           "command line and single steps are never slowed down.")
            .arg(speedText(TrainingPace::kWatchable)));
    addWidget(new QLabel(" " + tr("Speed") + " ", this));
    addWidget(speed_);
    connect(speed_, &QComboBox::activated, this, [this](int index) {
        controller_->setStepsPerSecond(speed_->itemData(index).toDouble());
    });
}

void TrainingToolBar::createSettings() {
    optimizer_ = new QComboBox(this);
    optimizer_->addItems({"sgd", "momentum", "adam", "adamw"});
    optimizer_->setToolTip(tr("adamw: Adam with decoupled weight decay (PyTorch's AdamW); "
                              "per-Parameter l2 / l1 penalties are set in the inspector"));
    learningRate_ = new ScientificSpinBox(this);
    learningRate_->setRange(1e-12, 1e12);
    learningRate_->setToolTip(tr("Learning rate: any number > 0 (1e-4 and 0.0001 both work)"));
    rateWarning_ = new QToolButton(this);
    rateWarning_->setObjectName("learningRateWarning");
    rateWarning_->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    rateWarning_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    rateWarning_->setAutoRaise(true);
    connect(rateWarning_, &QToolButton::clicked, this,
            [this] { emit message(rateWarning_->toolTip()); });
    batchSize_ = new QSpinBox(this);
    batchSize_->setRange(1, INT_MAX);
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, INT_MAX);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, INT_MAX);
    clipNorm_ = new QDoubleSpinBox(this);
    clipNorm_->setDecimals(3);
    clipNorm_->setRange(0.0, 1e9);
    clipNorm_->setSingleStep(0.5);
    clipNorm_->setSpecialValueText(tr("off"));
    clipNorm_->setToolTip(
        tr("Gradient-norm clipping: steps whose gradients (all parameters together) have a "
           "larger L2 norm are scaled down to it. Off at 0."));
    weightDecay_ = new QDoubleSpinBox(this);
    weightDecay_->setObjectName("weightDecayBox");
    weightDecay_->setDecimals(5);
    weightDecay_->setRange(0.0, 1e3);
    weightDecay_->setSingleStep(0.001);
    weightDecay_->setToolTip(
        tr("AdamW's decoupled weight decay: each step multiplies every trainable Parameter by "
           "1 - learning rate x decay (PyTorch's AdamW weight_decay). Used by adamw only; the "
           "reported loss is the data loss, without penalties."));
    /// The label's and the editor's actions (to show or hide both).
    const auto labelled = [this](const QString& text, QWidget* editor) {
        QAction* label = addWidget(new QLabel(" " + text + " ", this));
        QAction* field = addWidget(editor);
        if (auto* spin = qobject_cast<QAbstractSpinBox*>(editor))
            spin->setKeyboardTracking(false);
        return std::pair{label, field};
    };
    labelled(tr("Optimizer"), optimizer_);
    labelled(tr("Learning rate"), learningRate_);
    // Only adamw uses the decay: shown for it alone, so the other optimizers keep the
    // toolbar's fields (Epochs, Seed, Clip norm) on a 1366 px screen.
    std::tie(weightDecayLabelAction_, weightDecayAction_) = labelled(tr("Decay"), weightDecay_);
    rateWarningAction_ = addWidget(rateWarning_);
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
    connect(learningRate_, &ScientificSpinBox::refused, this, [this](const QString& text) {
        emit message(tr("Learning rate \"%1\" is not a number between %2 and %3; it stays %4.")
                         .arg(text, learningRate_->textFromValue(learningRate_->minimum()),
                              learningRate_->textFromValue(learningRate_->maximum()),
                              learningRate_->textFromValue(learningRate_->value())));
    });
    connect(batchSize_, &QSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, int v) { c.batchSize = v; }));
    connect(epochs_, &QSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, int v) { c.epochs = v; }));
    connect(seed_, &QSpinBox::valueChanged, this, edit([](miniflow::TrainingConfig& c, int v) {
                c.seed = static_cast<std::uint64_t>(v);
            }));
    connect(clipNorm_, &QDoubleSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, double v) { c.clipGradientNorm = v; }));
    connect(weightDecay_, &QDoubleSpinBox::valueChanged, this,
            edit([](miniflow::TrainingConfig& c, double v) { c.weightDecay = v; }));
}

/// The toolbar only edits the document; the controller forwards what a run may change.
void TrainingToolBar::commit(const miniflow::TrainingConfig& config) {
    if (config == document_->file().training)
        return;
    document_->push(new SetTrainingConfigCommand(document_, config));
}

void TrainingToolBar::onTrain() {
    if (controller_->state() != TrainingState::Finished)
        return controller_->train();
    const int epochs = document_->file().training.epochs;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Train again"),
                                tr("The run has finished its %1. Continue from the trained "
                                   "weights for another %1, or start over from the seed?")
                                    .arg(epochs == 1 ? tr("epoch") : tr("%1 epochs").arg(epochs)),
                                QMessageBox::Cancel, window());
    box->setObjectName("trainAgainBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* resume = box->addButton(tr("Continue training"), QMessageBox::AcceptRole);
    QPushButton* restart = box->addButton(tr("Start over"), QMessageBox::DestructiveRole);
    box->setDefaultButton(resume);
    connect(box, &QMessageBox::buttonClicked, this, [this, resume, restart](QAbstractButton* b) {
        if (controller_->state() != TrainingState::Finished)
            return; // something else started or reset a run meanwhile
        if (b == restart)
            controller_->reset();
        if (b == resume || b == restart)
            controller_->train();
    });
    box->open();
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

void TrainingToolBar::showSpeed(double stepsPerSecond) {
    const QSignalBlocker blocker(speed_);
    int index = speed_->findData(stepsPerSecond);
    if (index < 0) { // a pace set elsewhere (a test, a headless run): show it too
        speed_->addItem(speedText(stepsPerSecond), stepsPerSecond);
        index = speed_->count() - 1;
    }
    speed_->setCurrentIndex(index);
}

void TrainingToolBar::showConfig() {
    const miniflow::TrainingConfig& c = document_->file().training;
    const QSignalBlocker b1(optimizer_), b2(learningRate_), b3(batchSize_), b4(epochs_), b5(seed_),
        b6(clipNorm_), b7(weightDecay_);
    optimizer_->setCurrentText(QString::fromStdString(c.optimizer));
    learningRate_->setValue(c.learningRate);
    batchSize_->setValue(static_cast<int>(c.batchSize));
    epochs_->setValue(c.epochs);
    seed_->setValue(static_cast<int>(c.seed));
    clipNorm_->setValue(c.clipGradientNorm);
    weightDecay_->setValue(c.weightDecay);
    const bool adamw = c.optimizer == "adamw";
    weightDecay_->setEnabled(adamw);
    weightDecayLabelAction_->setVisible(adamw);
    weightDecayAction_->setVisible(adamw);
    const QString warning = warningFor(c.learningRate);
    rateWarning_->setText(c.learningRate > 1 ? tr("may diverge") : tr("barely moves"));
    rateWarning_->setToolTip(warning);
    learningRate_->setToolTip(warning.isEmpty()
                                  ? tr("Learning rate: any number > 0 (1e-4 and 0.0001 both work)")
                                  : warning);
    rateWarningAction_->setVisible(!warning.isEmpty());
    if (!warning.isEmpty() && warning != shownWarning_)
        emit message(warning);
    shownWarning_ = warning;
}
