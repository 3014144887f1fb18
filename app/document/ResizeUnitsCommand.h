#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

/// Changes a Linear node's "units" as one macro: its own units, the cols of its W and b
/// Parameters, and the rows of the W of each Linear it feeds directly or through
/// shape-keeping activations (ReLU, Tanh, Dropout...), so the network stays consistent.
class ResizeUnitsCommand : public GraphCommand {
  public:
    ResizeUnitsCommand(GraphDocument* document, miniflow::NodeId linear, miniflow::Index units,
                       QUndoCommand* parent = nullptr);

  private:
    void resizeParameter(const miniflow::Graph& graph, miniflow::NodeId linear,
                         miniflow::PortIndex port, const char* dimension, miniflow::Index size);
    void resizeDownstream(const miniflow::Graph& graph, miniflow::NodeId linear,
                          miniflow::Index units);
};
