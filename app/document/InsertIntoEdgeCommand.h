#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

/// Inserts `node` into `edge`: A -> B becomes A -> node -> B, the node fed on its first input
/// and feeding the edge's old target port. One undo step (a macro of the edge's removal,
/// the node's addition and the two new edges); undo restores A -> B at its old place in the
/// edge list. The node's id must be valid and unused (Graph::nextId()).
class InsertIntoEdgeCommand : public GraphCommand {
  public:
    InsertIntoEdgeCommand(GraphDocument* document, const miniflow::Node& node,
                          const miniflow::Edge& edge, QUndoCommand* parent = nullptr);

    /// The edges the command makes: edge.from -> node, node -> edge.to.
    static std::pair<miniflow::Edge, miniflow::Edge> split(const miniflow::Edge& edge,
                                                           miniflow::NodeId node);
};
