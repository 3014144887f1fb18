#include "inspect/StepThrough.h"

#include <algorithm>

namespace miniflow {

StepThrough::StepThrough(Session& session) {
    session.setGradientScope(GradientScope::AllEdges);
    loss_ = session.forward(Mode::Train);
    session.backward();
    recordForward(session);
    recordBackward(session);
}

void StepThrough::recordForward(const Session& session) {
    for (const PlannedNode& p : session.plan().nodes()) {
        forward_.push_back({p.id, p.name, p.info->kind, session.value(p.id)});
        if (p.info->source == SourceKind::Input)
            samples_ = std::max(samples_, session.value(p.id).rows());
    }
}

void StepThrough::recordBackward(const Session& session) {
    for (size_t i = session.plan().nodes().size(); i-- > 0;)
        backward_.push_back(backwardStepFor(session, i));
}

BackwardStep StepThrough::backwardStepFor(const Session& session, size_t index) const {
    const Plan& plan = session.plan();
    const PlannedNode& p = plan.nodes()[index];
    BackwardStep step{p.id, p.name, p.info->kind, {}, session.nodeGradient(p.id), {}};
    for (int e : p.outputEdges) {
        const Edge& edge = plan.edges()[static_cast<size_t>(e)];
        step.arriving.push_back({edge,
                                 plan.nodes()[static_cast<size_t>(plan.indexOf(edge.to))].name,
                                 session.edgeGradient(e)});
    }
    if (p.info->source != SourceKind::None)
        return step;
    ChainRuleInputs in{&p, {}, {}, &session.value(p.id), &step.nodeGradient, {}};
    std::vector<Edge> edges;
    std::vector<const Tensor*> gradients;
    for (int e : p.inputEdges) {
        const Edge& edge = plan.edges()[static_cast<size_t>(e)];
        in.inputs.push_back(&session.value(edge.from));
        const PlannedNode& producer = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.from))];
        in.producers.push_back(producer.name);
        in.shapes.push_back({producer.shape, producer.name});
        edges.push_back(edge);
        gradients.push_back(&session.edgeGradient(e));
    }
    step.inputs = explainEdges(in, edges, gradients);
    return step;
}

bool StepThrough::stepForward() {
    if (atEnd())
        return false;
    ++position_;
    return true;
}

bool StepThrough::stepBack() {
    if (position_ < 0)
        return false;
    --position_;
    return true;
}

StepThrough::Phase StepThrough::phase() const {
    if (position_ < 0)
        return Phase::Start;
    return position_ < static_cast<int>(forward_.size()) ? Phase::Forward : Phase::Backward;
}

const ForwardStep* StepThrough::currentForward() const {
    return phase() == Phase::Forward ? &forward_[static_cast<size_t>(position_)] : nullptr;
}

const BackwardStep* StepThrough::currentBackward() const {
    return phase() == Phase::Backward ? &backward_[static_cast<size_t>(position_) - forward_.size()]
                                      : nullptr;
}

NodeId StepThrough::currentNode() const {
    if (const ForwardStep* f = currentForward())
        return f->node;
    if (const BackwardStep* b = currentBackward())
        return b->node;
    return {};
}

} // namespace miniflow
