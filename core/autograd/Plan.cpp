#include "autograd/Plan.h"

#include "graph/TopologicalOrder.h"
#include "ops/SourceOps.h"

#include <algorithm>
#include <memory>
#include <unordered_set>

namespace miniflow {

namespace {

std::string quoted(const Node& n) {
    return "\"" + n.name + "\" (" + n.op + ")";
}

std::string knownOps() {
    std::string list;
    for (const OpInfo& info : allOps())
        list += (list.empty() ? "" : ", ") + info.kind;
    return list;
}

/// The ops of the graph's nodes, created from their attributes (null where that failed).
struct NodeOps {
    std::unordered_map<NodeId, std::unique_ptr<Op>> ops;
    std::unordered_map<NodeId, const OpInfo*> infos;
};

NodeOps createOps(const Graph& graph, std::vector<Diagnostic>& problems) {
    NodeOps result;
    for (const Node& n : graph.nodes()) {
        const OpInfo* info = findOp(n.op);
        if (!info) {
            problems.push_back({Diagnostic::Kind::UnknownOp,
                                {n.id},
                                "node \"" + n.name + "\" has unknown op \"" + n.op +
                                    "\" (known ops: " + knownOps() + ")"});
            continue;
        }
        result.infos[n.id] = info;
        try {
            info->portCount(n.attributes);
            result.ops[n.id] = info->create(n.attributes);
        } catch (const AttributeError& e) {
            problems.push_back(
                {Diagnostic::Kind::BadAttribute, {n.id}, "node " + quoted(n) + ": " + e.what()});
        }
    }
    return result;
}

void checkEdges(const Graph& graph, const NodeOps& ops, std::vector<Diagnostic>& problems) {
    std::unordered_set<std::string> usedInputs;
    for (const Edge& e : graph.edges()) {
        const Node* from = graph.find(e.from);
        const Node* to = graph.find(e.to);
        if (!from || !to) {
            problems.push_back({Diagnostic::Kind::BadEdge,
                                {},
                                "an edge refers to missing node #" +
                                    std::to_string((from ? e.to : e.from).value) +
                                    " (delete the edge)"});
            continue;
        }
        const auto info = ops.infos.find(e.to);
        if (e.fromPort != 0)
            problems.push_back({Diagnostic::Kind::BadEdge,
                                {e.from, e.to},
                                "edge " + from->name + " -> " + to->name + " leaves output port " +
                                    std::to_string(e.fromPort) +
                                    ", but every op has one output (port 0)"});
        if (info != ops.infos.end() &&
            (e.toPort < 0 || e.toPort >= info->second->portCount(to->attributes)))
            problems.push_back({Diagnostic::Kind::BadEdge,
                                {e.from, e.to},
                                "edge " + from->name + " -> " + to->name + " enters input port " +
                                    std::to_string(e.toPort) + ", which " + quoted(*to) +
                                    " does not have"});
        if (!usedInputs.insert(std::to_string(e.to.value) + ":" + std::to_string(e.toPort)).second)
            problems.push_back({Diagnostic::Kind::BadEdge,
                                {e.to},
                                "input port " + std::to_string(e.toPort) + " of " + quoted(*to) +
                                    " has more than one edge (an input takes one edge)"});
    }
}

std::string portName(const OpInfo& info, int port) {
    if (info.variadic)
        return info.inputNames.front() + std::to_string(port + 1);
    return info.inputNames.at(static_cast<size_t>(port));
}

void checkConnected(const Graph& graph, const NodeOps& ops, std::vector<Diagnostic>& problems) {
    for (const Node& n : graph.nodes()) {
        const auto info = ops.infos.find(n.id);
        if (info == ops.infos.end() || !ops.ops.count(n.id))
            continue;
        for (int port = 0; port < info->second->portCount(n.attributes); ++port)
            if (!graph.edgeInto(n.id, port))
                problems.push_back({Diagnostic::Kind::UnconnectedInput,
                                    {n.id},
                                    "input \"" + portName(*info->second, port) + "\" (port " +
                                        std::to_string(port) + ") of " + quoted(n) +
                                        " is not connected (connect a node's output to it)"});
    }
}

/// NOTE [Op state]: a state port is fed by a Parameter of its own with "trainable": false.
void checkStatePorts(const Graph& graph, const NodeOps& ops, std::vector<Diagnostic>& problems) {
    std::unordered_map<NodeId, NodeId> writer; // state Parameter -> the node that updates it
    for (const Node& n : graph.nodes()) {
        const auto info = ops.infos.find(n.id);
        if (info == ops.infos.end() || !ops.ops.count(n.id))
            continue;
        for (int port : info->second->traits.statePorts) {
            const auto edge = graph.edgeInto(n.id, port);
            if (!edge)
                continue; // reported as unconnected
            const Node& from = *graph.find(edge->from);
            const OpInfo* fromInfo = findOp(from.op);
            const std::string what = "input \"" + portName(*info->second, port) + "\" of " +
                                     quoted(n) + " holds state the op updates in training";
            if (!fromInfo || fromInfo->source != SourceKind::Parameter) {
                problems.push_back({Diagnostic::Kind::BadEdge,
                                    {n.id, from.id},
                                    what + ", so it must be fed by a Parameter, not by " +
                                        quoted(from) +
                                        " (connect a Parameter with \"trainable\": "
                                        "false)"});
                continue;
            }
            bool trainable = true;
            try {
                trainable = parameterTraining(from.attributes).trainable;
            } catch (const AttributeError&) {
                continue; // reported by createOps
            }
            if (trainable)
                problems.push_back({Diagnostic::Kind::BadAttribute,
                                    {from.id, n.id},
                                    what + ": set \"trainable\" of Parameter \"" + from.name +
                                        "\" to false (no optimizer may change it)"});
            const auto [it, fresh] = writer.emplace(from.id, n.id);
            if (!fresh)
                problems.push_back({Diagnostic::Kind::BadEdge,
                                    {from.id, it->second, n.id},
                                    "Parameter \"" + from.name + "\" holds the state of both " +
                                        quoted(*graph.find(it->second)) + " and " + quoted(n) +
                                        " (give each its own Parameter)"});
        }
    }
}

/// Shapes in topological order for every node whose producers are known.
void computeShapes(const Graph& graph, const std::vector<NodeId>& order, const NodeOps& ops,
                   std::unordered_map<NodeId, Shape>& shapes, std::vector<Diagnostic>& problems) {
    for (NodeId id : order) {
        const auto op = ops.ops.find(id);
        if (op == ops.ops.end())
            continue;
        const Node& n = *graph.find(id);
        const int ports = ops.infos.at(id)->portCount(n.attributes);
        std::vector<InputShape> inputs;
        for (int port = 0; port < ports; ++port) {
            const auto edge = graph.edgeInto(id, port);
            if (!edge || !shapes.count(edge->from))
                break;
            inputs.push_back({shapes.at(edge->from), graph.find(edge->from)->name});
        }
        if (static_cast<int>(inputs.size()) != ports)
            continue;
        try {
            shapes[id] = op->second->inferShape(inputs);
        } catch (const ShapeError& e) {
            std::vector<NodeId> involved{id};
            for (int port = 0; port < ports; ++port)
                involved.push_back(graph.edgeInto(id, port)->from);
            problems.push_back({Diagnostic::Kind::ShapeMismatch, involved,
                                "shape mismatch at " + quoted(n) + ": " + e.what()});
        }
    }
}

/// Nodes with no path to `loss`.
std::vector<NodeId> notReaching(const Graph& graph, NodeId loss) {
    std::unordered_set<NodeId> reach{loss};
    for (bool grew = true; grew;) {
        grew = false;
        for (const Edge& e : graph.edges())
            if (reach.count(e.to) && reach.insert(e.from).second)
                grew = true;
    }
    std::vector<NodeId> missing;
    for (const Node& n : graph.nodes())
        if (!reach.count(n.id))
            missing.push_back(n.id);
    return missing;
}

void checkLoss(const Graph& graph, const NodeOps& ops, std::vector<Diagnostic>& problems) {
    std::vector<NodeId> losses;
    for (const Node& n : graph.nodes()) {
        const auto info = ops.infos.find(n.id);
        if (info != ops.infos.end() && info->second->isLoss)
            losses.push_back(n.id);
    }
    if (losses.empty()) {
        problems.push_back(
            {Diagnostic::Kind::NoLoss,
             {},
             "the graph has no loss node (add MSE, SoftmaxCrossEntropy or BinaryCrossEntropy)"});
        return;
    }
    if (losses.size() > 1) {
        problems.push_back({Diagnostic::Kind::SeveralLosses, losses,
                            "the graph has " + std::to_string(losses.size()) +
                                " losses: " + describePath(graph, losses) + " (keep exactly one)"});
        return;
    }
    const std::vector<NodeId> missing = notReaching(graph, losses.front());
    if (missing.empty())
        return;
    std::string names;
    for (NodeId id : missing)
        names += (names.empty() ? "" : ", ") + graph.find(id)->name;
    problems.push_back({Diagnostic::Kind::DoesNotReachLoss, missing,
                        "these nodes do not reach the loss \"" + graph.find(losses.front())->name +
                            "\": " + names + " (connect them towards the loss or delete them)"});
}

struct Analysis {
    std::vector<Diagnostic> problems;
    TopologicalOrder order;
    std::unordered_map<NodeId, Shape> shapes;
    NodeOps ops;
};

Analysis analyze(const Graph& graph, PlanPurpose purpose) {
    Analysis a;
    a.ops = createOps(graph, a.problems);
    checkEdges(graph, a.ops, a.problems);
    checkConnected(graph, a.ops, a.problems);
    checkStatePorts(graph, a.ops, a.problems);
    a.order = topologicalOrder(graph);
    if (!a.order.acyclic()) {
        a.problems.push_back({Diagnostic::Kind::Cycle, a.order.cycle,
                              "the graph has a cycle: " + describePath(graph, a.order.cycle) +
                                  " (remove one of these edges)"});
        return a;
    }
    computeShapes(graph, a.order.order, a.ops, a.shapes, a.problems);
    if (purpose == PlanPurpose::Training)
        checkLoss(graph, a.ops, a.problems);
    return a;
}

std::string joinMessages(const std::vector<Diagnostic>& problems) {
    std::string text;
    for (const Diagnostic& d : problems)
        text += (text.empty() ? "" : "\n") + d.message;
    return text;
}

} // namespace

GraphError::GraphError(std::vector<Diagnostic> problems)
    : std::runtime_error(joinMessages(problems)), diagnostics(std::move(problems)) {}

std::vector<Diagnostic> Plan::check(const Graph& graph, PlanPurpose purpose) {
    return analyze(graph, purpose).problems;
}

Plan Plan::build(const Graph& graph, PlanPurpose purpose) {
    Analysis a = analyze(graph, purpose);
    if (!a.problems.empty())
        throw GraphError(std::move(a.problems));
    Plan plan;
    plan.graph_ = graph;
    plan.edges_ = graph.edges();
    for (NodeId id : a.order.order) {
        const Node& n = *graph.find(id);
        plan.index_[id] = static_cast<int>(plan.nodes_.size());
        PlannedNode p{id, n.name, a.ops.infos.at(id), n.attributes, {}, {}, a.shapes.at(id)};
        p.inputEdges.assign(static_cast<size_t>(p.info->portCount(n.attributes)), -1);
        plan.nodes_.push_back(std::move(p));
        if (plan.nodes_.back().info->isLoss)
            plan.lossIndex_ = plan.lossIndex_ == -1 ? plan.index_[id] : -2;
    }
    if (plan.lossIndex_ == -2)
        plan.lossIndex_ = -1; // several losses: forward-only use
    for (int e = 0; e < static_cast<int>(plan.edges_.size()); ++e) {
        const Edge& edge = plan.edges_[static_cast<size_t>(e)];
        plan.nodes_[static_cast<size_t>(plan.index_.at(edge.to))]
            .inputEdges[static_cast<size_t>(edge.toPort)] = e;
        plan.nodes_[static_cast<size_t>(plan.index_.at(edge.from))].outputEdges.push_back(e);
    }
    return plan;
}

int Plan::indexOf(NodeId id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? -1 : it->second;
}

int Plan::edgeIndex(const Edge& edge) const {
    const auto it = std::find(edges_.begin(), edges_.end(), edge);
    return it == edges_.end() ? -1 : static_cast<int>(it - edges_.begin());
}

ShapeInference inferShapes(const Graph& graph) {
    ShapeInference result;
    const NodeOps ops = createOps(graph, result.problems);
    const TopologicalOrder order = topologicalOrder(graph);
    computeShapes(graph, order.order, ops, result.shapes, result.problems);
    return result;
}

} // namespace miniflow
