#pragma once
#include "app/plot/LossHistory.h"
#include "app/plot/RunOverlay.h"
#include "app/training/TrainingSnapshot.h"

#include <QWidget>
#include <memory>

class TrainingController;

/// The view of a run's LossHistory (QCustomPlot, kept out of this header):
/// - per-step training loss, raw and smoothed (the smoothing slider sets the EMA weight;
///   0 shows the raw curve alone),
/// - validation loss per epoch (points joined by a line), at the step that ended the epoch,
/// - validation accuracy per epoch in percent on the right axis (classifiers only),
/// - a log-scale toggle for the loss axis, drag to pan, wheel to zoom, double-click to
///   follow the data again, and a legend.
/// append() only stores points; redrawing is throttled to at most one every
/// kReplotInterval ms. What is drawn is the visible range reduced to at most kMaxBuckets
/// buckets (LossHistory::reduce), so a redraw costs the same after a million steps as after
/// a thousand.
class LossPlot : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kReplotInterval = 33;
    static constexpr int kMaxBuckets = 1200;
    static constexpr size_t kMaxStoredPoints = LossHistory::kMaxStoredPoints;
    static constexpr size_t kMaxEpochPoints = LossHistory::kMaxEpochPoints;

    explicit LossPlot(QWidget* parent = nullptr);
    ~LossPlot() override;

    /// Follows a TrainingController: appends each snapshot, clears on Idle (Reset, another
    /// graph), so the axes never keep a previous run's range.
    void watch(TrainingController* controller);
    /// Forgets every point (a new run after Reset).
    void clear();
    /// Adds the snapshot's loss points and epoch results.
    void append(const TrainingSnapshot& snapshot);

    const LossHistory& history() const { return history_; }
    int trainingPointCount() const;
    int validationPointCount() const;
    int accuracyPointCount() const;
    /// Step of the last training point (0 when empty).
    long lastStep() const;
    /// Smoothed value of the last training point (the raw value when smoothing is off).
    double lastSmoothedLoss() const;
    /// Points the raw curve drew at the last redraw (at most 2 * kMaxBuckets).
    int drawnPointCount() const;
    /// Redraws done so far (tests check the throttle).
    int replotCount() const;
    /// The loss axis's range now (tests check that Reset forgets a run's range).
    std::pair<double, double> lossAxisRange() const;

    /// Draws kept runs over the live curves, one colour each: training loss (solid),
    /// validation loss (dashed) and a star on the best epoch; replaces the previous ones.
    void setOverlays(std::vector<RunOverlay> overlays);
    /// Training-loss curves of overlaid runs drawn now (tests).
    int overlayCurveCount() const;
    /// Best-epoch markers drawn now (tests).
    int overlayMarkerCount() const;

    /// EMA weight in [0, 0.99]; 0 turns smoothing off.
    void setSmoothing(double weight);
    double smoothing() const;
    void setLogScale(bool logarithmic);
    bool logScale() const;

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    struct Private;

    void buildControls();
    void buildPlot();
    void scheduleReplot();
    void replotNow();
    void fitAxesToData();
    void drawVisibleRange();

    LossHistory history_;
    std::unique_ptr<Private> d_;
};
