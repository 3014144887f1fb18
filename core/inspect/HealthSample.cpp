#include "inspect/HealthSample.h"

#include <cmath>

namespace miniflow {

namespace {

double share(Index count, Index total) {
    return total > 0 ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
}

/// Saturating ops: shares of outputs within kSaturationMargin of each asymptote. Rectifiers:
/// share of inputs at or below their off point (ReLU: output exactly 0), per unit too.
ActivationStats measureActivation(const PlannedNode& node, const Tensor& in, const Tensor& out) {
    const ActivationHealth& health = node.info->traits.health;
    ActivationStats s;
    s.node = node.id;
    s.op = node.info->kind;
    s.units = out.cols();
    const Index total = out.size();
    if (health.family == ActivationFamily::Saturating) {
        const auto a = out.array();
        s.highFraction = share((a > health.high - kSaturationMargin).count(), total);
        s.lowFraction = share((a < health.low + kSaturationMargin).count(), total);
        s.zeroFraction = share((a == 0.0f).count(), total);
        for (Index c = 0; c < out.cols(); ++c)
            if (out.rows() > 0 && (out.col(c).array() == 0.0f).all())
                ++s.deadUnits;
        return s;
    }
    const auto off = in.array() <= health.offAtOrBelow;
    s.zeroFraction = share(off.count(), total);
    for (Index c = 0; c < in.cols(); ++c)
        if (in.rows() > 0 && (in.col(c).array() <= health.offAtOrBelow).all())
            ++s.deadUnits;
    return s;
}

} // namespace

HealthSample measureHealth(const Session& session, long step) {
    HealthSample sample;
    sample.step = step;
    const Plan& plan = session.plan();
    if (const int loss = plan.lossIndex(); loss >= 0)
        sample.lossNode = plan.nodes()[static_cast<size_t>(loss)].id;
    for (const PlannedNode& node : plan.nodes())
        if (node.info->traits.health.family != ActivationFamily::None && !node.inputEdges.empty())
            sample.activations.push_back(measureActivation(
                node, session.value(plan.edges()[static_cast<size_t>(node.inputEdges[0])].from),
                session.value(node.id)));
    // Frozen Parameters and op state (NOTE [Op state]) get no gradient: nothing to watch.
    for (NodeId id : session.trainableParameterIds()) {
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
