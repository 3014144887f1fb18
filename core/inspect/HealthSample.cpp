#include "inspect/HealthSample.h"

#include <cmath>

namespace miniflow {

namespace {

double share(Index count, Index total) {
    return total > 0 ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
}

ActivationStats measureActivation(const PlannedNode& node, const Tensor& out) {
    ActivationStats s;
    s.node = node.id;
    s.op = node.info->kind;
    s.units = out.cols();
    const auto a = out.array();
    const Index total = out.size();
    if (s.op == "Sigmoid") {
        s.highFraction = share((a > 1.0f - kSaturationMargin).count(), total);
        s.lowFraction = share((a < kSaturationMargin).count(), total);
    } else if (s.op == "Tanh") {
        s.highFraction = share((a > 1.0f - kSaturationMargin).count(), total);
        s.lowFraction = share((a < -1.0f + kSaturationMargin).count(), total);
    }
    s.zeroFraction = share((a == 0.0f).count(), total);
    for (Index c = 0; c < out.cols(); ++c)
        if (out.rows() > 0 && (out.col(c).array() == 0.0f).all())
            ++s.deadUnits;
    return s;
}

bool isWatchedActivation(const std::string& op) {
    return op == "Sigmoid" || op == "Tanh" || op == "ReLU";
}

} // namespace

HealthSample measureHealth(const Session& session, long step) {
    HealthSample sample;
    sample.step = step;
    if (const int loss = session.plan().lossIndex(); loss >= 0)
        sample.lossNode = session.plan().nodes()[static_cast<size_t>(loss)].id;
    for (const PlannedNode& node : session.plan().nodes())
        if (isWatchedActivation(node.info->kind))
            sample.activations.push_back(measureActivation(node, session.value(node.id)));
    for (NodeId id : session.parameterIds()) {
        const Tensor& w = session.value(id);
        const Tensor& g = session.nodeGradient(id);
        ParameterStats p;
        p.node = id;
        // One vectorized float pass each; NaN/Inf (or a float overflow) make the norm non-finite.
        p.weightNorm = std::sqrt(static_cast<double>(w.squaredNorm()));
        p.gradientNorm =
            g.size() == w.size() ? std::sqrt(static_cast<double>(g.squaredNorm())) : 0.0;
        p.finite = std::isfinite(p.weightNorm) && std::isfinite(p.gradientNorm);
        sample.parameters.push_back(p);
    }
    return sample;
}

} // namespace miniflow
