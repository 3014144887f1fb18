#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <optional>

/// Replaces a node's attributes (structural: shapes may change). The document drops a
/// reshaped Parameter's trained value; undo restores both the attributes and that value.
class SetNodeAttributesCommand : public GraphCommand {
  public:
    SetNodeAttributesCommand(GraphDocument* document, miniflow::NodeId id,
                             nlohmann::json attributes, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    miniflow::NodeId id_;
    nlohmann::json before_;
    nlohmann::json after_;
    std::optional<miniflow::Tensor> trained_;
};
