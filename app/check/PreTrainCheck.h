#pragma once
/// NOTE [Pre-Train check]
/// Before a run starts, the studio lists everything that would stop it, in its own words
/// (no command-line flags): no dataset or one that does not load, Inputs missing or not
/// fitting the data, every Plan diagnostic (unconnected inputs, shape errors, missing or
/// extra losses, cycles...), and a classifier narrower than the data's class count
/// (checkClassCount). Each problem names its nodes (to select) and, where one exists, a fix
/// that pushes one undoable command. The same list feeds the Pre-Train dialog and the
/// canvas's node menu.
#include "app/document/GraphDocument.h" // Q_DECLARE_METATYPE(miniflow::NodeId)
#include "graph/Graph.h"

#include <QString>
#include <functional>
#include <vector>

class DatasetPanel;

struct TrainProblem {
    QString text;                        ///< one sentence, the studio's words
    std::vector<miniflow::NodeId> nodes; ///< where it is (first: the node to mark); may be empty
    QString fixLabel;                    ///< button text; empty when no automatic fix exists
    std::function<bool()> fix;           ///< applies the fix (one undo step); true when done
    bool showsDatasetPanel = false;      ///< mended in the Dataset panel (no nodes to select)
};

/// Every problem that stops `document` from training on `panel`'s data. While the panel
/// is still loading, only what the dataset spec alone shows is checked for the data.
std::vector<TrainProblem> preTrainProblems(GraphDocument* document, DatasetPanel* panel);

/// The fixes among `problems` that concern `node` (canvas menu).
std::vector<TrainProblem> problemsAt(const std::vector<TrainProblem>& problems,
                                     miniflow::NodeId node);
