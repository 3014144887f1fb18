#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

#include <optional>

/// Adds one edge. An input takes one edge: if the target input is already fed, that
/// edge is replaced within this same command (undo puts it back where it was).
class AddEdgeCommand : public GraphCommand {
  public:
    AddEdgeCommand(GraphDocument* document, const miniflow::Edge& edge,
                   QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    miniflow::Edge edge_;
    bool resolved_ = false; ///< replaced_ is looked up on the first redo
    std::optional<miniflow::Edge> replaced_;
    int replacedIndex_ = -1;
};
