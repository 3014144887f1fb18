#include "inspect/NetworkSummary.h"

#include "autograd/Plan.h"
#include "graph/TopologicalOrder.h"
#include "ops/OpRegistry.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace miniflow {

namespace {

bool trainable(const Node& node) {
    const auto it = node.attributes.find("trainable");
    return it == node.attributes.end() || !it->is_boolean() || it->get<bool>();
}

/// Every node once: topological order first, then nodes a cycle left out, in graph order.
std::vector<NodeId> summaryOrder(const Graph& graph) {
    std::vector<NodeId> order = topologicalOrder(graph).order;
    std::unordered_set<NodeId> seen(order.begin(), order.end());
    for (const Node& n : graph.nodes())
        if (seen.insert(n.id).second)
            order.push_back(n.id);
    return order;
}

std::int64_t multiplyAddsOf(const Graph& graph, const Node& node, const OpInfo* info,
                            const std::unordered_map<NodeId, Shape>& shapes) {
    if (!info || !info->traits.multiplyAdds)
        return 0;
    const auto out = shapes.find(node.id);
    if (out == shapes.end())
        return 0;
    std::vector<Shape> inputs;
    const int ports = info->portCount(node.attributes);
    for (int port = 0; port < ports; ++port) {
        const std::optional<Edge> e = graph.edgeInto(node.id, port);
        const auto in = e ? shapes.find(e->from) : shapes.end();
        if (in == shapes.end())
            return 0;
        inputs.push_back(in->second);
    }
    return info->traits.multiplyAdds(inputs, out->second);
}

} // namespace

const NodeSummary* NetworkSummary::find(NodeId id) const {
    for (const NodeSummary& n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

NetworkSummary summarizeNetwork(const Graph& graph) {
    const ShapeInference inference = inferShapes(graph);
    NetworkSummary summary;
    std::unordered_map<NodeId, size_t> at;
    for (NodeId id : summaryOrder(graph)) {
        const Node& node = *graph.find(id);
        const OpInfo* info = findOp(node.op);
        NodeSummary s;
        s.id = id;
        s.name = node.name;
        s.kind = node.op;
        if (const auto shape = inference.shapes.find(id); shape != inference.shapes.end())
            s.shape = shape->second;
        else
            summary.complete = false;
        s.isParameter = info && info->source == SourceKind::Parameter;
        if (s.isParameter && s.shape)
            s.size = static_cast<std::int64_t>(s.shape->rows) * s.shape->cols;
        s.multiplyAdds = multiplyAddsOf(graph, node, info, inference.shapes);
        summary.totalMultiplyAdds += s.multiplyAdds;
        at[id] = summary.nodes.size();
        summary.nodes.push_back(std::move(s));
    }
    // Each Parameter goes to its first consumer in summary order, or to itself.
    for (NodeSummary& p : summary.nodes) {
        if (!p.isParameter)
            continue;
        NodeSummary* owner = &p;
        size_t first = summary.nodes.size();
        for (const Edge& e : graph.edgesFrom(p.id))
            if (const auto it = at.find(e.to); it != at.end() && it->second < first)
                first = it->second;
        if (first < summary.nodes.size()) {
            owner = &summary.nodes[first];
            p.owner = owner->id;
        }
        owner->parameters += p.size;
        owner->ownedParameters.push_back(p.id);
        summary.totalParameters += p.size;
        if (trainable(*graph.find(p.id)))
            summary.trainableParameters += p.size;
    }
    return summary;
}

std::string groupedDigits(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<size_t>(i), ",");
    return value < 0 ? "-" + digits : digits;
}

std::string formatSummaryTable(const NetworkSummary& summary) {
    struct Row {
        std::string cells[5];
    };
    std::vector<Row> rows{{{"node", "kind", "output shape", "parameters", "multiply-adds"}}};
    for (const NodeSummary& n : summary.nodes) {
        if (n.isParameter && n.owner.valid())
            continue;
        rows.push_back({{n.name, n.kind, n.shape ? toString(*n.shape) : "?",
                         groupedDigits(n.parameters), groupedDigits(n.multiplyAdds)}});
    }
    size_t width[5] = {};
    for (const Row& r : rows)
        for (int c = 0; c < 5; ++c)
            width[c] = std::max(width[c], r.cells[c].size());
    std::string text;
    auto line = [&](const Row& r) {
        std::string out;
        for (int c = 0; c < 5; ++c) {
            const std::string& cell = r.cells[c];
            const std::string pad(width[c] - std::min(width[c], cell.size()), ' ');
            out += c < 3 ? cell + pad : pad + cell; // numbers right-aligned
            out += c < 4 ? "  " : "";
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        text += out + "\n";
    };
    size_t total = 8;
    for (size_t w : width)
        total += w;
    const std::string rule(total, '-');
    line(rows[0]);
    text += rule + "\n";
    for (size_t i = 1; i < rows.size(); ++i)
        line(rows[i]);
    text += rule + "\n";
    text += "Total parameters: " + groupedDigits(summary.totalParameters) + "\n";
    text += "Trainable parameters: " + groupedDigits(summary.trainableParameters) + "\n";
    text += "Non-trainable parameters: " +
            groupedDigits(summary.totalParameters - summary.trainableParameters) + "\n";
    text += "Multiply-adds per sample: " + groupedDigits(summary.totalMultiplyAdds) + "\n";
    if (!summary.complete)
        text += "(some shapes are unknown: those nodes count no multiply-adds; run "
                "`miniflow check` for the reasons)\n";
    return text;
}

} // namespace miniflow
