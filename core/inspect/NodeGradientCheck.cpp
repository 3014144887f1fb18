#include "inspect/NodeGradientCheck.h"

#include "ops/SourceOps.h"

#include <algorithm>
#include <map>

namespace miniflow {

namespace {

constexpr std::uint64_t kWeightSeed = 0xC0FFEE;
const char* const kWeightName = "__upstream";
const char* const kOutputName = "__weighted";

/// A source node holding `value`: a batched Input when the original was batched (so the
/// op sees the same shapes; checkGradients skips class-index labels by their consumer),
/// else a Parameter, keeping whether it is trainable (an op's state port needs a Parameter
/// that is not, NOTE [Op state]). A batched source keeps the producer's sampleDims (ops that
/// read images, like BatchNorm's channels, see the same shape).
Node sourceFor(const std::string& name, const Tensor& value, const Shape& shape,
               bool trainable = true) {
    nlohmann::json a = {{"value", valueAttribute(value)}};
    if (!shape.isBatched()) {
        if (!trainable)
            a["trainable"] = false;
        return Node{NodeId{}, "Parameter", name, a, {}};
    }
    a["features"] = value.cols();
    if (!shape.sampleDims.empty())
        a["sampleDims"] = shape.sampleDims;
    return Node{NodeId{}, "Input", name, a, {}};
}

Tensor randomWeights(Index rows, Index cols) {
    Rng rng(kWeightSeed);
    Tensor w(rows, cols);
    for (Index i = 0; i < w.size(); ++i)
        w.data()[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
    return w;
}

/// The op node alone, fed copies of its current inputs, its output weighted by a fixed
/// random tensor (NOTE [Gradient check per node]).
Graph isolate(const Session& session, const PlannedNode& p) {
    const Plan& plan = session.plan();
    Graph g;
    std::map<NodeId, NodeId> copies; // one source per distinct producer
    const NodeId op = g.addNode(Node{NodeId{}, p.info->kind, p.name, p.attributes, {}});
    for (size_t port = 0; port < p.inputEdges.size(); ++port) {
        const Edge& edge = plan.edges()[static_cast<size_t>(p.inputEdges[port])];
        const PlannedNode& producer = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.from))];
        if (!copies.count(producer.id))
            copies[producer.id] =
                g.addNode(sourceFor(producer.name, session.value(producer.id), producer.shape,
                                    producer.info->source != SourceKind::Parameter ||
                                        session.isTrainable(producer.id)));
        g.addEdge(Edge{copies[producer.id], 0, op, static_cast<PortIndex>(port)});
    }
    const Tensor& out = session.value(p.id);
    if (out.size() == 1)
        return g; // a loss: its value is the sum already
    const NodeId weights =
        g.addNode(sourceFor(kWeightName, randomWeights(out.rows(), out.cols()), p.shape));
    const NodeId product = g.addNode(Node{NodeId{}, "Mul", kOutputName, {{"inputs", 2}}, {}});
    g.addEdge(Edge{op, 0, product, 0});
    g.addEdge(Edge{weights, 0, product, 1});
    return g;
}

NodeCheck combine(const PlannedNode& p, bool isOp,
                  const std::vector<GradientCheckResult>& results) {
    NodeCheck check{p.id, p.name, isOp};
    check.withinNoise = true;
    for (const GradientCheckResult& r : results) {
        check.probed += r.probed;
        check.notCheckable += r.notCheckable;
        if (!r.checkable())
            continue;
        check.relativeError = std::max(check.relativeError, r.relativeError);
        check.withinNoise = check.withinNoise && r.maxAbsDifference <= r.noiseFloor;
    }
    check.grade = check.notCheckable < check.probed
                      ? gradeOf(check.relativeError, check.withinNoise)
                      : CheckGrade::NotCheckable;
    if (check.grade == CheckGrade::NotCheckable)
        check.withinNoise = false;
    return check;
}

std::optional<NodeCheck> checkOp(const Session& session, const PlannedNode& p,
                                 const GradientCheckOptions& options) {
    if (p.inputEdges.empty())
        return std::nullopt;
    Session isolated(Plan::build(isolate(session, p), PlanPurpose::Forward));
    std::vector<GradientCheckResult> results = checkGradients(isolated, options);
    std::erase_if(results, [](const GradientCheckResult& r) { return r.name == kWeightName; });
    if (results.empty())
        return std::nullopt;
    return combine(p, true, results);
}

std::vector<NodeCheck> checkSources(Session& session, const GradientCheckOptions& options) {
    std::vector<NodeCheck> checks;
    for (const GradientCheckResult& r : checkGradients(session, options)) {
        const PlannedNode& p =
            session.plan().nodes()[static_cast<size_t>(session.plan().indexOf(r.node))];
        checks.push_back(combine(p, false, {r}));
    }
    return checks;
}

} // namespace

CheckGrade gradeOf(double relativeError, bool withinNoise) {
    if (withinNoise || relativeError < kGreenBelow)
        return CheckGrade::Green;
    return relativeError < kAmberBelow ? CheckGrade::Amber : CheckGrade::Red;
}

const char* toString(CheckGrade grade) {
    switch (grade) {
    case CheckGrade::Green:
        return "green";
    case CheckGrade::Amber:
        return "amber";
    case CheckGrade::Red:
        return "red";
    case CheckGrade::NotCheckable:
        return "not checkable by finite differences";
    }
    return "";
}

std::optional<NodeCheck> checkNode(Session& session, NodeId node,
                                   const GradientCheckOptions& options) {
    const int index = session.plan().indexOf(node);
    if (index < 0)
        throw std::out_of_range("node #" + std::to_string(node.value) +
                                " is not in this session's plan");
    const PlannedNode& p = session.plan().nodes()[static_cast<size_t>(index)];
    if (p.info->source == SourceKind::None) {
        session.forward(Mode::Train);
        return checkOp(session, p, options);
    }
    for (const NodeCheck& check : checkSources(session, options))
        if (check.node == node)
            return check;
    return std::nullopt;
}

std::vector<NodeCheck> checkAllNodes(Session& session, const GradientCheckOptions& options) {
    const std::vector<NodeCheck> sources = checkSources(session, options); // leaves a fresh forward
    std::vector<NodeCheck> checks;
    for (const PlannedNode& p : session.plan().nodes()) {
        std::optional<NodeCheck> check;
        if (p.info->source == SourceKind::None)
            check = checkOp(session, p, options);
        else {
            const auto found = std::find_if(sources.begin(), sources.end(),
                                            [&](const NodeCheck& c) { return c.node == p.id; });
            if (found != sources.end())
                check = *found;
        }
        if (check)
            checks.push_back(*check);
    }
    return checks;
}

} // namespace miniflow
