#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

/// Renames a node (not structural). The caller checks the name is unique.
class RenameNodeCommand : public GraphCommand {
  public:
    RenameNodeCommand(GraphDocument* document, miniflow::NodeId id, std::string name,
                      QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    miniflow::NodeId id_;
    std::string before_;
    std::string after_;
};
