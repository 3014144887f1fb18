#pragma once
#include "autograd/Session.h"
#include "data/Dataset.h"

#include <optional>
#include <vector>

namespace miniflow {

/// The Inputs a dataset feeds: the one with role "features" and the one with role "labels".
/// Either may be absent (forward-only graphs have no labels).
struct RoleInputs {
    std::optional<NodeId> features;
    std::optional<NodeId> labels;
};

/// Finds them; throws std::invalid_argument when two Inputs share a role.
RoleInputs findRoleInputs(const Plan& plan);

/// Copies rows `rows` of `data` into the role Inputs (features, and targets when a labels
/// Input exists). Throws std::invalid_argument naming the Input when the columns differ.
void feedRows(Session& session, const RoleInputs& inputs, const Dataset& data,
              const std::vector<Index>& rows);

/// 0, 1, ..., count - 1.
std::vector<Index> firstRows(Index count);

} // namespace miniflow
