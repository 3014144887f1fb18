#pragma once
#include "graph/Graph.h"

#include <QByteArray>

#include <optional>
#include <vector>

/// Part of a graph on its way through the clipboard: some nodes and the edges among
/// them. Serialized in the graph file format (core JSON).
class GraphFragment {
  public:
    static constexpr const char* kMimeType = "application/x-miniflow-graph";

    /// The nodes `ids` of `graph` (in graph order) and the edges joining two of them.
    static GraphFragment of(const miniflow::Graph& graph, const std::vector<miniflow::NodeId>& ids);
    /// Parses what toBytes() wrote; nullopt for anything else.
    static std::optional<GraphFragment> fromBytes(const QByteArray& bytes);
    QByteArray toBytes() const;

    const std::vector<miniflow::Node>& nodes() const { return nodes_; }
    const std::vector<miniflow::Edge>& edges() const { return edges_; }
    bool empty() const { return nodes_.empty(); }

  private:
    std::vector<miniflow::Node> nodes_;
    std::vector<miniflow::Edge> edges_;
};
