#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

/// Adds one node. The node's id must be valid and unused (take it from Graph::nextId()),
/// so redo after undo gives back the same id.
class AddNodeCommand : public GraphCommand {
  public:
    AddNodeCommand(GraphDocument* document, miniflow::Node node, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    miniflow::Node node_;
};
