#pragma once
#include "ops/OpRegistry.h"

namespace miniflow {

/// The fixed value of a Constant node's attributes ("value": [[...], ...]).
Tensor constantValue(const nlohmann::json& attributes);

/// The inverse: `t` as a "value" attribute, a list of rows ([[...], ...]).
nlohmann::json valueAttribute(const Tensor& t);

} // namespace miniflow
