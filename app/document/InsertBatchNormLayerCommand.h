#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <optional>

/// The "BatchNorm layer" macro: a BatchNorm node at `at` with its four Parameters, each
/// 1 x C (C = the upstream node's channels for images, its features for flat rows, 1 when
/// unknown): scale (ones), shift (zeros), and the running mean (zeros) and variance (ones)
/// with "trainable": false, which BatchNorm updates itself (NOTE [Op state]). The upstream
/// node's output is wired into x when `upstream` is given. One undo step.
class InsertBatchNormLayerCommand : public GraphCommand {
  public:
    InsertBatchNormLayerCommand(GraphDocument* document, miniflow::Position at,
                                std::optional<miniflow::NodeId> upstream,
                                QUndoCommand* parent = nullptr);
    miniflow::NodeId batchNormNode() const { return node_; }

  private:
    miniflow::NodeId node_;
};
