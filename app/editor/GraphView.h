#pragma once
#include "app/editor/EdgeRules.h"
#include "graph/Graph.h"

#include <QGraphicsView>

#include <optional>

class AddNodeMenu;
class GraphScene;
class MiniMap;
class QAction;
class ZoomBar;

/// The canvas: a QGraphicsView over a GraphScene. Wheel zooms toward the cursor
/// (clamped to [kMinZoom, kMaxZoom]); middle-drag or Space+drag pans; left-drag on empty
/// canvas draws a rubber band; right-click or double-click on empty canvas, or typing,
/// opens the AddNodeMenu; palette entries dropped on it become nodes at the drop point.
/// Its editing actions (Delete/Backspace, Select All, Cut/Copy/Paste/Duplicate, Fit) have
/// shortcuts that only work while the canvas has focus, so text fields keep their keys;
/// Esc clears the selection. A zoom bar (zoom out, the zoom / 100 %, zoom in, fit) floats in
/// the top-right corner and, while the graph does not fit in the view, an overview (MiniMap)
/// in the bottom-right one.
class GraphView : public QGraphicsView {
    Q_OBJECT
  public:
    static constexpr double kMinZoom = 0.15;
    static constexpr double kMaxZoom = 3.0;
    /// The smallest zoom at which the canvas's text stays readable (12 px text drawn at 9 px):
    /// fitting never goes below it; the wheel and zoom-out may.
    static constexpr double kReadableZoom = 0.75;
    /// One click of zoom in / out.
    static constexpr double kZoomStep = 1.25;

    explicit GraphView(GraphScene* scene, QWidget* parent = nullptr);

    double zoom() const;
    /// Zooms by `factor` keeping the scene point under `viewPos` in place (clamped).
    void zoomAt(double factor, const QPointF& viewPos);
    /// Shows every node, at most at 100 % and at least at kReadableZoom; a graph too large for
    /// that is shown from its left (inputs) end, the rest reached by panning or the overview.
    void fitToView();
    /// Zooms by kZoomStep in or out around the view's centre; back to 100 %.
    void zoomIn();
    void zoomOut();
    void actualSize();
    /// Adds a palette entry's node without a drop point: next to the node it wires after
    /// (NOTE [Auto-wiring]), else at the view's centre.
    bool addKind(const QString& kind);
    GraphScene* graphScene() const { return scene_; }
    ZoomBar* zoomBar() const { return zoomBar_; }
    MiniMap* miniMap() const { return miniMap_; }
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
    QAction* zoomInAction() const { return zoomIn_; }
    QAction* zoomOutAction() const { return zoomOut_; }
    QAction* actualSizeAction() const { return actualSize_; }

  signals:
    void zoomChanged(double zoom);

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
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

  private:
    QAction* makeAction(const QString& text, const QList<QKeySequence>& keys);
    void createActions();
    bool emptyAt(const QPoint& viewPos) const;
    void createCornerWidgets();
    void placeCornerWidgets();
    /// Scales to `zoom` (clamped) keeping the scene point at the view's centre there.
    void setZoom(double zoom);
    void zoomDone();

    GraphScene* scene_;
    QAction* delete_ = nullptr;
    QAction* selectAll_ = nullptr;
    QAction* cut_ = nullptr;
    QAction* copy_ = nullptr;
    QAction* paste_ = nullptr;
    QAction* duplicate_ = nullptr;
    QAction* fit_ = nullptr;
    QAction* zoomIn_ = nullptr;
    QAction* zoomOut_ = nullptr;
    QAction* actualSize_ = nullptr;
    ZoomBar* zoomBar_ = nullptr;
    MiniMap* miniMap_ = nullptr;
    bool spaceHeld_ = false;
    bool panning_ = false;
    QPoint panFrom_;
};
