#include "data/Batcher.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace miniflow {

namespace {

/// Fisher-Yates: every order equally likely, driven by `rng` only.
void shuffle(std::vector<Index>& values, Rng& rng) {
    for (std::size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[rng.below(i)]);
}

std::vector<Index> identity(Index size) {
    std::vector<Index> values(static_cast<std::size_t>(size));
    std::iota(values.begin(), values.end(), Index{0});
    return values;
}

Index defaultSteps(Index samples, Index batchSize, Sampling sampling) {
    if (sampling == Sampling::Shuffle)
        return (samples + batchSize - 1) / batchSize;
    return std::max<Index>(1, samples / batchSize);
}

} // namespace

Batcher::Batcher(Index samples, Index batchSize, Sampling sampling, std::uint64_t seed,
                 Index stepsPerEpoch)
    : samples_(samples), batchSize_(batchSize), sampling_(sampling), rng_(seed),
      stepsPerEpoch_(stepsPerEpoch) {
    if (samples < 1)
        throw DataError("cannot draw batches from an empty dataset");
    if (batchSize < 1)
        throw DataError("batch size is " + std::to_string(batchSize) + " (choose at least 1)");
    if (stepsPerEpoch < 0)
        throw DataError("steps per epoch is " + std::to_string(stepsPerEpoch) +
                        " (choose 0 for the default, or a positive count)");
    if (stepsPerEpoch_ == 0)
        stepsPerEpoch_ = defaultSteps(samples, batchSize, sampling);
    if (sampling == Sampling::Shuffle)
        permutation_ = identity(samples);
}

const std::vector<Index>& Batcher::next() {
    batch_.clear();
    if (sampling_ == Sampling::Resample) {
        for (Index i = 0; i < batchSize_; ++i)
            batch_.push_back(static_cast<Index>(rng_.below(static_cast<std::uint64_t>(samples_))));
    } else {
        // An epoch starts a fresh permutation; with more steps than one pass needs, a
        // used-up permutation is reshuffled. A batch never spans two permutations.
        if (step_ == 0 || cursor_ == samples_) {
            shuffle(permutation_, rng_);
            cursor_ = 0;
        }
        const Index end = std::min(cursor_ + batchSize_, samples_);
        batch_.assign(permutation_.begin() + cursor_, permutation_.begin() + end);
        cursor_ = end;
    }
    step_ = (step_ + 1) % stepsPerEpoch_;
    return batch_;
}

Split splitDataset(const Dataset& data, double validationFraction, std::uint64_t seed) {
    if (!(validationFraction >= 0.0 && validationFraction < 1.0))
        throw DataError("validation fraction is " + std::to_string(validationFraction) +
                        " (choose at least 0 and below 1)");
    const Index total = data.size();
    const auto validation = static_cast<Index>(std::llround(validationFraction * total));
    if (total - validation < 1)
        throw DataError("a validation fraction of " + std::to_string(validationFraction) + " of " +
                        std::to_string(total) + " rows leaves no training rows (lower it)");
    std::vector<Index> order = identity(total);
    Rng rng(seed);
    shuffle(order, rng);
    const auto cut = order.begin() + validation;
    return Split{subset(data, std::vector<Index>(cut, order.end())),
                 subset(data, std::vector<Index>(order.begin(), cut))};
}

} // namespace miniflow
