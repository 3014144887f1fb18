#pragma once
/// NOTE [Canvas overlays]
/// The graph's own look (name, ports, shape, problem) is NodeItem's and EdgeItem's; everything
/// an analysis adds on top (gradient-check badges, step-through halos, activation strips,
/// gradient-health badges and sparklines) is drawn by one overlay per feature, in
/// app/editor/overlays/. An overlay keeps its results keyed by NodeId / Edge, never item
/// pointers, and draws them as child items of the scene's NodeItems / EdgeItems, tagged as
/// its own: the drawings move with their node and die with it, and redraw() replaces them
/// all from the results. Panels compute results off the canvas and emit them as signals
/// (OverlayData.h); the composition root connects a panel's signal to its overlay's setter.
/// An overlay whose results describe the document's content forgets them on
/// GraphDocument::contentChanged (edits, parameters, dataset, a replaced graph), so no
/// drawing outlives the graph it was computed for.
/// To add a visual on nodes: write an overlay here, give the panel a signal carrying
/// NodeId-keyed results, and connect the two where the panel is created.
#include "graph/Graph.h"

#include <QList>
#include <QObject>
#include <QPointF>

class GraphScene;
class QGraphicsItem;

class CanvasOverlay : public QObject {
    Q_OBJECT
  public:
    /// UntilContentChanges: results are forgotten on GraphDocument::contentChanged.
    /// Persistent: the overlay follows a model of its own and redraws when told.
    enum class Lifetime { UntilContentChanges, Persistent };

    CanvasOverlay(GraphScene* scene, Lifetime lifetime, QObject* parent = nullptr);

    /// This overlay's drawings now in the scene.
    QList<QGraphicsItem*> drawings() const;
    /// Every overlay's drawings in `scene` (what is drawn on top of the graph).
    static QList<QGraphicsItem*> allDrawings(const GraphScene* scene);

  public slots:
    /// Deletes this overlay's drawings and draws its results again.
    void redraw();
    /// Forgets the results and removes the drawings.
    void clear();

  protected:
    /// Draws every result through attachToNode() / attachToEdge().
    virtual void draw() = 0;
    virtual void forget() = 0;
    /// Puts `drawing` (taken over) on the node's item at `pos` (node coordinates); deletes
    /// it and returns false when the node has no item.
    bool attachToNode(miniflow::NodeId node, QGraphicsItem* drawing, const QPointF& pos);
    /// Puts `drawing` (taken over; scene coordinates) on the edge's item, behind it.
    bool attachToEdge(const miniflow::Edge& edge, QGraphicsItem* drawing);
    /// This overlay's drawings on the item of `node` (empty when it has none).
    QList<QGraphicsItem*> drawingsOn(miniflow::NodeId node) const;
    QList<QGraphicsItem*> drawingsOn(const miniflow::Edge& edge) const;
    GraphScene* scene() const { return scene_; }

  private:
    bool mine(const QGraphicsItem* item) const;
    void tag(QGraphicsItem* drawing) const;

    GraphScene* scene_;
};
