#pragma once
#include "ops/OpRegistry.h"

namespace miniflow {

/// Input, Parameter and Constant: values the Session fills in (fed batches, trained
/// weights, fixed attributes); their forward and backward do nothing.
void registerSourceOps(std::vector<OpInfo>& table);

/// The fixed value of a Constant node's attributes ("value": [[...], ...]).
Tensor constantValue(const nlohmann::json& attributes);

/// The inverse: `t` as a "value" attribute, a list of rows ([[...], ...]).
nlohmann::json valueAttribute(const Tensor& t);

} // namespace miniflow
