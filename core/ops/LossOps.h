#pragma once
#include "ops/OpRegistry.h"

namespace miniflow {

/// Losses output a 1 x 1 scalar averaged over the batch:
///  - MSE(y, a): MiniFlow's mean((y - a)^2) over all elements; labels first, as the seed.
///  - SoftmaxCrossEntropy(logits N x C, labels N x 1 holding class indices 0..C-1).
///  - BinaryCrossEntropy(logits, labels in {0, 1}), computed from logits.
void registerLossOps(std::vector<OpInfo>& table);

} // namespace miniflow
