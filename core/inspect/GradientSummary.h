#pragma once
#include "autograd/Session.h"
#include "tensor/Tensor.h"

#include <utility>
#include <vector>

namespace miniflow {

/// What the studio shows for one edge's gradient (or for one forward value).
struct GradientSummary {
    double l2Norm = 0;       ///< sqrt(sum g^2)
    double meanAbs = 0;      ///< mean |g|
    double maxAbs = 0;       ///< max |g|
    double zeroFraction = 0; ///< share of elements exactly 0
    Index rows = 0, cols = 0;
    bool finite = true;
};

GradientSummary summarize(const Tensor& gradient);

/// Summaries of every edge the session holds a gradient for (GradientScope), in the plan's
/// edge order; empty before the first backward().
std::vector<std::pair<Edge, GradientSummary>> summarizeEdgeGradients(const Session& session);

/// Summaries of the value of every node an edge leaves (its forward output of the latest
/// step), once per node, in the plan's edge order of first appearance.
std::vector<std::pair<NodeId, GradientSummary>> summarizeEdgeSources(const Session& session);

} // namespace miniflow
