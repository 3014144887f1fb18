#include "app/document/InsertConvLayerCommand.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/GraphDocument.h"
#include "autograd/Plan.h"
#include "ops/OpRegistry.h"

#include <cmath>

using miniflow::Index;
using miniflow::Node;
using miniflow::NodeId;

namespace {

/// Channels of the upstream node's C x H x W output (NOTE [Image layout]), when shape
/// inference knows it is an image; else 1.
Index upstreamChannels(const miniflow::Graph& graph, std::optional<NodeId> upstream) {
    if (!upstream)
        return 1;
    const miniflow::ShapeInference inferred = miniflow::inferShapes(graph);
    const auto it = inferred.shapes.find(*upstream);
    return it != inferred.shapes.end() && it->second.isImage() ? it->second.sampleDims[0] : 1;
}

} // namespace

InsertConvLayerCommand::InsertConvLayerCommand(GraphDocument* document, miniflow::Position at,
                                               std::optional<NodeId> upstream, Index outChannels,
                                               Index kernel, QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Insert conv layer"), true, parent) {
    miniflow::Graph names = document->graph();
    const auto add = [&](const std::string& op, const std::string& base, nlohmann::json attributes,
                         miniflow::Position position) {
        Node node{names.nextId(), op, names.uniqueName(base), std::move(attributes), position};
        names.addNode(node);
        new AddNodeCommand(document, node, this);
        return node.id;
    };
    const Index patch = upstreamChannels(document->graph(), upstream) * kernel * kernel;
    // He initialisation over the fan-in C*k*k, rounded to 4 digits for a readable attribute.
    const double stddev = std::round(std::sqrt(2.0 / static_cast<double>(patch)) * 1e4) / 1e4;
    nlohmann::json attributes = miniflow::findOp("Conv2D")->defaultAttributes; // all editable
    attributes["outChannels"] = outChannels;
    attributes["kernelH"] = kernel;
    attributes["kernelW"] = kernel;
    conv_ = add("Conv2D", "conv", std::move(attributes), at);
    const NodeId w =
        add("Parameter", "W",
            {{"rows", outChannels}, {"cols", patch}, {"initializer", "normal"}, {"stddev", stddev}},
            {at.x - 200, at.y - 110});
    const NodeId b =
        add("Parameter", "b", {{"rows", 1}, {"cols", outChannels}, {"initializer", "zeros"}},
            {at.x - 200, at.y + 110});
    if (upstream)
        new AddEdgeCommand(document, {*upstream, 0, conv_, 0}, this);
    new AddEdgeCommand(document, {w, 0, conv_, 1}, this);
    new AddEdgeCommand(document, {b, 0, conv_, 2}, this);
}
