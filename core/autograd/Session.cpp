#include "autograd/Session.h"

#include "autograd/MemoryNeeds.h"
#include "ops/SourceOps.h"
#include "tensor/Initializer.h"

#include <algorithm>

namespace miniflow {

Session::Session(Plan plan, std::uint64_t seed) : plan_(std::move(plan)), rng_(seed) {
    requireParameterMemory(plan_); // NOTE [Memory before allocation]
    const auto& nodes = plan_.nodes();
    const size_t n = nodes.size();
    ops_.resize(n);
    values_.resize(n);
    nodeGradBuffers_.resize(n);
    nodeGrads_.assign(n, nullptr);
    edgeGrads_.resize(plan_.edges().size());
    inputPtrs_.resize(n);
    gradPtrs_.resize(n);
    statePtrs_.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const PlannedNode& p = nodes[i];
        ops_[i] = p.info->create(p.attributes);
        const bool trainable =
            p.info->source == SourceKind::Parameter && parameterTraining(p.attributes).trainable;
        bool dependsOnParameter = trainable;
        std::vector<InputShape> inputShapes;
        for (int e : p.inputEdges) {
            const auto from =
                static_cast<size_t>(plan_.indexOf(plan_.edges()[static_cast<size_t>(e)].from));
            inputPtrs_[i].push_back(&values_[from]);
            inputShapes.push_back({nodes[from].shape, nodes[from].name});
            dependsOnParameter = dependsOnParameter || dependsOnParameter_[from];
        }
        ops_[i]->setInputShapes(inputShapes);
        dependsOnParameter_.push_back(dependsOnParameter);
        switch (p.info->source) {
        case SourceKind::Parameter:
            values_[i].setZero(p.shape.rows, p.shape.cols);
            parameterIds_.push_back(p.id);
            if (trainable)
                trainableIds_.push_back(p.id);
            break;
        case SourceKind::Constant:
            values_[i] = constantValue(p.attributes);
            break;
        case SourceKind::Input:
            // A feed value stored in the graph (MiniFlow's feed_dict examples).
            if (p.attributes.contains("value"))
                values_[i] = constantValue(p.attributes);
            else
                values_[i].resize(0, p.shape.cols);
            break;
        case SourceKind::None:
            break;
        }
    }
    std::sort(parameterIds_.begin(), parameterIds_.end());
    std::sort(trainableIds_.begin(), trainableIds_.end());
    wireStatePorts();
    wireGradientBuffers();
    initializeParameters(seed);
}

/// NOTE [Op state]: each state port's producer is a Parameter (Plan checks it); the op gets
/// its value to write in training steps.
void Session::wireStatePorts() {
    for (size_t i = 0; i < plan_.nodes().size(); ++i) {
        const PlannedNode& p = plan_.nodes()[i];
        for (int port : p.info->traits.statePorts) {
            const Edge& edge =
                plan_.edges()[static_cast<size_t>(p.inputEdges.at(static_cast<size_t>(port)))];
            const auto from = static_cast<size_t>(plan_.indexOf(edge.from));
            statePtrs_[i].push_back(&values_[from]);
            stateIds_.push_back(edge.from);
        }
    }
    std::sort(stateIds_.begin(), stateIds_.end());
}

bool Session::isTrainable(NodeId id) const {
    return std::binary_search(trainableIds_.begin(), trainableIds_.end(), id);
}

void Session::wireGradientBuffers() {
    for (size_t i = 0; i < plan_.nodes().size(); ++i) {
        gradPtrs_[i].clear();
        for (int e : plan_.nodes()[i].inputEdges)
            gradPtrs_[i].push_back(hasEdgeGradient(e) ? &edgeGrads_[static_cast<size_t>(e)]
                                                      : nullptr);
    }
}

void Session::setGradientScope(GradientScope scope) {
    scope_ = scope;
    wireGradientBuffers();
    std::fill(nodeGrads_.begin(), nodeGrads_.end(), nullptr);
}

bool Session::hasEdgeGradient(int edgeIndex) const {
    if (scope_ == GradientScope::AllEdges)
        return true;
    const Edge& edge = plan_.edges()[static_cast<size_t>(edgeIndex)];
    return dependsOnParameter_[static_cast<size_t>(plan_.indexOf(edge.from))];
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

int Session::checkedIndex(NodeId id) const {
    const int index = plan_.indexOf(id);
    if (index < 0)
        throw std::out_of_range("node #" + std::to_string(id.value) +
                                " is not in this session's plan");
    return index;
}

Tensor& Session::input(NodeId id) {
    const int index = checkedIndex(id);
    if (plan_.nodes()[static_cast<size_t>(index)].info->source != SourceKind::Input)
        throw std::invalid_argument("node \"" + plan_.nodes()[static_cast<size_t>(index)].name +
                                    "\" is not an Input");
    return values_[static_cast<size_t>(index)];
}

Tensor& Session::parameter(NodeId id) {
    const int index = checkedIndex(id);
    if (plan_.nodes()[static_cast<size_t>(index)].info->source != SourceKind::Parameter)
        throw std::invalid_argument("node \"" + plan_.nodes()[static_cast<size_t>(index)].name +
                                    "\" is not a Parameter");
    return values_[static_cast<size_t>(index)];
}

void Session::initializeParameters(std::uint64_t seed) {
    Rng rng(seed);
    for (NodeId id : parameterIds_) {
        const PlannedNode& p = plan_.nodes()[static_cast<size_t>(plan_.indexOf(id))];
        if (p.attributes.contains("value") && p.attributes.at("value").is_array()) {
            parameter(id) = constantValue(p.attributes);
            continue;
        }
        Initializer init;
        const std::string kind = stringAttribute(p.attributes, "initializer", "glorot_uniform");
        const auto parsed = initializerKindFromString(kind);
        if (!parsed)
            throw AttributeError("Parameter \"" + p.name + "\": unknown initializer \"" + kind +
                                 "\"");
        init.kind = *parsed;
        init.value = numberAttribute(p.attributes, "value", 0.0);
        init.stddev = numberAttribute(p.attributes, "stddev", 1.0);
        init.low = numberAttribute(p.attributes, "low", -0.05);
        init.high = numberAttribute(p.attributes, "high", 0.05);
        init.fill(parameter(id), rng);
    }
}

void Session::runForward(size_t i, Mode mode, StateUpdate update) {
    const PlannedNode& p = plan_.nodes()[i];
    if (p.info->source == SourceKind::Input && values_[i].cols() != p.shape.cols)
        throw RunError("input \"" + p.name + "\" was fed " + std::to_string(values_[i].cols()) +
                       " columns but expects " + std::to_string(p.shape.cols));
    if (p.info->source != SourceKind::None)
        return;
    OpContext ctx{mode == Mode::Train, &rng_};
    if (mode == Mode::Train && update == StateUpdate::Apply)
        ctx.state = statePtrs_[i]; // NOTE [Op state]
    try {
        ops_[i]->forward(inputPtrs_[i], values_[i], ctx);
    } catch (const RunError& e) {
        throw RunError("at \"" + p.name + "\" (" + p.info->kind + "): " + e.what());
    }
}

float Session::forward(Mode mode, StateUpdate update) {
    lastMode_ = mode;
    for (size_t i = 0; i < values_.size(); ++i)
        runForward(i, mode, update);
    return loss();
}

float Session::loss() const {
    const int index = plan_.lossIndex();
    return index < 0 ? 0.0f : values_[static_cast<size_t>(index)](0, 0);
}

void Session::gatherNodeGradient(size_t i) {
    const std::vector<int>& outputs = plan_.nodes()[i].outputEdges;
    if (outputs.size() == 1) {
        nodeGrads_[i] = &edgeGrads_[static_cast<size_t>(outputs.front())];
        return;
    }
    Tensor& sum = nodeGradBuffers_[i];
    if (outputs.empty()) {
        sum.setOnes(values_[i].rows(), values_[i].cols());
    } else {
        sum = edgeGrads_[static_cast<size_t>(outputs.front())];
        for (size_t k = 1; k < outputs.size(); ++k)
            sum += edgeGrads_[static_cast<size_t>(outputs[k])];
    }
    nodeGrads_[i] = &sum;
}

void Session::runBackward(size_t i) {
    if (scope_ == GradientScope::TrainableOnly && !dependsOnParameter_[i])
        return;
    gatherNodeGradient(i);
    if (plan_.nodes()[i].info->source != SourceKind::None)
        return;
    const OpContext ctx{lastMode_ == Mode::Train, &rng_};
    ops_[i]->backward(inputPtrs_[i], values_[i], *nodeGrads_[i], gradPtrs_[i], ctx);
}

void Session::backward() {
    for (size_t i = values_.size(); i-- > 0;)
        runBackward(i);
}

const Tensor& Session::value(NodeId id) const {
    return values_[static_cast<size_t>(checkedIndex(id))];
}

const Op& Session::op(NodeId id) const {
    return *ops_[static_cast<size_t>(checkedIndex(id))];
}

const Tensor& Session::edgeGradient(const Edge& edge) const {
    const int index = plan_.edgeIndex(edge);
    if (index < 0)
        throw std::out_of_range("edge is not in this session's plan");
    return edgeGrads_[static_cast<size_t>(index)];
}

const Tensor& Session::nodeGradient(NodeId id) const {
    const Tensor* grad = nodeGrads_[static_cast<size_t>(checkedIndex(id))];
    if (!grad)
        throw std::logic_error(
            "no gradient for this node: backward() has not run or its scope excludes it");
    return *grad;
}

std::optional<NodeId> Session::firstNonFiniteValue() const {
    for (size_t i = 0; i < values_.size(); ++i)
        if (!allFinite(values_[i]))
            return plan_.nodes()[i].id;
    return std::nullopt;
}

std::optional<NodeId> Session::firstNonFiniteGradient() const {
    for (size_t i = values_.size(); i-- > 0;)
        if (nodeGrads_[i] && !allFinite(*nodeGrads_[i]))
            return plan_.nodes()[i].id;
    return std::nullopt;
}

} // namespace miniflow
