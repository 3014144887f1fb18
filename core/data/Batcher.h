#pragma once
#include "data/Dataset.h"
#include "tensor/Rng.h"

#include <cstdint>
#include <vector>

namespace miniflow {

/// How training batches are drawn.
enum class Sampling {
    Shuffle,  ///< each epoch a fresh permutation, batches without replacement
    Resample, ///< MiniFlow's sklearn.utils.resample: each batch drawn with replacement
};

/// Produces the row indices of successive batches, deterministically from a seed.
class Batcher {
  public:
    /// samples: dataset size; stepsPerEpoch 0 = ceil(samples / batchSize) for Shuffle and
    /// samples / batchSize (at least 1) for Resample, as MiniFlow does. Throws DataError
    /// when samples < 1, batchSize < 1 or stepsPerEpoch < 0.
    Batcher(Index samples, Index batchSize, Sampling sampling, std::uint64_t seed,
            Index stepsPerEpoch = 0);

    /// Row indices of the next batch (the last Shuffle batch of an epoch may be smaller).
    /// The returned reference stays valid until the next call.
    const std::vector<Index>& next();
    Index stepsPerEpoch() const { return stepsPerEpoch_; }
    /// Steps taken in the current epoch; 0 right after an epoch's last batch.
    Index stepInEpoch() const { return step_; }

  private:
    Index samples_, batchSize_;
    Sampling sampling_;
    Rng rng_;
    Index stepsPerEpoch_;
    Index step_ = 0;
    Index cursor_ = 0; ///< Shuffle: position of the next batch in permutation_
    std::vector<Index> permutation_;
    std::vector<Index> batch_;
};

/// Train/validation split: a seeded permutation, `validationFraction` (0 <= f < 1, rounded
/// to whole rows) of rows to validation; throws DataError when no training row would remain.
struct Split {
    Dataset train;
    Dataset validation;
};
Split splitDataset(const Dataset& data, double validationFraction, std::uint64_t seed);

} // namespace miniflow
