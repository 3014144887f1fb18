#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <optional>

/// The "Conv layer" macro: a Conv2D node at `at` (outChannels, kernel k x k, padding "valid",
/// the rest at their defaults), its weight Parameter W (outChannels x C*k*k, C = the channels
/// of the upstream node's C x H x W output, or 1 when it has none; He initialisation: normal
/// with std sqrt(2 / (C*k*k)), as for a ReLU after it) and bias Parameter b (1 x outChannels,
/// zeros), wired into Conv2D's W and b inputs, and the upstream node's output wired into x
/// when `upstream` is given. One undo step.
class InsertConvLayerCommand : public GraphCommand {
  public:
    static constexpr miniflow::Index kDefaultChannels = 8;
    static constexpr miniflow::Index kDefaultKernel = 3;

    InsertConvLayerCommand(GraphDocument* document, miniflow::Position at,
                           std::optional<miniflow::NodeId> upstream,
                           miniflow::Index outChannels = kDefaultChannels,
                           miniflow::Index kernel = kDefaultKernel, QUndoCommand* parent = nullptr);
    miniflow::NodeId convNode() const { return conv_; }

  private:
    miniflow::NodeId conv_;
};
