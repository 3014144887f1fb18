#include "app/document/InsertBatchNormLayerCommand.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/GraphDocument.h"
#include "autograd/Plan.h"

using miniflow::Index;
using miniflow::Node;
using miniflow::NodeId;

namespace {

/// C of an image {C, H, W} feeding the layer, the width of flat rows, or 1 when unknown.
Index upstreamChannels(const miniflow::Graph& graph, std::optional<NodeId> upstream) {
    if (!upstream)
        return 1;
    const miniflow::ShapeInference inferred = miniflow::inferShapes(graph);
    const auto it = inferred.shapes.find(*upstream);
    if (it == inferred.shapes.end())
        return 1;
    const miniflow::Shape& shape = it->second;
    return shape.sampleDims.size() >= 2 ? shape.sampleDims.front() : shape.cols;
}

} // namespace

InsertBatchNormLayerCommand::InsertBatchNormLayerCommand(GraphDocument* document,
                                                         miniflow::Position at,
                                                         std::optional<NodeId> upstream,
                                                         QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Insert BatchNorm layer"), true, parent) {
    miniflow::Graph names = document->graph();
    const auto add = [&](const std::string& op, const std::string& base, nlohmann::json attributes,
                         miniflow::Position position) {
        Node node{names.nextId(), op, names.uniqueName(base), std::move(attributes), position};
        names.addNode(node);
        new AddNodeCommand(document, node, this);
        return node.id;
    };
    const Index channels = upstreamChannels(document->graph(), upstream);
    node_ = add("BatchNorm", "batchnorm", {{"momentum", 0.1}, {"epsilon", 1e-5}}, at);
    const auto parameter = [&](const std::string& base, double value, bool trainable, double dy) {
        nlohmann::json a = {{"rows", 1}, {"cols", channels}};
        a["initializer"] = value == 0.0 ? "zeros" : "constant";
        if (value != 0.0)
            a["value"] = value;
        a["trainable"] = trainable;
        return add("Parameter", base, std::move(a), {at.x - 200, at.y + dy});
    };
    const NodeId scale = parameter("scale", 1.0, true, -165);
    const NodeId shift = parameter("shift", 0.0, true, -55);
    const NodeId mean = parameter("running_mean", 0.0, false, 55);
    const NodeId variance = parameter("running_var", 1.0, false, 165);
    if (upstream)
        new AddEdgeCommand(document, {*upstream, 0, node_, 0}, this);
    miniflow::PortIndex port = 1;
    for (NodeId p : {scale, shift, mean, variance})
        new AddEdgeCommand(document, {p, 0, node_, port++}, this);
}
