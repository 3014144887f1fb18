#pragma once
/// The sweep view (NOTE [Studio runs]): one point per kept run, a setting (chosen among the
/// settings that differ between the runs) against the run's best validation metric (loss or
/// accuracy), each point labelled with the run's name. Numeric settings get a numeric axis
/// (logarithmic when the values span more than a factor of 20, as learning rates do); text
/// settings (the optimizer) one column per value.
#include <QWidget>

class QComboBox;
class QCustomPlot;
class RunStore;

class SweepView : public QWidget {
    Q_OBJECT
  public:
    explicit SweepView(RunStore* store, QWidget* parent = nullptr);

    QComboBox* settingBox() const { return setting_; }
    QComboBox* metricBox() const { return metric_; }
    /// Points drawn now (tests).
    int pointCount() const { return points_; }
    bool logarithmic() const { return logarithmic_; }
    void refresh();

  private:
    RunStore* store_;
    QComboBox* setting_;
    QComboBox* metric_;
    QCustomPlot* plot_;
    int points_ = 0;
    bool logarithmic_ = false;
};
