#include "app/editor/EdgeRules.h"

#include "autograd/Plan.h"
#include "graph/TopologicalOrder.h"

#include <QObject>

using miniflow::Edge;
using miniflow::Graph;

namespace {

/// A hint for shape messages that do not carry their own "(...)" suggestion.
/// The op's registered OpTraits::shapeHint, else a general one.
QString suggestionFor(const std::string& op) {
    const miniflow::OpInfo* info = miniflow::findOp(op);
    if (info && !info->traits.shapeHint.empty())
        return QString::fromStdString(info->traits.shapeHint);
    return QObject::tr("check both shapes in the inspector");
}

QString withSuggestion(const std::string& message, const std::string& op) {
    const QString text = QString::fromStdString(message);
    return text.endsWith(')') ? text : text + " (" + suggestionFor(op) + ")";
}

/// The shape mismatch at `edge.to` that adding `edge` would cause, or an empty string.
QString shapeProblem(const Graph& graph, const Edge& edge) {
    Graph proposed = graph;
    if (const auto old = proposed.edgeInto(edge.to, edge.toPort))
        proposed.removeEdge(*old);
    proposed.addEdge(edge);
    for (const miniflow::Diagnostic& d : miniflow::inferShapes(proposed).problems)
        if (d.kind == miniflow::Diagnostic::Kind::ShapeMismatch && !d.nodes.empty() &&
            d.nodes.front() == edge.to)
            return withSuggestion(d.message, graph.find(edge.to)->op);
    return {};
}

EdgeVerdict refused(const Edge& edge, const QString& reason) {
    return {false, edge, reason};
}

} // namespace

EdgeVerdict checkEdge(const Graph& graph, const PortRef& a, const PortRef& b) {
    if (a.output && b.output)
        return refused(
            {}, QObject::tr("cannot join two outputs: an edge goes from an output to an input"));
    if (!a.output && !b.output)
        return refused(
            {}, QObject::tr("cannot join two inputs: an edge goes from an output to an input"));
    const PortRef& from = a.output ? a : b;
    const PortRef& to = a.output ? b : a;
    const Edge edge{from.node, from.index, to.node, to.index};
    if (from.node == to.node)
        return refused(edge, QObject::tr("a node cannot feed itself (%1)")
                                 .arg(QString::fromStdString(graph.find(to.node)->name)));
    if (graph.edgeInto(edge.to, edge.toPort) == edge)
        return {true, edge, {}};
    const std::vector<miniflow::NodeId> cycle = miniflow::cycleClosedBy(graph, edge);
    if (!cycle.empty())
        return refused(edge,
                       QObject::tr("would make a cycle: %1")
                           .arg(QString::fromStdString(miniflow::describePath(graph, cycle))));
    const QString shape = shapeProblem(graph, edge);
    if (!shape.isEmpty())
        return refused(edge, shape);
    return {true, edge, {}};
}
