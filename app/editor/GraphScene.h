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

class EdgeDrag;
class EdgeItem;
class GraphCommand;
class GraphDocument;
class NodeItem;
class PortItem;

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
    NodeItem* nodeItem(miniflow::NodeId id) const;
    EdgeItem* edgeItem(const miniflow::Edge& edge) const;
    /// Selected nodes and edges, in graph order.
    std::vector<miniflow::NodeId> selectedNodes() const;
    std::vector<miniflow::Edge> selectedEdges() const;
    /// Selects exactly these nodes.
    void selectNodes(const std::vector<miniflow::NodeId>& ids);
    void selectAllItems();

    /// Adds a node of `kind` (an op kind or OpCatalog::kDenseLayer) with its top-left corner
    /// at `scenePos`, fed from `feedFrom`'s output when given (a Dense layer is otherwise fed
    /// from the single selected node). One undo step; false when refused.
    bool addNodeAt(const QString& kind, const QPointF& scenePos,
                   std::optional<miniflow::NodeId> feedFrom = {});
    bool deleteSelection();
    /// Clipboard: the selected nodes and the edges among them (GraphFragment format).
    void copySelection();
    bool cutSelection();
    bool paste();
    bool duplicateSelection();

    /// Styles every edge by its gradient norm from `snapshot` (log scale over the snapshot).
    void applySnapshot(const TrainingSnapshot& snapshot);
    void clearGradients();
    const GradientScale& gradientScale() const { return scale_; }
    /// Output shapes and problems from inferShapes on every node (clears a run's NaN mark),
    /// and the class-count check against the data's `classCount()` (core checkClassCount).
    void refreshShapes();
    /// The loaded data's class count (0: regression or no data); refreshes the marks.
    void setClassCount(int classes);
    int classCount() const { return classes_; }

    /// Shows `text` in a fading bubble at `scenePos` and emits messageShown().
    void showMessage(const QString& text, const QPointF& scenePos);
    /// The last message shown (refused edge, locked structure...).
    const QString& lastMessage() const { return lastMessage_; }

  signals:
    void messageShown(const QString& text);
    void gradientRangeChanged(double minNorm, double maxNorm);
    /// An edge dragged out of output `from` was dropped on empty canvas at `scenePos`.
    void edgeDroppedOnCanvas(const PortRef& from, const QPointF& scenePos);

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
    QString lastMessage_;
    QPointF lastPointer_;
    int pasteCount_ = 0;
    int classes_ = 0;
};
