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

} // namespace miniflow
