#include "app/document/PasteCommand.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/GraphDocument.h"

#include <map>

using miniflow::NodeId;

PasteCommand::PasteCommand(GraphDocument* document, const GraphFragment& fragment,
                           miniflow::Position offset, QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Paste"), true, parent) {
    miniflow::Graph names = document->graph(); // grows with each copy, so names stay unique
    std::map<NodeId, NodeId> copyOf;
    for (const miniflow::Node& original : fragment.nodes()) {
        miniflow::Node copy = original;
        copy.id = names.nextId();
        copy.name = names.uniqueName(original.name);
        copy.position = {original.position.x + offset.x, original.position.y + offset.y};
        names.addNode(copy);
        copyOf[original.id] = copy.id;
        pasted_.push_back(copy.id);
        new AddNodeCommand(document, copy, this);
    }
    for (const miniflow::Edge& e : fragment.edges())
        new AddEdgeCommand(document, {copyOf.at(e.from), e.fromPort, copyOf.at(e.to), e.toPort},
                           this);
}
