#include "app/document/InsertDenseLayerCommand.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/GraphDocument.h"
#include "autograd/Plan.h"

using miniflow::Index;
using miniflow::Node;
using miniflow::NodeId;

namespace {

/// Columns of the upstream node's output, when shape inference knows them.
Index upstreamWidth(const miniflow::Graph& graph, std::optional<NodeId> upstream) {
    if (!upstream)
        return 1;
    const miniflow::ShapeInference inferred = miniflow::inferShapes(graph);
    const auto it = inferred.shapes.find(*upstream);
    return it == inferred.shapes.end() ? 1 : it->second.cols;
}

} // namespace

InsertDenseLayerCommand::InsertDenseLayerCommand(GraphDocument* document, miniflow::Position at,
                                                 std::optional<NodeId> upstream, Index units,
                                                 QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Insert dense layer"), true, parent) {
    miniflow::Graph names = document->graph();
    const auto add = [&](const std::string& op, const std::string& base, nlohmann::json attributes,
                         miniflow::Position position) {
        Node node{names.nextId(), op, names.uniqueName(base), std::move(attributes), position};
        names.addNode(node);
        new AddNodeCommand(document, node, this);
        return node.id;
    };
    const Index rows = upstreamWidth(document->graph(), upstream);
    linear_ = add("Linear", "dense", {{"units", units}}, at);
    const NodeId w =
        add("Parameter", "W", {{"rows", rows}, {"cols", units}, {"initializer", "glorot_uniform"}},
            {at.x - 200, at.y - 110});
    const NodeId b = add("Parameter", "b", {{"rows", 1}, {"cols", units}, {"initializer", "zeros"}},
                         {at.x - 200, at.y + 110});
    if (upstream)
        new AddEdgeCommand(document, {*upstream, 0, linear_, 0}, this);
    new AddEdgeCommand(document, {w, 0, linear_, 1}, this);
    new AddEdgeCommand(document, {b, 0, linear_, 2}, this);
}
