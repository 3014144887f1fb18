#pragma once
#include "autograd/Session.h"

#include <map>
#include <vector>

namespace miniflow {

/// One optimizer step's relative update ||W_after - W_before|| / ||W_after|| per Parameter
/// (0 when ||W_after|| is 0). `before` holds the values before that step in
/// session.parameterIds() order: the Trainer's double buffer (Trainer::valuesBeforeLastUpdate),
/// so measuring needs no copy. Parameters that are not trainable, and those whose shapes
/// differ from `before`, are left out.
std::map<NodeId, double> measureUpdateRatios(const Session& session,
                                             const std::vector<Tensor>& before);

} // namespace miniflow
