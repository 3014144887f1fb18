#pragma once
#include "autograd/Session.h"
#include "data/Dataset.h"
#include "train/SampleFeed.h"

#include <vector>

namespace miniflow {

/// Which class a classifier picks for each row of its output (the loss's first input):
/// the largest column, or for a single column (a logit) 1 when it is > 0 (as Trainer's
/// accuracy counts).
std::vector<int> predictedClasses(const Tensor& outputs);

/// counts(actual, predicted) over a dataset, with the rows that fall in each cell.
class ConfusionMatrix {
  public:
    ConfusionMatrix() = default;
    /// `actual` and `predicted` hold one class per sample (row), in [0, classes).
    ConfusionMatrix(int classes, std::vector<int> actual, std::vector<int> predicted);

    int classes() const { return classes_; }
    Index count(int actual, int predicted) const;
    Index total() const { return static_cast<Index>(actual_.size()); }
    /// Rows of the dataset with this actual and predicted class, ascending.
    std::vector<Index> samples(int actual, int predicted) const;
    /// Share of samples on the diagonal, in [0, 1] (0 when empty).
    double accuracy() const;
    int actualOf(Index row) const { return actual_[static_cast<size_t>(row)]; }
    int predictedOf(Index row) const { return predicted_[static_cast<size_t>(row)]; }

  private:
    int classes_ = 0;
    std::vector<int> actual_, predicted_;
    std::vector<Index> counts_; ///< classes x classes, row = actual
};

/// Runs `data` through `session` in evaluation mode, `batchSize` rows at a time, and counts
/// the classifier's answers. Throws std::invalid_argument when the data is not labelled with
/// classes or the graph has no loss whose first input gives one column per class (or a
/// single logit for two classes).
ConfusionMatrix computeConfusionMatrix(Session& session, const Dataset& data,
                                       Index batchSize = 256);

} // namespace miniflow
