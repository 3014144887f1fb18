#include "inspect/GradientSummary.h"

#include <algorithm>
#include <cmath>

namespace miniflow {

GradientSummary summarize(const Tensor& g) {
    GradientSummary s;
    s.rows = g.rows();
    s.cols = g.cols();
    if (g.size() == 0)
        return s;
    // Vectorized float reductions (a snapshot summarizes every edge: this must stay cheap);
    // the sum of squares goes to double only when float overflows.
    s.finite = allFinite(g);
    const float squares = g.squaredNorm();
    s.l2Norm = std::isfinite(squares) || !s.finite ? std::sqrt(static_cast<double>(squares))
                                                   : std::sqrt(g.cast<double>().squaredNorm());
    s.meanAbs = static_cast<double>(g.cwiseAbs().sum()) / static_cast<double>(g.size());
    s.maxAbs = g.cwiseAbs().maxCoeff();
    s.zeroFraction =
        static_cast<double>((g.array() == 0.0f).count()) / static_cast<double>(g.size());
    return s;
}

std::vector<std::pair<Edge, GradientSummary>> summarizeEdgeGradients(const Session& session) {
    std::vector<std::pair<Edge, GradientSummary>> summaries;
    const std::vector<Edge>& edges = session.plan().edges();
    summaries.reserve(edges.size());
    for (size_t i = 0; i < edges.size(); ++i) {
        const int index = static_cast<int>(i);
        if (session.hasEdgeGradient(index) && session.edgeGradient(index).size() > 0)
            summaries.emplace_back(edges[i], summarize(session.edgeGradient(index)));
    }
    return summaries;
}

std::vector<std::pair<NodeId, GradientSummary>> summarizeEdgeSources(const Session& session) {
    std::vector<std::pair<NodeId, GradientSummary>> summaries;
    std::vector<NodeId> done;
    for (const Edge& e : session.plan().edges()) {
        if (std::find(done.begin(), done.end(), e.from) != done.end())
            continue;
        done.push_back(e.from);
        const Tensor& value = session.value(e.from);
        if (value.size() > 0)
            summaries.emplace_back(e.from, summarize(value));
    }
    return summaries;
}

} // namespace miniflow
