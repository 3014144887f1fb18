#pragma once
#include "app/editor/EdgeRules.h"
#include "app/editor/GradientScale.h"
#include "app/training/TrainingSnapshot.h"
#include "graph/Graph.h"

#include <QGraphicsScene>

#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

class ActivationOverlay;
class BadgeOverlay;
class EdgeDrag;
class EdgeItem;
class GraphCommand;
class GraphDocument;
class NodeItem;
class PortItem;
class TrainingController;
class StepOverlay;

/// The canvas's items, mirroring a GraphDocument through its signals (NOTE [Document
/// model]): the document holds the truth; the scene never edits its items' data
/// directly but turns the user's gestures (port drags, node moves, palette drops,
/// delete, paste) into undo commands pushed through GraphDocument::push(). Refusals
/// (a rejected edge, a locked structure) are shown in words near the pointer and kept in
/// lastMessage().
class GraphScene : public QGraphicsScene {
    Q_OBJECT
  public:
    explicit GraphScene(GraphDocument* document, QObject* parent = nullptr);
    ~GraphScene() override;

    GraphDocument* document() const { return document_; }
    /// The overlays analysis panels feed (NOTE [Canvas overlays]); the scene owns them.
    BadgeOverlay* badgeOverlay() const { return badges_; }
    ActivationOverlay* activationOverlay() const { return activations_; }
    StepOverlay* stepOverlay() const { return steps_; }
    NodeItem* nodeItem(miniflow::NodeId id) const;
    EdgeItem* edgeItem(const miniflow::Edge& edge) const;
    /// Selected nodes and edges, in graph order.
    std::vector<miniflow::NodeId> selectedNodes() const;
    std::vector<miniflow::Edge> selectedEdges() const;
    /// Selects exactly these nodes.
    void selectNodes(const std::vector<miniflow::NodeId>& ids);
    void selectAllItems();

    /// Adds a node of `kind` (an op kind or a layer macro, OpCatalog::isMacro) with its top-left
    /// corner at `scenePos`, fed from `feedFrom`'s output when given. Otherwise a macro, or
    /// an op that wires after a node (NOTE [Auto-wiring]), is fed from the single selected
    /// node. One undo step; false when refused. When the edge would not be allowed (shape,
    /// cycle) the node is added alone and a message says why.
    bool addNodeAt(const QString& kind, const QPointF& scenePos,
                   std::optional<miniflow::NodeId> feedFrom = {});
    /// Where a node of `kind` added without a point of its own goes: to the right of the node
    /// it will be wired after, else `fallback`.
    QPointF placementFor(const QString& kind, const QPointF& fallback) const;
    /// A palette entry of `kind` dropped at `scenePos`: on a node, the new node is wired after
    /// it when its op allows (else it lands at the point, like on empty canvas); on an edge,
    /// an op that fits into edges is inserted into it; elsewhere, as addNodeAt().
    bool dropKindAt(const QString& kind, const QPointF& scenePos);
    /// Inserts a new node of op `kind` into `edge` (A -> new -> B) with its centre at
    /// `scenePos`; refused, with a message, when the op does not fit into edges or the edge
    /// out of the new node would not be allowed (shape, cycle).
    bool insertIntoEdge(const QString& kind, const miniflow::Edge& edge, const QPointF& scenePos);
    bool deleteSelection();
    /// Clipboard: the selected nodes and the edges among them (GraphFragment format).
    void copySelection();
    bool cutSelection();
    bool paste();
    bool duplicateSelection();

    /// Styles every edge from `snapshot` through the edge scale (NOTE [Edge colours]).
    /// Cost: O(E log E) for E edges (the snapshot is indexed by edge once).
    void applySnapshot(const TrainingSnapshot& snapshot);
    /// Back to plain edges and an empty edge-scale range (Reset, another graph).
    void clearGradients();
    const GradientScale& gradientScale() const { return scale_; }
    /// What the edge colours show and how their range is set; each redraws the edges with
    /// the latest snapshot and emits edgeScaleChanged().
    void setEdgeQuantity(EdgeQuantity quantity);
    void setEdgeScaleMode(EdgeScaleMode mode);
    /// False (and *error says why) for a range the log scale cannot use; see GradientScale.
    bool setFixedEdgeRange(double minValue, double maxValue, QString* error = nullptr);
    /// Follows a TrainingController: each snapshot styles the edges; Running refreshes the
    /// shapes (a failure's mark goes); Idle (Reset) clears the edge colours.
    void watch(TrainingController* controller);
    /// Output shapes and problems from inferShapes on every node (clears a run's NaN mark),
    /// and the class-count check against the data's `classCount()` (core checkClassCount).
    void refreshShapes();
    /// View > Shapes on Edges: every edge shows the shape of the value it carries.
    void setEdgeShapesVisible(bool visible);
    bool edgeShapesVisible() const { return edgeShapesVisible_; }
    /// The loaded data's class count (0: regression or no data); refreshes the marks.
    void setClassCount(int classes);
    int classCount() const { return classes_; }

    /// Shows `text` in a fading bubble at `scenePos` and emits messageShown().
    void showMessage(const QString& text, const QPointF& scenePos);
    /// The last message shown (refused edge, locked structure...).
    const QString& lastMessage() const { return lastMessage_; }

  signals:
    void messageShown(const QString& text);
    /// The edge scale's quantity, mode or range changed (the legend mirrors it).
    void edgeScaleChanged(const GradientScale& scale);
    /// An edge dragged out of output `from` was dropped on empty canvas at `scenePos`.
    void edgeDroppedOnCanvas(const PortRef& from, const QPointF& scenePos);
    /// A node's item moved (dragged, or its position changed in the document).
    void nodeItemMoved(miniflow::NodeId id);

  protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

  private:
    void rebuild();
    void addNodeItem(miniflow::NodeId id);
    void removeNodeItem(miniflow::NodeId id);
    void updateNodeItem(miniflow::NodeId id);
    void moveNodeItem(miniflow::NodeId id);
    void addEdgeItem(const miniflow::Edge& edge);
    void removeEdgeItem(const miniflow::Edge& edge);
    void followNode(NodeItem* item);
    bool push(GraphCommand* command);
    bool pasteFragment(const QByteArray& bytes);
    /// The one place a node's problem reaches the canvas (empty clears it).
    void markProblem(NodeItem* item, const QString& problem);
    /// Re-styles every edge from the latest readings (after a quantity or mode change).
    void restyleEdges();
    std::optional<miniflow::NodeId> autoFeeder(const QString& kind) const;
    /// The node or edge whose item (or a drawing on it) is topmost at `scenePos`.
    NodeItem* nodeItemAt(const QPointF& scenePos) const;
    EdgeItem* edgeItemAt(const QPointF& scenePos) const;

    PortItem* portAt(const QPointF& scenePos) const;
    void beginEdgeDrag(PortItem* pressed);
    void finishEdgeDrag(const QPointF& scenePos);
    void rememberPositions();
    void commitMove();

    GraphDocument* document_;
    std::unordered_map<miniflow::NodeId, NodeItem*> nodes_;
    std::map<miniflow::Edge, EdgeItem*> edges_;
    std::unique_ptr<EdgeDrag> drag_;
    std::map<miniflow::NodeId, QPointF> pressPositions_;
    GradientScale scale_;
    std::map<miniflow::Edge, EdgeReading> readings_; ///< the latest snapshot's, by edge
    long lastStep_ = 0;
    QString lastMessage_;
    QPointF lastPointer_;
    int pasteCount_ = 0;
    int classes_ = 0;
    bool edgeShapesVisible_ = false;
    BadgeOverlay* badges_;
    ActivationOverlay* activations_;
    StepOverlay* steps_;
};
