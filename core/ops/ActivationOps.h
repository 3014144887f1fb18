#pragma once
#include "ops/OpRegistry.h"

namespace miniflow {

/// Elementwise activations (Sigmoid, ReLU, Tanh, LeakyReLU), row-wise Softmax, Dropout
/// (inverted, seeded, identity in evaluation) and Flatten (N x h x w -> N x h*w).
void registerActivationOps(std::vector<OpInfo>& table);

} // namespace miniflow
