#include "inspect/GradientSummary.h"

#include <algorithm>
#include <cmath>

namespace miniflow {

/// NOTE [One pass per summary]: a snapshot summarizes every edge's gradient and every edge
/// source's value (mnist-mlp: 784 x 512 weights, twice) on the training thread, up to 25 times
/// a second. The five statistics are taken chunk by chunk (vectorized float reductions over a
/// chunk that stays in L1), so the tensor is read from memory once instead of five times; the
/// chunks' partial sums add up in double.
GradientSummary summarize(const Tensor& g) {
    GradientSummary s;
    s.rows = g.rows();
    s.cols = g.cols();
    const Index size = g.size();
    if (size == 0)
        return s;
    constexpr Index kChunk = 2048; // floats: 8 KiB
    const Eigen::Map<const Eigen::ArrayXf> all(g.data(), size);
    double squares = 0, absSum = 0;
    float maxAbs = 0;
    Index zeros = 0;
    bool finite = true;
    for (Index at = 0; at < size; at += kChunk) {
        const auto chunk = all.segment(at, std::min(kChunk, size - at));
        // x * 0 is 0, or NaN for NaN/Inf (as allFinite(); Eigen's own is not vectorized).
        const bool chunkFinite = std::isfinite((chunk * 0.0f).sum());
        finite = finite && chunkFinite;
        const float chunkSquares = chunk.square().sum();
        // Float overflow of finite values: this chunk's squares again in double.
        squares += std::isfinite(chunkSquares) || !chunkFinite
                       ? static_cast<double>(chunkSquares)
                       : chunk.cast<double>().square().sum();
        const auto magnitudes = chunk.abs();
        absSum += static_cast<double>(magnitudes.sum());
        maxAbs = std::max(maxAbs, magnitudes.maxCoeff());
        zeros += (chunk == 0.0f).count();
    }
    s.finite = finite;
    s.l2Norm = std::sqrt(squares);
    s.meanAbs = absSum / static_cast<double>(size);
    s.maxAbs = maxAbs;
    s.zeroFraction = static_cast<double>(zeros) / static_cast<double>(size);
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
