#pragma once
#include "data/Batcher.h"

#include <cstdint>
#include <string>

namespace miniflow {

/// The training settings users see in one place.
struct TrainingConfig {
    std::string optimizer = "adam"; ///< "sgd", "momentum", "adam", "adamw"
    double learningRate = 1e-3;
    double momentum = 0.9; ///< for "momentum"
    /// For "adamw": decoupled weight decay (PyTorch's AdamW weight_decay), >= 0. Other
    /// optimizers take weight decay per Parameter ("l2", NOTE [Parameter training attributes]).
    double weightDecay = 0.01;
    Index batchSize = 32;
    int epochs = 1;
    std::uint64_t seed = 1; ///< parameters, dropout masks and batch order
    Sampling sampling = Sampling::Shuffle;
    Index stepsPerEpoch = 0; ///< 0 = the Batcher's default
    /// Gradient-norm clipping: 0 = off; otherwise the largest global L2 norm (over every
    /// parameter's gradient together) a step uses; larger gradients are scaled down to it.
    double clipGradientNorm = 0;
    bool operator==(const TrainingConfig&) const = default;
};

/// "shuffle" / "resample".
std::string toString(Sampling sampling);

} // namespace miniflow
