#pragma once
#include "app/training/TrainingSnapshot.h"
#include "app/window/ScientificSpinBox.h"
#include "train/TrainingConfig.h"

#include <QToolBar>

class GraphDocument;
class QComboBox;
class QToolButton;
class QSpinBox;
class TrainingController;

/// Train / Pause / Step / Stop / Reset (wired to the TrainingController, enabled per
/// TrainingState), the speed of a run, and the training settings in one visible place:
/// optimizer, learning rate, batch size, epochs, seed, gradient clipping.
/// One route per setting: the settings are the document's TrainingConfig; edits become
/// SetTrainingConfigCommands (undoable, allowed while training) and document changes (undo,
/// open) show up here; the controller forwards what a running worker may change. The speed
/// is the controller's (NOTE [Training pace]): the box sets it and mirrors it.
/// Unusual values are kept and said (a warning beside the field and message()); values that
/// are no number in range are refused in words, never clamped.
/// Train after a finished run asks whether to continue from the trained weights or to start
/// over from the seed.
class TrainingToolBar : public QToolBar {
    Q_OBJECT
  public:
    TrainingToolBar(GraphDocument* document, TrainingController* controller,
                    QWidget* parent = nullptr);

    QAction* trainAction() const { return train_; }
    QAction* pauseAction() const { return pause_; }
    QAction* stepAction() const { return step_; }
    QAction* stopAction() const { return stop_; }
    QAction* resetAction() const { return reset_; }
    QComboBox* optimizerBox() const { return optimizer_; }
    QSpinBox* batchSizeBox() const { return batchSize_; }
    /// Steps per second; each item's data is the pace (TrainingPace::kMax for "max").
    QComboBox* speedBox() const { return speed_; }
    ScientificSpinBox* learningRateBox() const { return learningRate_; }
    QSpinBox* epochsBox() const { return epochs_; }
    QSpinBox* seedBox() const { return seed_; }
    /// Gradient-norm clipping; 0 shows "off".
    QDoubleSpinBox* clipNormBox() const { return clipNorm_; }
    QDoubleSpinBox* weightDecayBox() const { return weightDecay_; }
    /// The warning beside the learning rate (visible only while there is one; its tooltip
    /// says why, a click repeats it in the status bar).
    QToolButton* learningRateWarning() const { return rateWarning_; }

  signals:
    /// Words for the status bar: a warning about a value, or why a typed value was refused.
    void message(const QString& text);

  private:
    void createActions();
    void createSpeed();
    void createSettings();
    void showState(TrainingState state);
    void showConfig();
    void showSpeed(double stepsPerSecond);
    void commit(const miniflow::TrainingConfig& config);
    /// Train, or after a finished run: ask "continue or start over" first.
    void onTrain();

    GraphDocument* document_;
    TrainingController* controller_;
    QAction* train_ = nullptr;
    QAction* pause_ = nullptr;
    QAction* step_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* reset_ = nullptr;
    QComboBox* speed_ = nullptr;
    QComboBox* optimizer_ = nullptr;
    ScientificSpinBox* learningRate_ = nullptr;
    QToolButton* rateWarning_ = nullptr;
    QAction* rateWarningAction_ = nullptr; ///< the toolbar's handle to show / hide it
    QSpinBox* batchSize_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QDoubleSpinBox* weightDecay_ = nullptr;
    QAction* weightDecayLabelAction_ = nullptr; ///< "Decay", visible for adamw only
    QAction* weightDecayAction_ = nullptr;
    QDoubleSpinBox* clipNorm_ = nullptr;
    QString shownWarning_;
};
