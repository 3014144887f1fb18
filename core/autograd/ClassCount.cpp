#include "autograd/ClassCount.h"

#include <deque>
#include <set>

namespace miniflow {

namespace {

bool takesClassIndices(const Node& node) {
    const OpInfo* info = findOp(node.op);
    return info && info->traits.prediction == LossPrediction::ClassLogits;
}

} // namespace

std::vector<Diagnostic> checkClassCount(const Graph& graph, int classes) {
    std::vector<Diagnostic> problems;
    if (classes <= 0)
        return problems;
    const ShapeInference inferred = inferShapes(graph);
    for (const Node& loss : graph.nodes()) {
        if (!takesClassIndices(loss))
            continue;
        const auto edge = graph.edgeInto(loss.id, 0);
        if (!edge)
            continue;
        const auto shape = inferred.shapes.find(edge->from);
        if (shape == inferred.shapes.end() || shape->second.cols >= classes)
            continue;
        const Node& logits = *graph.find(edge->from);
        const std::string width = std::to_string(shape->second.cols);
        const std::string count = std::to_string(classes);
        problems.push_back({Diagnostic::Kind::ClassCount,
                            {logits.id, loss.id},
                            "\"" + logits.name + "\" gives the loss \"" + loss.name + "\" " +
                                width + " class score" + (shape->second.cols == 1 ? "" : "s") +
                                " per sample, but the data has " + count + " classes (labels 0.." +
                                std::to_string(classes - 1) + "): make \"" + logits.name + "\" " +
                                count + " units wide"});
    }
    return problems;
}

std::optional<std::vector<AttributeEdit>> fitClassCount(const Graph& graph, NodeId loss,
                                                        int classes) {
    const auto edge = graph.edgeInto(loss, 0);
    if (!edge || classes <= 0)
        return std::nullopt;
    std::deque<NodeId> frontier{edge->from};
    std::set<NodeId> seen{edge->from};
    while (!frontier.empty()) {
        const NodeId id = frontier.front();
        frontier.pop_front();
        if (const auto edits = resizeOutput(graph, id, classes)) {
            const ShapeInference after = inferShapes(applyEdits(graph, *edits));
            const auto logits = after.shapes.find(edge->from);
            if (logits != after.shapes.end() && logits->second.cols == classes)
                return edits;
        }
        for (const Edge& in : graph.edges())
            if (in.to == id && !isSizedParameter(*graph.find(in.from)) &&
                seen.insert(in.from).second)
                frontier.push_back(in.from);
    }
    return std::nullopt;
}

} // namespace miniflow
