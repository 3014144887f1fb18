#include "autograd/ShapeRepair.h"

#include <map>
#include <memory>
#include <set>

namespace miniflow {

namespace {

/// Candidate sizes tried for one node at most (each costs one Op::inferShape).
constexpr size_t kMaxTrials = 200000;

Shape parameterShape(const Node& parameter) {
    return Shape::matrix(sizeAttribute(parameter.attributes, "rows", 1),
                         sizeAttribute(parameter.attributes, "cols", 1));
}

/// One input port of the node being mended.
struct PortSlot {
    InputShape input;
    const Node* parameter = nullptr; ///< a sized Parameter this mend may resize
    bool unknown = false;            ///< producer's shape unknown: tried as N x each width
};

/// The sizes of the resizable Parameters feeding `node` that let its inferShape pass with
/// the fewest changed rows / cols, preferring the output shape `previous` (or requiring
/// `requiredCols` output columns). nullopt when no such sizes exist among the widths the
/// node's inputs already use (plus `requiredCols`).
std::optional<std::vector<AttributeEdit>> mendNode(const Graph& graph, const Node& node,
                                                   const std::unordered_map<NodeId, Shape>& shapes,
                                                   const std::optional<Shape>& previous,
                                                   std::optional<Index> requiredCols,
                                                   const std::set<NodeId>& frozen) {
    const OpInfo* info = findOp(node.op);
    if (!info)
        return std::nullopt;
    std::unique_ptr<Op> op;
    int ports = 0;
    try {
        ports = info->portCount(node.attributes);
        op = info->create(node.attributes);
    } catch (const AttributeError&) {
        return std::nullopt;
    }
    std::vector<PortSlot> slots;
    std::set<Index> widths;
    if (requiredCols)
        widths.insert(*requiredCols);
    for (int port = 0; port < ports; ++port) {
        const auto edge = graph.edgeInto(node.id, port);
        const Node* from = edge ? graph.find(edge->from) : nullptr;
        PortSlot slot;
        slot.input.producer = from ? from->name : std::string("(unconnected)");
        if (!from) {
            slot.unknown = true;
        } else if (isSizedParameter(*from) && !frozen.count(from->id)) {
            slot.parameter = from;
            slot.input.shape = parameterShape(*from);
        } else if (const auto known = shapes.find(from->id); known != shapes.end()) {
            slot.input.shape = known->second;
        } else {
            slot.unknown = true;
        }
        if (!slot.unknown) {
            if (!slot.input.shape.isBatched())
                widths.insert(slot.input.shape.rows);
            widths.insert(slot.input.shape.cols);
        }
        slots.push_back(std::move(slot));
    }
    const std::vector<Index> values(widths.begin(), widths.end());
    const size_t n = values.size();
    size_t total = 1;
    bool resizable = false;
    for (const PortSlot& slot : slots) {
        const size_t choices = slot.parameter ? n * n : slot.unknown ? n : 1;
        resizable = resizable || slot.parameter;
        if (total > kMaxTrials / choices)
            return std::nullopt;
        total *= choices;
    }
    if (!resizable)
        return std::nullopt;

    int bestScore = -1;
    std::vector<InputShape> best;
    std::vector<InputShape> trial(slots.size());
    for (size_t combo = 0; combo < total; ++combo) {
        size_t rest = combo;
        int changes = 0;
        for (size_t i = 0; i < slots.size(); ++i) {
            const PortSlot& slot = slots[i];
            trial[i] = slot.input;
            if (slot.parameter) {
                const size_t choice = rest % (n * n);
                rest /= n * n;
                const Shape now = Shape::matrix(values[choice / n], values[choice % n]);
                changes +=
                    (now.rows != slot.input.shape.rows) + (now.cols != slot.input.shape.cols);
                trial[i].shape = now;
            } else if (slot.unknown) {
                trial[i].shape = Shape::batch(values[rest % n]);
                rest /= n;
            }
        }
        const int most = bestScore < 0 ? -1 : bestScore / 2;
        if ((changes == 0 && !requiredCols) || (most >= 0 && changes > most))
            continue;
        Shape out;
        try {
            out = op->inferShape(trial);
        } catch (const std::exception&) {
            continue;
        }
        if (requiredCols && out.cols != *requiredCols)
            continue;
        const int score = 2 * changes + (previous && !(out == *previous) ? 1 : 0);
        if (bestScore < 0 || score < bestScore) {
            bestScore = score;
            best = trial;
        }
    }
    if (bestScore < 0)
        return std::nullopt;
    std::vector<AttributeEdit> edits;
    for (size_t i = 0; i < slots.size(); ++i) {
        const Node* parameter = slots[i].parameter;
        if (!parameter || best[i].shape == slots[i].input.shape)
            continue;
        nlohmann::json attributes = parameter->attributes;
        attributes["rows"] = best[i].shape.rows;
        attributes["cols"] = best[i].shape.cols;
        edits.push_back({parameter->id, std::move(attributes)});
    }
    return edits;
}

/// Appends `more` to `edits`, replacing earlier edits of the same node.
void merge(std::vector<AttributeEdit>& edits, const std::vector<AttributeEdit>& more) {
    for (const AttributeEdit& edit : more) {
        std::erase_if(edits, [&](const AttributeEdit& e) { return e.node == edit.node; });
        edits.push_back(edit);
    }
}

} // namespace

bool isSizedParameter(const Node& node) {
    const OpInfo* info = findOp(node.op);
    return info && info->source == SourceKind::Parameter && !node.attributes.contains("value");
}

Graph applyEdits(Graph graph, const std::vector<AttributeEdit>& edits) {
    for (const AttributeEdit& edit : edits)
        if (Node* node = graph.find(edit.node))
            node->attributes = edit.attributes;
    return graph;
}

std::vector<AttributeEdit> repairParameterShapes(const Graph& original, const Graph& edited) {
    const std::unordered_map<NodeId, Shape> previous = inferShapes(original).shapes;
    Graph graph = edited;
    std::vector<AttributeEdit> edits;
    std::set<NodeId> frozen; // resized once already: never twice (no oscillation)
    for (size_t round = 0; round <= graph.nodes().size(); ++round) {
        const ShapeInference inferred = inferShapes(graph);
        bool mended = false;
        for (const Diagnostic& d : inferred.problems) {
            if (d.kind != Diagnostic::Kind::ShapeMismatch || d.nodes.empty())
                continue;
            const Node& node = *graph.find(d.nodes.front());
            const auto before = previous.find(node.id);
            const auto fix = mendNode(
                graph, node, inferred.shapes,
                before == previous.end() ? std::nullopt : std::optional<Shape>(before->second),
                std::nullopt, frozen);
            if (!fix || fix->empty())
                continue;
            for (const AttributeEdit& edit : *fix)
                frozen.insert(edit.node);
            merge(edits, *fix);
            graph = applyEdits(std::move(graph), *fix);
            mended = true;
            break;
        }
        if (!mended)
            break;
    }
    return edits;
}

std::optional<std::vector<AttributeEdit>> resizeOutput(const Graph& graph, NodeId id, Index width) {
    const Node* node = graph.find(id);
    if (!node || width < 1)
        return std::nullopt;
    const ShapeInference inferred = inferShapes(graph);
    std::vector<AttributeEdit> edits;
    const auto shape = inferred.shapes.find(id);
    if (shape == inferred.shapes.end() || shape->second.cols != width) {
        const auto own = mendNode(graph, *node, inferred.shapes, std::nullopt, width, {});
        if (!own)
            return std::nullopt;
        edits = *own;
    }
    if (node->attributes.contains("units")) {
        nlohmann::json attributes = node->attributes;
        attributes["units"] = width;
        edits.push_back({id, std::move(attributes)});
    }
    const Graph resized = applyEdits(graph, edits);
    merge(edits, repairParameterShapes(graph, resized));
    return edits;
}

} // namespace miniflow
