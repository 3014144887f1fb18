#pragma once
#include <QRectF>
#include <QWidget>

class GraphView;

/// The canvas's overview, in a corner of the view: every node as a small box in its
/// category's colour, every edge as a line, and the part the view shows as an orange frame.
/// Clicking or dragging in it centres the view there. It is shown only while the graph does
/// not fit in the view (refresh() decides, the view calls it when it or the graph changes).
class MiniMap : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kWidth = 200;
    static constexpr int kHeight = 130;

    explicit MiniMap(GraphView* view, QWidget* parent = nullptr);

    /// Re-reads the graph's extent and the visible part; shows or hides the map.
    void refresh();
    /// The scene point at widget point `pos`, and back.
    QPointF toScene(const QPointF& pos) const;
    QPointF fromScene(const QPointF& scenePos) const;
    /// The scene rectangle the view shows.
    QRectF visibleRect() const;
    /// The nodes' bounding rectangle in the scene (null when the graph is empty).
    QRectF graphRect() const;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

  private:
    /// The scene rectangle the map covers: the graph and the visible part, with a margin.
    QRectF world() const;

    GraphView* view_;
    QRectF graph_;
    QRectF heldWorld_; ///< the world while the mouse drags in the map (so it does not shift)
};
