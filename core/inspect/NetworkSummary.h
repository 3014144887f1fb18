#pragma once
/// NOTE [Network summary]
/// Keras's summary() for a MiniFlow graph: per node its output shape, the parameters it owns
/// and its multiply-adds (NOTE [Multiply-adds]), and the totals. Parameters live in Parameter
/// nodes; a Parameter is owned by the first node (in topological order) that it feeds, so a
/// shared Parameter counts once and the per-node counts add up to the total. A Parameter
/// that feeds nothing owns itself. Parameters with attribute "trainable": false count as
/// non-trainable. Shapes come from inferShapes (best effort): a node whose shape is unknown
/// (unconnected input, shape mismatch) has no shape and counts no multiply-adds.
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

struct NodeSummary {
    NodeId id;
    std::string name;
    std::string kind;
    std::optional<Shape> shape; ///< the output's shape, when inference knew it
    bool isParameter = false;   ///< a Parameter node (its own size is `size`)
    std::int64_t size = 0;      ///< Parameter nodes: rows x cols; else 0
    /// Parameters this node owns: its own size for a Parameter feeding nothing, else the sizes
    /// of the Parameter nodes it owns (see the note). Parameter nodes that feed a node own 0.
    std::int64_t parameters = 0;
    std::vector<NodeId> ownedParameters; ///< the Parameter nodes counted in `parameters`
    NodeId owner;                        ///< Parameter nodes: the node that owns it, if any
    /// Per sample for a batched output, else for the whole value (NOTE [Multiply-adds]).
    std::int64_t multiplyAdds = 0;
};

struct NetworkSummary {
    std::vector<NodeSummary> nodes; ///< topological order (graph order for nodes in a cycle)
    std::int64_t totalParameters = 0;
    std::int64_t trainableParameters = 0;
    std::int64_t totalMultiplyAdds = 0; ///< per sample
    bool complete = true;               ///< every node's shape is known (else counts may be low)

    const NodeSummary* find(NodeId id) const;
};

NetworkSummary summarizeNetwork(const Graph& graph);

/// 407050 -> "407,050".
std::string groupedDigits(std::int64_t value);

/// The summary as a table: node, kind, output shape, parameters, multiply-adds, then the
/// totals (total / trainable / non-trainable parameters, multiply-adds per sample).
/// Parameter nodes are listed only when they feed nothing (their counts are their owner's).
std::string formatSummaryTable(const NetworkSummary& summary);

} // namespace miniflow
