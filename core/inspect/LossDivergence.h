#pragma once
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

/// Watches the training loss for divergence (part of NOTE [Gradient health]): one value per
/// health snapshot (the mean loss of the steps since the previous one). A run diverges when
/// the latest loss is above `factor` times the smallest loss seen so far in the run, or is
/// not finite, or rose in each of the last `rising` snapshots. No Qt; any thread.
class LossDivergence {
  public:
    void reset();
    void observe(double loss);

    /// Why the run diverges, in words without a subject ("loss 34 is 49x its running minimum
    /// 0.69 (threshold 10x)"), or nullopt while it does not.
    std::optional<std::string> verdict(double factor, int rising) const;
    /// The smallest finite loss observed (nullopt before one).
    std::optional<double> runningMinimum() const;

  private:
    std::vector<double> recent_; ///< the latest losses (at most kKept)
    double minimum_ = 0;
    bool hasMinimum_ = false;
    static constexpr size_t kKept = 1000;
};

} // namespace miniflow
