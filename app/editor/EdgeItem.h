#pragma once
#include "app/editor/GradientScale.h"
#include "graph/Graph.h"
#include "inspect/GradientSummary.h"

#include <QGraphicsPathItem>

#include <optional>

class PortItem;

/// One edge on the canvas: a cubic curve from an output port to an input port.
/// Selectable (Delete removes it alone). During training it is styled by its gradient's
/// L2 norm (colour and width from a GradientScale); hovering shows the current numbers
/// in a tooltip that keeps updating while the mouse stays on the edge.
class EdgeItem : public QGraphicsPathItem {
  public:
    enum { Type = UserType + 3 };

    /// Both ports must outlive this item (the scene deletes edges before their nodes).
    EdgeItem(const miniflow::Edge& edge, PortItem* from, PortItem* to);
    int type() const override { return Type; }

    const miniflow::Edge& edge() const { return edge_; }
    /// Recomputes the curve after either end moved.
    void updatePath();
    /// The curve the canvas uses between two scene points (also for the edge being dragged).
    static QPainterPath curve(const QPointF& from, const QPointF& to);

    void setGradientScale(const GradientScale& scale);
    void setGradient(const miniflow::GradientSummary& summary);
    /// Back to the plain look (no training data).
    void clearGradient();
    /// Training ran but computes no gradient here: nothing trainable is upstream.
    void setGradientNotComputed();
    const std::optional<miniflow::GradientSummary>& gradient() const { return gradient_; }
    /// The hover text: the norm and the other statistics, or a hint when there are none.
    QString gradientText() const;

    QPainterPath shape() const override;
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

  private:
    QPen currentPen() const;
    void refreshToolTip();

    miniflow::Edge edge_;
    PortItem* from_;
    PortItem* to_;
    GradientScale scale_;
    std::optional<miniflow::GradientSummary> gradient_;
    bool notComputed_ = false; ///< training ran and computes no gradient on this edge
    bool hovered_ = false;
    QPoint hoverScreenPos_;
};
