#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <map>
#include <vector>

/// Deletes nodes and edges. It stores the nodes, every edge touching them (plus the
/// edges selected alone), their places in the graph's lists and the nodes' trained
/// values, so undo restores the exact graph, ids and order included.
class DeleteSelectionCommand : public GraphCommand {
  public:
    DeleteSelectionCommand(GraphDocument* document, const std::vector<miniflow::NodeId>& nodes,
                           const std::vector<miniflow::Edge>& edges,
                           QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    std::vector<std::pair<int, miniflow::Node>>
        nodes_; ///< (index in the node list, node), ascending
    std::vector<std::pair<int, miniflow::Edge>>
        edges_; ///< (index in the edge list, edge), ascending
    std::map<miniflow::NodeId, miniflow::Tensor> trained_;
};
