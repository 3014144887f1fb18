#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

/// Removes one edge; undo puts it back at the same place in the edge list.
class RemoveEdgeCommand : public GraphCommand {
  public:
    RemoveEdgeCommand(GraphDocument* document, const miniflow::Edge& edge,
                      QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    miniflow::Edge edge_;
    int index_ = -1;
};
