#pragma once
#include "ops/OpRegistry.h"

namespace miniflow {

/// NOTE [Parameter training attributes]
/// A Parameter's attributes for the optimizer: "trainable" (default true; false: no optimizer
/// touches it, it has no optimizer state and no gradient is computed for it, but it is saved,
/// loaded and shown like any other), "l2" and "l1" (numbers >= 0, default 0): the Trainer adds
/// l2 * W + l1 * sign(W) to the Parameter's gradient before the optimizer step (after
/// gradient clipping, as PyTorch's per-group weight_decay). The loss the Trainer reports stays
/// the data loss, without the penalty terms.
struct ParameterTraining {
    bool trainable = true;
    float l2 = 0.0f;
    float l1 = 0.0f;
};

/// The training attributes of a Parameter node; throws AttributeError on bad values.
ParameterTraining parameterTraining(const nlohmann::json& attributes);

/// The fixed value of a Constant node's attributes ("value": [[...], ...]).
Tensor constantValue(const nlohmann::json& attributes);

/// The inverse: `t` as a "value" attribute, a list of rows ([[...], ...]).
nlohmann::json valueAttribute(const Tensor& t);

} // namespace miniflow
