#pragma once
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

/// Watches the training loss for divergence (part of NOTE [Gradient health]): one value per
/// health snapshot (the mean loss of the steps since the previous one) and the loss of the
/// run's first step. A run diverges when the latest loss is not finite, or above `factor`
/// times the smallest loss seen so far in the run (the first step's included), or above
/// `aboveStart` times the first step's loss in each of the last `sustain` snapshots (worse
/// than the untrained model), or rose in each of the last `rising` snapshots. No Qt; any
/// thread.
class LossDivergence {
  public:
    void reset();
    /// `start`: the loss of the run's first step, when known.
    void observe(double loss, std::optional<double> start = std::nullopt);

    struct Limits {
        double factor = 10;    ///< times the running minimum
        double aboveStart = 2; ///< times the first step's loss (0: off)...
        int sustain = 5;       ///< ...for this many snapshots in a row
        int rising = 10;       ///< snapshots in a row (0: off)
    };
    /// Why the run diverges, in words without a subject ("loss 34 is 49x its running minimum
    /// 0.69 (threshold 10x)"), or nullopt while it does not.
    std::optional<std::string> verdict(const Limits& limits) const;
    /// The smallest finite loss observed (nullopt before one).
    std::optional<double> runningMinimum() const;

  private:
    std::vector<double> recent_; ///< the latest losses (at most kKept)
    double minimum_ = 0;
    bool hasMinimum_ = false;
    std::optional<double> start_;
    static constexpr size_t kKept = 1000;
};

} // namespace miniflow
