#pragma once
#include "graph/Graph.h"

#include <QUndoCommand>
#include <vector>

class GraphDocument;

/// Fits the Input nodes to the dataset (their "features" and "sampleDims" attributes), as
/// one undo step. Structural: push it only while the document's structure is unlocked
/// (DatasetPanel refuses otherwise).
class BindDatasetCommand : public QUndoCommand {
  public:
    struct Change {
        miniflow::NodeId input;
        nlohmann::json before;
        nlohmann::json after;
    };

    BindDatasetCommand(GraphDocument* document, std::vector<Change> changes,
                       QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

  private:
    GraphDocument* document_;
    std::vector<Change> changes_;
};
