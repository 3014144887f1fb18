#pragma once
/// The loss history of a run, without Qt (the model behind LossPlot): every training step's
/// loss and its smoothed value, validation loss and accuracy per epoch at the step that ended
/// the epoch, and the range of the values. Memory stays bounded in runs of any length: beyond
/// kMaxStoredPoints the older half of the step history is thinned to each group of four
/// points' lowest and highest loss (the latest steps stay exact, no spike disappears), and
/// beyond kMaxEpochPoints every other epoch point of the older half goes.
#include "app/training/TrainingSnapshot.h"

#include <cstddef>
#include <limits>
#include <map>
#include <vector>

class LossHistory {
  public:
    static constexpr size_t kMaxStoredPoints = size_t{1} << 18; ///< 6 MB of history
    static constexpr size_t kMaxEpochPoints = 4096;             ///< per epoch series

    /// (step, value) pairs of one epoch series, in step order.
    struct Series {
        std::vector<double> steps, values;
        size_t size() const { return steps.size(); }
    };
    /// The drawn form of a step range: every point when few, else per bucket the raw minimum
    /// and maximum (in step order) and the mean of the smoothed values.
    struct Reduced {
        std::vector<double> rawSteps, rawValues, smoothSteps, smoothValues;
    };

    void clear();
    /// Adds the snapshot's loss points, then its epoch results.
    void append(const TrainingSnapshot& snapshot);

    const std::vector<double>& steps() const { return steps_; }
    const std::vector<double>& losses() const { return losses_; }
    const std::vector<double>& smoothed() const { return smoothed_; }
    const Series& validation() const { return validation_; }
    const Series& accuracy() const { return accuracy_; } ///< in percent
    long lastStep() const;
    /// Smoothed value of the last training point (the raw value when smoothing is off).
    double lastSmoothedLoss() const;

    /// EMA weight in [0, 0.99] (TensorBoard's debiased EMA); 0 turns smoothing off. The
    /// smoothed curve is recomputed over the stored history.
    void setSmoothing(double weight);
    double smoothing() const { return weight_; }

    /// Range of every finite loss and validation loss (min > max while there is none).
    double minValue() const { return minValue_; }
    double maxValue() const { return maxValue_; }
    /// Smallest positive one (infinity while there is none), for a log axis.
    double minPositive() const { return minPositive_; }

    /// The points of steps in [fromStep, toStep] plus one beyond each end, reduced to at most
    /// `buckets` buckets.
    Reduced reduce(double fromStep, double toStep, size_t buckets) const;

  private:
    void addLoss(const LossPoint& p);
    void addEpoch(const EpochPoint& e);
    void thinOldHistory();
    void extendRange(double value);
    double smoothNext(double loss);

    std::vector<double> steps_, losses_, smoothed_;
    Series validation_, accuracy_;
    std::map<int, long> epochEndStep_; ///< last step seen of each epoch not yet reported
    double weight_ = 0.6;
    double ema_ = 0;    ///< biased running average
    long emaCount_ = 0; ///< points folded into ema_
    double minValue_ = std::numeric_limits<double>::infinity();
    double maxValue_ = -std::numeric_limits<double>::infinity();
    double minPositive_ = std::numeric_limits<double>::infinity();
};
