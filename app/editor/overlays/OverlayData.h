#pragma once
/// What analysis panels hand to the canvas's overlays (NOTE [Canvas overlays]): results keyed
/// by NodeId / Edge, with no canvas item in sight. Panels emit these; overlays draw them.
#include "app/document/GraphMetaTypes.h"
#include "graph/Graph.h"

#include <QColor>
#include <QString>

#include <map>
#include <vector>

/// A pill over a node's top-right corner: a short result (a gradient check's "✓ 3e-07"), its
/// colour, and the sentence its tooltip explains it with.
struct NodeBadge {
    QString text;
    QColor colour;
    QString explanation;
};
using NodeBadges = std::map<miniflow::NodeId, NodeBadge>;

/// One sample's activation per node, any length (the overlay reduces long ones to cells).
using NodeActivations = std::map<miniflow::NodeId, std::vector<float>>;

/// Step-through's cursor: the node whose value (forward) or gradient (backward) is shown, and
/// the edges whose gradient is being explained.
struct StepMark {
    miniflow::NodeId node;
    bool backward = false;
    std::vector<miniflow::Edge> edges;
};
