#include "autograd/GradientSummary.h"

namespace miniflow {

GradientSummary summarize(const Tensor& g) {
    GradientSummary s;
    s.rows = g.rows();
    s.cols = g.cols();
    if (g.size() == 0) return s;
    const auto a = g.array().abs().cast<double>();
    s.l2Norm = std::sqrt(a.square().sum());
    s.meanAbs = a.mean();
    s.maxAbs = a.maxCoeff();
    s.zeroFraction = static_cast<double>((g.array() == 0.0f).count()) / static_cast<double>(g.size());
    s.finite = allFinite(g);
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

} // namespace miniflow
