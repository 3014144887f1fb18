#include "inspect/GradientCheck.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace miniflow {

namespace {

constexpr std::uint64_t kMaskSeed = 0x5eed;

double evaluate(Session& session) {
    session.reseed(kMaskSeed);
    return session.forward(Mode::Train);
}

/// Sum of the sink outputs: the loss, or for forward-only graphs every dangling output.
double sinkSum(Session& session) {
    const double loss = evaluate(session);
    if (session.plan().lossIndex() >= 0)
        return loss;
    double total = 0;
    for (const PlannedNode& p : session.plan().nodes())
        if (p.outputEdges.empty())
            total += session.value(p.id).cast<double>().sum();
    return total;
}

bool isClassIndexLabel(const Plan& plan, const PlannedNode& node) {
    for (int e : node.outputEdges) {
        const Edge& edge = plan.edges()[static_cast<size_t>(e)];
        const PlannedNode& consumer = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.to))];
        if (consumer.info->kind == "SoftmaxCrossEntropy" && edge.toPort == 1)
            return true;
    }
    return false;
}

Tensor& sourceValue(Session& session, const PlannedNode& p) {
    return p.info->source == SourceKind::Parameter ? session.parameter(p.id) : session.input(p.id);
}

GradientCheckResult checkOne(Session& session, const PlannedNode& p, const Tensor& analytic,
                             const GradientCheckOptions& options) {
    GradientCheckResult r{p.id, p.name};
    const double loss = std::max(1.0, std::abs(sinkSum(session)));
    r.noiseFloor = 4.0 * loss * std::numeric_limits<float>::epsilon() / (2 * options.epsilon);
    Tensor& x = sourceValue(session, p);
    const Index stride = std::max<Index>(1, x.size() / options.maxElements);
    double diffSq = 0, analyticSq = 0, numericSq = 0;
    for (Index i = 0; i < x.size(); i += stride) {
        const float saved = x.data()[i];
        x.data()[i] = saved + static_cast<float>(options.epsilon);
        const double plus = sinkSum(session);
        x.data()[i] = saved - static_cast<float>(options.epsilon);
        const double minus = sinkSum(session);
        x.data()[i] = saved;
        const double numeric = (plus - minus) / (2 * options.epsilon);
        const double a = analytic.data()[i];
        diffSq += (a - numeric) * (a - numeric);
        analyticSq += a * a;
        numericSq += numeric * numeric;
        r.maxAbsDifference = std::max(r.maxAbsDifference, std::abs(a - numeric));
        ++r.probed;
    }
    r.relativeError =
        std::sqrt(diffSq) / std::max(std::sqrt(analyticSq) + std::sqrt(numericSq), 1e-6);
    r.passed = r.relativeError <= options.tolerance || r.maxAbsDifference <= r.noiseFloor;
    return r;
}

} // namespace

std::vector<GradientCheckResult> checkGradients(Session& session,
                                                const GradientCheckOptions& options) {
    const Plan& plan = session.plan();
    sinkSum(session);
    session.backward();
    std::vector<std::pair<const PlannedNode*, Tensor>> analytic;
    for (const PlannedNode& p : plan.nodes()) {
        const bool differentiable =
            p.info->source == SourceKind::Parameter ||
            (p.info->source == SourceKind::Input && !isClassIndexLabel(plan, p));
        if (differentiable && !p.outputEdges.empty())
            analytic.emplace_back(&p, session.nodeGradient(p.id));
    }
    std::vector<GradientCheckResult> results;
    for (const auto& [node, gradient] : analytic)
        results.push_back(checkOne(session, *node, gradient, options));
    sinkSum(session);
    session.backward();
    return results;
}

} // namespace miniflow
