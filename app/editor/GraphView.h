#pragma once
#include "app/document/GraphDocument.h" // Q_DECLARE_METATYPE(miniflow::NodeId)
#include "app/editor/EdgeRules.h"
#include "graph/Graph.h"

#include <QGraphicsView>

#include <optional>

class AddNodeMenu;
class GraphScene;
class QAction;

/// The canvas: a QGraphicsView over a GraphScene. Wheel zooms toward the cursor
/// (clamped to [kMinZoom, kMaxZoom]); middle-drag or Space+drag pans; left-drag on empty
/// canvas draws a rubber band; right-click or double-click on empty canvas, or typing,
/// opens the AddNodeMenu; palette entries dropped on it become nodes at the drop point.
/// Its editing actions (Delete/Backspace, Select All, Cut/Copy/Paste/Duplicate, Fit) have
/// shortcuts that only work while the canvas has focus, so text fields keep their keys;
/// Esc clears the selection.
class GraphView : public QGraphicsView {
    Q_OBJECT
  public:
    static constexpr double kMinZoom = 0.15;
    static constexpr double kMaxZoom = 3.0;

    explicit GraphView(GraphScene* scene, QWidget* parent = nullptr);

    double zoom() const;
    /// Zooms by `factor` keeping the scene point under `viewPos` in place (clamped).
    void zoomAt(double factor, const QPointF& viewPos);
    /// Shows every node, at most at 100 %.
    void fitToView();
    /// Opens the add-node menu at `viewPos`, pre-filtered with `filter`; the chosen node
    /// lands there, fed from `feedFrom` when given. Returns the (self-deleting) menu.
    AddNodeMenu* openAddNodeMenu(const QPoint& viewPos, const QString& filter = {},
                                 std::optional<miniflow::NodeId> feedFrom = {});

    QAction* deleteAction() const { return delete_; }
    QAction* selectAllAction() const { return selectAll_; }
    QAction* cutAction() const { return cut_; }
    QAction* copyAction() const { return copy_; }
    QAction* pasteAction() const { return paste_; }
    QAction* duplicateAction() const { return duplicate_; }
    QAction* fitAction() const { return fit_; }

  signals:
    /// Right-click on a node: the window offers what concerns it (NOTE [Pre-Train check]).
    void nodeMenuRequested(miniflow::NodeId node, const QPoint& globalPos);

  protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;

  private:
    QAction* makeAction(const QString& text, const QList<QKeySequence>& keys);
    void createActions();
    bool emptyAt(const QPoint& viewPos) const;

    GraphScene* scene_;
    QAction* delete_ = nullptr;
    QAction* selectAll_ = nullptr;
    QAction* cut_ = nullptr;
    QAction* copy_ = nullptr;
    QAction* paste_ = nullptr;
    QAction* duplicate_ = nullptr;
    QAction* fit_ = nullptr;
    bool spaceHeld_ = false;
    bool panning_ = false;
    QPoint panFrom_;
};
