#pragma once
#include "app/training/TrainingSnapshot.h"

#include <QWidget>
#include <memory>

/// The loss curves of a run (QCustomPlot, kept out of this header):
/// - per-step training loss, raw and smoothed (debiased exponential moving average, the
///   smoothing slider sets its weight; 0 shows the raw curve alone),
/// - validation loss per epoch (points joined by a line), at the step that ended the epoch,
/// - validation accuracy per epoch in percent on the right axis (classifiers only),
/// - a log-scale toggle for the loss axis, drag to pan, wheel to zoom, double-click to
///   follow the data again, and a legend.
/// append() only stores points; redrawing is throttled to at most one every
/// kReplotInterval ms. Every step is kept up to kMaxStoredPoints; beyond that the older half
/// of the history is thinned to each group of four points' lowest and highest loss (so
/// memory stays bounded in runs of any length, the latest steps stay exact and no spike
/// disappears; old history gets coarser the longer a run lasts). What is drawn is the
/// visible range reduced to at most kMaxBuckets buckets (each bucket's minimum and maximum
/// for the raw curve, its mean for the smoothed one), so a redraw costs the same after a
/// million steps as after a thousand.
class LossPlot : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kReplotInterval = 33;
    static constexpr int kMaxBuckets = 1200;
    static constexpr size_t kMaxStoredPoints = size_t{1} << 18; ///< 6 MB of history
    static constexpr size_t kMaxEpochPoints =
        4096; ///< per epoch graph, its older half thinned beyond

    explicit LossPlot(QWidget* parent = nullptr);
    ~LossPlot() override;

    /// Forgets every point (a new run after Reset).
    void clear();
    /// Adds the snapshot's loss points and epoch results (every step, no gaps, until the
    /// history is thinned).
    void append(const TrainingSnapshot& snapshot);

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
    void addLosses(const std::vector<LossPoint>& losses);
    /// Halves the older half of the stored history (see the class comment).
    void thinOldHistory();
    void addEpochs(const std::vector<EpochPoint>& epochs);
    void extendValueRange(double value);
    double smoothNext(double loss);
    void recomputeSmoothing();
    void scheduleReplot();
    void replotNow();
    void fitAxesToData();
    void drawVisibleRange();

    std::unique_ptr<Private> d_;
};
