#pragma once
#include "inspect/HealthThresholds.h"

#include <QDialog>

class QDoubleSpinBox;
class QSpinBox;

/// Edits the gradient-health thresholds (HealthThresholds), each with a line saying
/// what it decides; "Restore defaults" puts the built-in values back.
class HealthSettingsDialog : public QDialog {
    Q_OBJECT
  public:
    explicit HealthSettingsDialog(const miniflow::HealthThresholds& thresholds,
                                  QWidget* parent = nullptr);
    miniflow::HealthThresholds thresholds() const;

  private:
    void fill(const miniflow::HealthThresholds& t);

    QDoubleSpinBox* vanishing_;
    QDoubleSpinBox* spread_;
    QDoubleSpinBox* explodingNorm_;
    QDoubleSpinBox* explodingGrowth_;
    QDoubleSpinBox* dead_;
    QDoubleSpinBox* saturated_;
    QSpinBox* sustain_;
    QSpinBox* window_;
    QDoubleSpinBox* divergenceFactor_;
    QDoubleSpinBox* divergenceAboveStart_;
    QSpinBox* divergenceRising_;
};
