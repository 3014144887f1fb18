#include "app/document/ResizeUnitsCommand.h"

#include "app/document/GraphDocument.h"
#include "app/document/SetNodeAttributesCommand.h"
#include "ops/OpRegistry.h"

#include <set>

using miniflow::Graph;
using miniflow::Index;
using miniflow::NodeId;

namespace {

/// Single-input ops whose output has their input's width.
bool keepsWidth(const std::string& op) {
    return miniflow::findOp(op) && miniflow::findOp(op)->traits.preservesUnits;
}

} // namespace

ResizeUnitsCommand::ResizeUnitsCommand(GraphDocument* document, NodeId linear, Index units,
                                       QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Change units to %1").arg(units), true, parent) {
    const Graph& graph = document->graph();
    nlohmann::json attributes = graph.find(linear)->attributes;
    attributes["units"] = units;
    new SetNodeAttributesCommand(document, linear, attributes, this);
    resizeParameter(graph, linear, 1, "cols", units);
    resizeParameter(graph, linear, 2, "cols", units);
    resizeDownstream(graph, linear, units);
}

/// Sets `dimension` of the Parameter feeding `port` of `linear`, if a sized one does.
void ResizeUnitsCommand::resizeParameter(const Graph& graph, NodeId linear,
                                         miniflow::PortIndex port, const char* dimension,
                                         Index size) {
    const auto edge = graph.edgeInto(linear, port);
    if (!edge)
        return;
    const miniflow::Node* parameter = graph.find(edge->from);
    if (parameter->op != "Parameter" || parameter->attributes.contains("value"))
        return;
    nlohmann::json attributes = parameter->attributes;
    attributes[dimension] = size;
    new SetNodeAttributesCommand(document(), parameter->id, attributes, this);
}

void ResizeUnitsCommand::resizeDownstream(const Graph& graph, NodeId linear, Index units) {
    std::vector<NodeId> frontier{linear};
    std::set<NodeId> seen{linear};
    while (!frontier.empty()) {
        const NodeId id = frontier.back();
        frontier.pop_back();
        for (const miniflow::Edge& e : graph.edgesFrom(id)) {
            const miniflow::Node* next = graph.find(e.to);
            if (e.toPort != 0 || !seen.insert(next->id).second)
                continue;
            if (next->op == "Linear")
                resizeParameter(graph, next->id, 1, "rows", units);
            else if (keepsWidth(next->op))
                frontier.push_back(next->id);
        }
    }
}
