#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <optional>

/// The "Dense layer" macro: a Linear node at `at`, its weight Parameter W (rows = the
/// upstream node's width, or 1 when unknown; cols = units; glorot_uniform) and bias
/// Parameter b (1 x units, zeros), wired into Linear's W and b inputs, and the upstream
/// node's output wired into X when `upstream` is given.
class InsertDenseLayerCommand : public GraphCommand {
  public:
    static constexpr miniflow::Index kDefaultUnits = 16;

    InsertDenseLayerCommand(GraphDocument* document, miniflow::Position at,
                            std::optional<miniflow::NodeId> upstream,
                            miniflow::Index units = kDefaultUnits, QUndoCommand* parent = nullptr);
    miniflow::NodeId linearNode() const { return linear_; }

  private:
    miniflow::NodeId linear_;
};
