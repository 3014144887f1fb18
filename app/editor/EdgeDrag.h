#pragma once
#include "app/editor/EdgeRules.h"

#include <QPointF>

#include <optional>

class EdgeItem;
class PortItem;
class QGraphicsPathItem;
class QGraphicsScene;

/// One edge being dragged from a port (NOTE: it only looks and decides; GraphScene
/// pushes the commands). Pressing an output or a free input drags a new edge from it;
/// pressing a connected input detaches that edge, which is then dragged from its output
/// end to be re-routed. While dragging, every port that could take the edge is
/// highlighted and the others dimmed; the verdicts come from checkEdge().
class EdgeDrag {
  public:
    /// What the drop means.
    struct Outcome {
        enum class Kind {
            Nothing,
            Connect,
            Reroute,
            Disconnect,
            Refused,
            OnCanvas
        } kind = Kind::Nothing;
        miniflow::Edge edge;                    ///< Connect / Reroute: the new edge
        std::optional<miniflow::Edge> detached; ///< the edge being re-routed, if any
        QString reason;                         ///< Refused: why, in words
        PortRef fixed;                          ///< OnCanvas: the port the drag started from
    };

    /// `graph` is the document's graph; `detachedItem` is the item of the edge to re-route
    /// (hidden while dragging), or null.
    EdgeDrag(QGraphicsScene* scene, const miniflow::Graph& graph, PortItem* fixed,
             EdgeItem* detachedItem);
    /// Removes the dragged curve, clears highlights and shows the detached edge again.
    ~EdgeDrag();
    EdgeDrag(const EdgeDrag&) = delete;
    EdgeDrag& operator=(const EdgeDrag&) = delete;

    void moveTo(const QPointF& scenePos);
    /// The meaning of releasing over `target` (null: over no port).
    Outcome drop(const PortItem* target) const;

  private:
    void highlightPorts();

    QGraphicsScene* scene_;
    miniflow::Graph graph_; ///< the document's graph without the detached edge
    PortItem* fixed_;
    EdgeItem* detachedItem_;
    std::optional<miniflow::Edge> detached_;
    QGraphicsPathItem* curve_;
};
