#pragma once
#include "app/training/TrainingSnapshot.h"
#include "train/TrainingConfig.h"

#include <QToolBar>

class GraphDocument;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class TrainingController;

/// Train / Pause / Step / Stop / Reset (wired to the TrainingController, enabled per
/// TrainingState) and the training settings in one visible place: optimizer, learning
/// rate, batch size, epochs, seed, gradient clipping. The settings are bound both ways to the
/// document's TrainingConfig: edits become SetTrainingConfigCommands (undoable, allowed while
/// training; a learning-rate change also reaches the running worker), and document
/// changes (undo, open) show up here.
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
    QDoubleSpinBox* learningRateBox() const { return learningRate_; }
    QSpinBox* batchSizeBox() const { return batchSize_; }
    QSpinBox* epochsBox() const { return epochs_; }
    QSpinBox* seedBox() const { return seed_; }
    /// Gradient-norm clipping; 0 shows "off".
    QDoubleSpinBox* clipNormBox() const { return clipNorm_; }

  private:
    void createActions();
    void createSettings();
    void showState(TrainingState state);
    void showConfig();
    void commit(const miniflow::TrainingConfig& config);

    GraphDocument* document_;
    TrainingController* controller_;
    QAction* train_ = nullptr;
    QAction* pause_ = nullptr;
    QAction* step_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* reset_ = nullptr;
    QComboBox* optimizer_ = nullptr;
    QDoubleSpinBox* learningRate_ = nullptr;
    QSpinBox* batchSize_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QDoubleSpinBox* clipNorm_ = nullptr;
};
