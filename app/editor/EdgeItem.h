#pragma once
#include "app/editor/GradientScale.h"
#include "graph/Graph.h"
#include "inspect/GradientSummary.h"

#include <QGraphicsPathItem>
#include <QPointer>

#include <optional>

class PortItem;
class QGraphicsTextItem;

/// One edge on the canvas: a cubic curve from an output port to an input port.
/// Selectable (Delete removes it alone). During training it is styled by the number the
/// scene's GradientScale picks from its EdgeReading (NOTE [Edge colours]); hovering shows
/// the current numbers in a tooltip that keeps updating while the mouse stays on the edge.
class EdgeItem : public QGraphicsPathItem {
  public:
    enum { Type = UserType + 3 };

    /// Both ports and `scale` must outlive this item (the scene deletes edges before their
    /// nodes; the scale is the scene's).
    EdgeItem(const miniflow::Edge& edge, PortItem* from, PortItem* to, const GradientScale* scale);
    ~EdgeItem() override;
    int type() const override { return Type; }

    const miniflow::Edge& edge() const { return edge_; }
    /// Recomputes the curve after either end moved.
    void updatePath();
    /// The curve the canvas uses between two scene points (also for the edge being dragged).
    static QPainterPath curve(const QPointF& from, const QPointF& to);

    /// The latest snapshot's numbers for this edge. A reading without a gradient means
    /// training computes none here (nothing trainable is upstream).
    void setReading(const EdgeReading& reading);
    /// Back to the plain look (no training data).
    void clearGradient();
    /// The scale changed (quantity, mode or range): repaint.
    void scaleChanged();
    const std::optional<miniflow::GradientSummary>& gradient() const { return reading_.gradient; }
    const std::optional<EdgeReading>& reading() const { return shown_; }
    /// The number the colour and width show now (nullopt: drawn plain).
    std::optional<double> shownValue() const;
    /// The colour the edge is drawn with now.
    QColor currentColour() const;
    /// The hover text: the norm and the other statistics, or a hint when there are none.
    QString gradientText() const;
    /// The shape of the value the edge carries ("N x 512"), drawn at the curve's middle while
    /// shown (View > Shapes on Edges); empty text draws nothing. The label is an item of the
    /// scene's own, above the nodes (a short edge's label stays readable), that dies with the
    /// edge; it exists only while shown.
    void setShapeText(const QString& text);
    void setShapeVisible(bool visible);
    QString shapeText() const;
    bool shapeShown() const;
    /// Drawn plain (no gradient colour) while true: canvas pictures without the live colours.
    void setPlainLook(bool plain);

    QPainterPath shape() const override;
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

  private:
    QPen currentPen() const;
    /// After any change of the reading or the scale: outline, tooltip, repaint.
    void restyled();
    /// Replaces the cached outline when its width or the path changed (NOTE [Edge outline]).
    void refreshOutline();
    void refreshToolTip();
    void placeShapeLabel();
    void syncShapeLabel();

    miniflow::Edge edge_;
    PortItem* from_;
    PortItem* to_;
    const GradientScale* scale_;
    EdgeReading reading_;                ///< empty parts when there is no data
    std::optional<EdgeReading> shown_;   ///< set once a snapshot reached this edge
    std::optional<QPainterPath> stroke_; ///< the outline: shape() (empty until the first path)
    double strokeWidth_ = 0;             ///< the pen width stroke_ was made with
    QRectF bounds_;                      ///< stroke_'s bounds: boundingRect()
    bool hovered_ = false;
    bool plain_ = false;
    bool shapeVisible_ = false;
    QString shapeText_;
    QPointer<QGraphicsTextItem> shapeLabel_; ///< only while shown; null if the scene deleted it
    QPoint hoverScreenPos_;
};
