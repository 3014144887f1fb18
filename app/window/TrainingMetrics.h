#pragma once
#include "app/training/TrainingSnapshot.h"

#include <QWidget>

class QLabel;
class TrainingController;

/// The run's numbers for the status bar: epoch and step, the latest epoch's training and
/// validation loss and accuracy, and samples per second. It follows the controller itself
/// (snapshots; cleared when the run is reset or another graph loaded). Every label has a
/// fixed size: a label that changes size relays out the whole window on every snapshot.
class TrainingMetrics : public QWidget {
    Q_OBJECT
  public:
    explicit TrainingMetrics(TrainingController* controller, QWidget* parent = nullptr);

    QString progressText() const;   ///< "epoch 3 · step 75"
    QString trainingText() const;   ///< "train loss 0.412 · acc 81.3%"
    QString validationText() const; ///< "val loss 0.455 · acc 79.0%"
    QString speedText() const;      ///< "12,345 samples/s"

  private:
    void show(const TrainingSnapshot& snapshot);
    void clear();
    /// A label as wide as `widest` will ever need, right-aligned.
    QLabel* addLabel(const QString& widest, const QString& tip);

    QLabel* progress_ = nullptr;
    QLabel* training_ = nullptr;
    QLabel* validation_ = nullptr;
    QLabel* speed_ = nullptr;
};
