#include "inspect/LossDivergence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace miniflow {

namespace {
std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
}
} // namespace

void LossDivergence::reset() {
    recent_.clear();
    minimum_ = 0;
    hasMinimum_ = false;
    start_.reset();
}

void LossDivergence::observe(double loss, std::optional<double> start) {
    if (start && std::isfinite(*start) && !start_) {
        start_ = start;
        if (!hasMinimum_ || *start < minimum_) {
            minimum_ = *start;
            hasMinimum_ = true;
        }
    }
    recent_.push_back(loss);
    if (recent_.size() > kKept)
        recent_.erase(recent_.begin(), recent_.begin() + static_cast<long>(kKept / 2));
    if (std::isfinite(loss) && (!hasMinimum_ || loss < minimum_)) {
        minimum_ = loss;
        hasMinimum_ = true;
    }
}

std::optional<double> LossDivergence::runningMinimum() const {
    return hasMinimum_ ? std::optional<double>(minimum_) : std::nullopt;
}

std::optional<std::string> LossDivergence::verdict(const Limits& limits) const {
    if (recent_.empty())
        return std::nullopt;
    const double latest = recent_.back();
    if (!std::isfinite(latest))
        return "the loss is " + number(latest);
    if (hasMinimum_ && minimum_ > 0 && limits.factor > 0 && latest > limits.factor * minimum_)
        return "loss " + number(latest) + " is " + number(latest / minimum_) +
               "x its running minimum " + number(minimum_) + " (threshold " +
               number(limits.factor) + "x)";
    const size_t sustain = static_cast<size_t>(std::max(limits.sustain, 1));
    if (start_ && *start_ > 0 && limits.aboveStart > 0 && recent_.size() >= sustain &&
        std::all_of(recent_.end() - static_cast<long>(sustain), recent_.end(),
                    [&](double loss) { return loss > limits.aboveStart * *start_; }))
        return "loss " + number(latest) + " stayed above " + number(limits.aboveStart) +
               "x its value at the start of the run (" + number(*start_) + ") for " +
               std::to_string(sustain) + " snapshots: worse than the untrained model";
    const size_t n = static_cast<size_t>(std::max(limits.rising, 0));
    if (n == 0 || recent_.size() < n + 1)
        return std::nullopt;
    const auto from = recent_.end() - static_cast<long>(n + 1);
    for (auto it = from; it + 1 != recent_.end(); ++it)
        if (!(it[1] > it[0]))
            return std::nullopt;
    return "loss rose in each of the last " + std::to_string(n) + " snapshots, from " +
           number(*from) + " to " + number(latest);
}

} // namespace miniflow
