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
        if (consumer.info->traits.prediction == LossPrediction::ClassLogits && edge.toPort == 1)
            return true;
    }
    return false;
}

/// The inputs of ops with kinks (NOTE [Kinks]), as (producer, kinks) pairs.
struct KinkedInput {
    NodeId producer;
    const std::vector<float>* kinks;
};

std::vector<KinkedInput> kinkedInputs(const Plan& plan) {
    std::vector<KinkedInput> found;
    for (const PlannedNode& p : plan.nodes())
        if (!p.info->traits.kinksAt.empty() && p.info->traits.elementwise && !p.inputEdges.empty())
            found.push_back(
                {plan.edges()[static_cast<size_t>(p.inputEdges[0])].from, &p.info->traits.kinksAt});
    return found;
}

/// For every element of every kinked input, how many kinks lie below it (its piece).
void kinkSides(const Session& session, const std::vector<KinkedInput>& kinked,
               std::vector<std::uint8_t>& sides) {
    sides.clear();
    for (const KinkedInput& k : kinked) {
        const Tensor& v = session.value(k.producer);
        for (Index i = 0; i < v.size(); ++i) {
            std::uint8_t side = 0;
            for (float kink : *k.kinks)
                side = static_cast<std::uint8_t>(side + (v.data()[i] > kink ? 1 : 0));
            sides.push_back(side);
        }
    }
}

/// Ops that pick the maximum of a window (OpTraits::selectsMaximum), in plan order.
std::vector<NodeId> selectingOps(const Plan& plan) {
    std::vector<NodeId> found;
    for (const PlannedNode& p : plan.nodes())
        if (p.info->traits.selectsMaximum)
            found.push_back(p.id);
    return found;
}

/// Every pick of every selecting op at the last forward, concatenated.
void selectionsOf(const Session& session, const std::vector<NodeId>& selecting,
                  std::vector<std::int32_t>& picks) {
    picks.clear();
    for (NodeId id : selecting) {
        const std::span<const std::int32_t> s = session.op(id).selections();
        picks.insert(picks.end(), s.begin(), s.end());
    }
}

Tensor& sourceValue(Session& session, const PlannedNode& p) {
    return p.info->source == SourceKind::Parameter ? session.parameter(p.id) : session.input(p.id);
}

GradientCheckResult checkOne(Session& session, const PlannedNode& p, const Tensor& analytic,
                             const GradientCheckOptions& options) {
    GradientCheckResult r{p.id, p.name};
    const double loss = std::max(1.0, std::abs(sinkSum(session)));
    r.noiseFloor = 4.0 * loss * std::numeric_limits<float>::epsilon() / (2 * options.epsilon);
    const std::vector<KinkedInput> kinked = kinkedInputs(session.plan());
    std::vector<std::uint8_t> atX, atPlus, atMinus;
    kinkSides(session, kinked, atX);
    const std::vector<NodeId> selecting = selectingOps(session.plan());
    std::vector<std::int32_t> picksX, picksPlus, picksMinus;
    selectionsOf(session, selecting, picksX);
    Tensor& x = sourceValue(session, p);
    const Index stride = std::max<Index>(1, x.size() / options.maxElements);
    double diffSq = 0, analyticSq = 0, numericSq = 0;
    for (Index i = 0; i < x.size(); i += stride) {
        ++r.probed;
        const float saved = x.data()[i];
        x.data()[i] = saved + static_cast<float>(options.epsilon);
        const double plus = sinkSum(session);
        kinkSides(session, kinked, atPlus);
        selectionsOf(session, selecting, picksPlus);
        x.data()[i] = saved - static_cast<float>(options.epsilon);
        const double minus = sinkSum(session);
        kinkSides(session, kinked, atMinus);
        selectionsOf(session, selecting, picksMinus);
        x.data()[i] = saved;
        if (atPlus != atX || atMinus != atX || picksPlus != picksX || picksMinus != picksX) {
            ++r.notCheckable;
            continue;
        }
        const double numeric = (plus - minus) / (2 * options.epsilon);
        const double a = analytic.data()[i];
        diffSq += (a - numeric) * (a - numeric);
        analyticSq += a * a;
        numericSq += numeric * numeric;
        r.maxAbsDifference = std::max(r.maxAbsDifference, std::abs(a - numeric));
    }
    r.relativeError =
        std::sqrt(diffSq) / std::max(std::sqrt(analyticSq) + std::sqrt(numericSq), 1e-6);
    r.passed = r.checkable() &&
               (r.relativeError <= options.tolerance || r.maxAbsDifference <= r.noiseFloor);
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
        // Parameters that are not trainable (op state, frozen weights) are left out: training
        // never uses their gradient (NOTE [Parameter training attributes]).
        const bool differentiable =
            (p.info->source == SourceKind::Parameter && session.isTrainable(p.id)) ||
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
