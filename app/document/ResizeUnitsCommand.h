#pragma once
#include "app/document/GraphCommand.h"
#include "autograd/ShapeRepair.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <vector>

/// Changes a layer's "units" as one macro: its own units, the Parameters that size its
/// output and every Parameter whose shape depends on that width downstream (the next
/// layer's W rows, through ReLU, Dropout...), found by shape propagation (NOTE [Shape
/// repair]), so the network stays valid and one undo restores all.
class ResizeUnitsCommand : public GraphCommand {
  public:
    ResizeUnitsCommand(GraphDocument* document, miniflow::NodeId layer, miniflow::Index units,
                       QUndoCommand* parent = nullptr);
};

/// Pushes nothing: adds one SetNodeAttributesCommand per edit as children of `macro`.
void addAttributeEdits(GraphDocument* document, const std::vector<miniflow::AttributeEdit>& edits,
                       QUndoCommand* macro);
