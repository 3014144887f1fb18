#include "app/document/GraphFragment.h"

#include "io/GraphFile.h"

#include <algorithm>

using miniflow::NodeId;

GraphFragment GraphFragment::of(const miniflow::Graph& graph, const std::vector<NodeId>& ids) {
    const auto chosen = [&](NodeId id) {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    GraphFragment fragment;
    for (const miniflow::Node& n : graph.nodes())
        if (chosen(n.id))
            fragment.nodes_.push_back(n);
    for (const miniflow::Edge& e : graph.edges())
        if (chosen(e.from) && chosen(e.to))
            fragment.edges_.push_back(e);
    return fragment;
}

std::optional<GraphFragment> GraphFragment::fromBytes(const QByteArray& bytes) {
    try {
        const miniflow::GraphFile file =
            miniflow::graphFileFromText(bytes.toStdString(), "clipboard");
        GraphFragment fragment;
        fragment.nodes_ = file.graph.nodes();
        fragment.edges_ = file.graph.edges();
        return fragment;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    } catch (const miniflow::FormatError&) {
        return std::nullopt;
    }
}

QByteArray GraphFragment::toBytes() const {
    miniflow::GraphFile file;
    for (const miniflow::Node& n : nodes_)
        file.graph.addNode(n);
    for (const miniflow::Edge& e : edges_)
        file.graph.addEdge(e);
    return QByteArray::fromStdString(miniflow::toJson(file).dump());
}
