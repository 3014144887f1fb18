#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

#include <vector>

/// One drag of one or more nodes: pushed once, on release, so a drag is one undo step.
/// Not structural: moving stays allowed while training.
class MoveNodesCommand : public GraphCommand {
  public:
    struct Move {
        miniflow::NodeId id;
        miniflow::Position from;
        miniflow::Position to;
    };
    MoveNodesCommand(GraphDocument* document, std::vector<Move> moves,
                     QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    std::vector<Move> moves_;
};
