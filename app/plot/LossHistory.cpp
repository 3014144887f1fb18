#include "app/plot/LossHistory.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

/// Keeps at most kMaxEpochPoints: beyond, every other point of the older half goes (runs
/// with tiny epochs add one per epoch for hours).
void thinSeries(LossHistory::Series& series) {
    const size_t count = series.size();
    if (count <= LossHistory::kMaxEpochPoints)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i)
        if (i >= count / 2 || i % 2 == 0) {
            series.steps[kept] = series.steps[i];
            series.values[kept] = series.values[i];
            ++kept;
        }
    series.steps.resize(kept);
    series.values.resize(kept);
}

} // namespace

void LossHistory::clear() {
    steps_.clear();
    losses_.clear();
    smoothed_.clear();
    validation_ = {};
    accuracy_ = {};
    epochEndStep_.clear();
    ema_ = 0;
    emaCount_ = 0;
    minValue_ = minPositive_ = std::numeric_limits<double>::infinity();
    maxValue_ = -std::numeric_limits<double>::infinity();
}

void LossHistory::append(const TrainingSnapshot& snapshot) {
    for (const LossPoint& p : snapshot.losses)
        addLoss(p);
    for (const EpochPoint& e : snapshot.epochs)
        addEpoch(e);
}

void LossHistory::addLoss(const LossPoint& p) {
    if (steps_.size() >= kMaxStoredPoints)
        thinOldHistory();
    steps_.push_back(static_cast<double>(p.step));
    losses_.push_back(p.loss);
    smoothed_.push_back(smoothNext(p.loss));
    epochEndStep_[p.epoch] = p.step;
    extendRange(p.loss);
}

void LossHistory::addEpoch(const EpochPoint& e) {
    const auto end = epochEndStep_.find(e.epoch);
    const double step = end != epochEndStep_.end() ? static_cast<double>(end->second)
                                                   : static_cast<double>(lastStep());
    if (e.validationLoss) {
        validation_.steps.push_back(step);
        validation_.values.push_back(*e.validationLoss);
        extendRange(*e.validationLoss);
    }
    if (e.validationAccuracy) {
        accuracy_.steps.push_back(step);
        accuracy_.values.push_back(100.0 * *e.validationAccuracy);
    }
    epochEndStep_.erase(epochEndStep_.begin(), epochEndStep_.upper_bound(e.epoch));
    thinSeries(validation_);
    thinSeries(accuracy_);
}

void LossHistory::thinOldHistory() {
    const size_t older = steps_.size() / 2 / 4 * 4;
    size_t kept = 0;
    const auto keep = [&](size_t i) {
        steps_[kept] = steps_[i];
        losses_[kept] = losses_[i];
        smoothed_[kept] = smoothed_[i];
        ++kept;
    };
    for (size_t first = 0; first < older; first += 4) { // kept <= first: reads stay ahead
        size_t low = first, high = first;
        for (size_t i = first + 1; i < first + 4; ++i) {
            if (losses_[i] < losses_[low])
                low = i;
            if (losses_[i] > losses_[high])
                high = i;
        }
        keep(std::min(low, high));
        if (low != high)
            keep(std::max(low, high));
    }
    for (size_t i = older; i < steps_.size(); ++i)
        keep(i);
    steps_.resize(kept);
    losses_.resize(kept);
    smoothed_.resize(kept);
}

void LossHistory::extendRange(double value) {
    if (!std::isfinite(value))
        return;
    minValue_ = std::min(minValue_, value);
    maxValue_ = std::max(maxValue_, value);
    if (value > 0)
        minPositive_ = std::min(minPositive_, value);
}

double LossHistory::smoothNext(double loss) {
    ema_ = weight_ * ema_ + (1 - weight_) * loss;
    ++emaCount_;
    const double debias = 1 - std::pow(weight_, static_cast<double>(emaCount_));
    return debias > 0 ? ema_ / debias : loss;
}

void LossHistory::setSmoothing(double weight) {
    weight_ = std::clamp(weight, 0.0, 0.99);
    ema_ = 0;
    emaCount_ = 0;
    for (size_t i = 0; i < losses_.size(); ++i)
        smoothed_[i] = smoothNext(losses_[i]);
}

long LossHistory::lastStep() const {
    return steps_.empty() ? 0 : static_cast<long>(steps_.back());
}

double LossHistory::lastSmoothedLoss() const {
    return smoothed_.empty() ? 0.0 : smoothed_.back();
}

LossHistory::Reduced LossHistory::reduce(double fromStep, double toStep, size_t buckets) const {
    const auto first = std::lower_bound(steps_.begin(), steps_.end(), fromStep);
    const auto last = std::upper_bound(steps_.begin(), steps_.end(), toStep);
    // One point beyond each edge keeps the line running to the border.
    const size_t begin =
        static_cast<size_t>(std::max<std::ptrdiff_t>(0, first - steps_.begin() - 1));
    const size_t end =
        std::max(begin, std::min(steps_.size(), static_cast<size_t>(last - steps_.begin()) + 1));
    Reduced out;
    const size_t count = end - begin;
    if (count <= 2 * buckets) {
        out.rawSteps.assign(steps_.begin() + static_cast<long>(begin),
                            steps_.begin() + static_cast<long>(end));
        out.rawValues.assign(losses_.begin() + static_cast<long>(begin),
                             losses_.begin() + static_cast<long>(end));
        out.smoothSteps = out.rawSteps;
        out.smoothValues.assign(smoothed_.begin() + static_cast<long>(begin),
                                smoothed_.begin() + static_cast<long>(end));
        return out;
    }
    for (size_t b = 0; b < buckets; ++b) {
        const size_t lo = begin + b * count / buckets, hi = begin + (b + 1) * count / buckets;
        size_t low = lo, high = lo;
        double sum = 0;
        for (size_t i = lo; i < hi; ++i) {
            if (losses_[i] < losses_[low])
                low = i;
            if (losses_[i] > losses_[high])
                high = i;
            sum += smoothed_[i];
        }
        for (size_t i : {std::min(low, high), std::max(low, high)}) {
            out.rawSteps.push_back(steps_[i]);
            out.rawValues.push_back(losses_[i]);
        }
        out.smoothSteps.push_back(0.5 * (steps_[lo] + steps_[hi - 1]));
        out.smoothValues.push_back(sum / static_cast<double>(hi - lo));
    }
    return out;
}
