#pragma once
#include "app/document/GraphCommand.h"
#include "graph/Graph.h"

#include <vector>

class GraphDocument;

/// Fits the Input nodes to the dataset (their "features" and "sampleDims" attributes) and
/// resizes the Parameters that depend on those widths (the first layer's W rows: NOTE
/// [Shape repair]), as one undo step. Structural: push it through GraphDocument::push.
class BindDatasetCommand : public GraphCommand {
  public:
    struct Change {
        miniflow::NodeId input;
        nlohmann::json before;
        nlohmann::json after;
    };

    BindDatasetCommand(GraphDocument* document, const std::vector<Change>& changes,
                       QUndoCommand* parent = nullptr);
};
