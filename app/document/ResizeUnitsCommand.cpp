#include "app/document/ResizeUnitsCommand.h"

#include "app/document/GraphDocument.h"
#include "app/document/SetNodeAttributesCommand.h"

using miniflow::NodeId;

ResizeUnitsCommand::ResizeUnitsCommand(GraphDocument* document, NodeId layer, miniflow::Index units,
                                       QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Change units to %1").arg(units), true, parent) {
    const miniflow::Graph& graph = document->graph();
    if (const auto edits = miniflow::resizeOutput(graph, layer, units)) {
        addAttributeEdits(document, *edits, this);
        return;
    }
    // Nothing sizes this node's output (e.g. its inputs are not known yet): the units alone.
    nlohmann::json attributes = graph.find(layer)->attributes;
    attributes["units"] = units;
    new SetNodeAttributesCommand(document, layer, attributes, this);
}

void addAttributeEdits(GraphDocument* document, const std::vector<miniflow::AttributeEdit>& edits,
                       QUndoCommand* macro) {
    for (const miniflow::AttributeEdit& edit : edits)
        new SetNodeAttributesCommand(document, edit.node, edit.attributes, macro);
}
