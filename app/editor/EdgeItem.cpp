#include "app/editor/EdgeItem.h"

#include "app/editor/PortItem.h"

#include <QGraphicsScene>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsTextItem>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QTextDocument>
#include <QToolTip>

#include <cmath>

namespace {
const QColor kPlain(0x6a, 0x6a, 0x6a);
const QColor kSelected(0xff, 0x9c, 0x1a);
constexpr double kPlainWidth = 2.0;
constexpr double kPickWidth = 12.0;

/// An edge's shape text on a light plate above the nodes, so it stays readable.
class ShapeLabel final : public QGraphicsTextItem {
  public:
    ShapeLabel() {
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.8);
        setFont(small);
        setDefaultTextColor(QColor(0x33, 0x33, 0x33));
        document()->setDocumentMargin(1);
        setZValue(4); // above nodes (1) and badges (2, 3), below messages
        setAcceptedMouseButtons(Qt::NoButton);
        setAcceptHoverEvents(false);
    }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget) override {
        painter->setPen(QPen(QColor(0xc8, 0xc8, 0xc8), 0.8));
        painter->setBrush(QColor(255, 255, 255, 230));
        painter->drawRoundedRect(boundingRect(), 3, 3);
        QGraphicsTextItem::paint(painter, option, widget);
    }
};
} // namespace

EdgeItem::EdgeItem(const miniflow::Edge& edge, PortItem* from, PortItem* to,
                   const GradientScale* scale)
    : edge_(edge), from_(from), to_(to), scale_(scale) {
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(0);
    updatePath();
    refreshToolTip();
}

QPainterPath EdgeItem::curve(const QPointF& from, const QPointF& to) {
    const double bend = std::max(50.0, std::abs(to.x() - from.x()) * 0.5);
    QPainterPath path(from);
    path.cubicTo(from + QPointF(bend, 0), to - QPointF(bend, 0), to);
    return path;
}

void EdgeItem::updatePath() {
    setPath(curve(from_->anchor(), to_->anchor())); // tells the scene, then changes the path
    stroke_.reset();
    refreshOutline();
    placeShapeLabel();
}

EdgeItem::~EdgeItem() {
    delete shapeLabel_.data(); // null when the scene deleted it first
}

void EdgeItem::setShapeText(const QString& text) {
    shapeText_ = text;
    syncShapeLabel();
}

void EdgeItem::setShapeVisible(bool visible) {
    shapeVisible_ = visible;
    syncShapeLabel();
}

QString EdgeItem::shapeText() const {
    return shapeText_;
}

bool EdgeItem::shapeShown() const {
    return !shapeLabel_.isNull();
}

/// The label exists only while shown (a canvas without it has only nodes, ports and edges).
void EdgeItem::syncShapeLabel() {
    if (!shapeVisible_ || shapeText_.isEmpty() || !scene()) {
        delete shapeLabel_.data();
        shapeLabel_ = nullptr;
        return;
    }
    if (!shapeLabel_) {
        shapeLabel_ = new ShapeLabel;
        scene()->addItem(shapeLabel_);
    }
    shapeLabel_->setPlainText(shapeText_);
    placeShapeLabel();
}

void EdgeItem::placeShapeLabel() {
    if (!shapeLabel_)
        return;
    const QRectF box = shapeLabel_->boundingRect();
    shapeLabel_->setPos(path().pointAtPercent(0.5) - QPointF(box.width() / 2, box.height() + 1));
}

void EdgeItem::setPlainLook(bool plain) {
    plain_ = plain;
    refreshOutline(); // the plain pen may be narrower (NOTE [Edge outline])
    update();
}

void EdgeItem::setReading(const EdgeReading& reading) {
    reading_ = reading;
    shown_ = reading;
    restyled();
}

void EdgeItem::clearGradient() {
    reading_ = {};
    shown_.reset();
    restyled();
}

void EdgeItem::scaleChanged() {
    restyled();
}

void EdgeItem::restyled() {
    refreshOutline();
    refreshToolTip();
    update();
}

/// NOTE [Edge outline]: the pen width follows the shared scale and the reading, which change
/// before this item hears of it; the outline (shape and bounds) is therefore cached and only
/// replaced here, after prepareGeometryChange(), so the scene always learns of a change of
/// bounds while the item still reports the old ones. The outline is at least kPickWidth wide
/// (easy to hover and click) and covers the selection halo (pen + 5).
void EdgeItem::refreshOutline() {
    const double width = std::max(kPickWidth, currentPen().widthF() + 5);
    if (stroke_ && width == strokeWidth_)
        return; // the usual case during training: the pen stays inside the pick width
    prepareGeometryChange();
    QPainterPathStroker stroker;
    stroker.setWidth(width);
    stroke_ = stroker.createStroke(path());
    strokeWidth_ = width;
    bounds_ = stroke_->boundingRect();
}

std::optional<double> EdgeItem::shownValue() const {
    return shown_ ? scale_->pick(*shown_) : std::nullopt;
}

QString EdgeItem::gradientText() const {
    if (!shown_)
        return QObject::tr("gradient: train to see it");
    QStringList lines;
    const std::optional<double> value = shownValue();
    const QString quantity = GradientScale::quantityName(scale_->quantity());
    if (value && std::isfinite(*value))
        lines << QObject::tr("%1: %2 (colour and width)").arg(quantity).arg(*value, 0, 'g', 4);
    else if (value)
        lines << QObject::tr("%1 is not finite (NaN or Inf)").arg(quantity);
    else if (scale_->quantity() == EdgeQuantity::UpdateRatio)
        lines << QObject::tr("update ratio: only edges leaving a Parameter have one");
    if (!reading_.gradient) {
        lines << QObject::tr(
            "no gradient: nothing trainable feeds this edge, so training does not compute one");
        return lines.join('\n');
    }
    const miniflow::GradientSummary& g = *reading_.gradient;
    if (!g.finite)
        lines << QObject::tr("gradient is not finite (NaN or Inf)");
    else
        lines << QObject::tr("gradient L2 norm %1\nmean |g| %2, max |g| %3\n%4% zeros, %5 x %6")
                     .arg(g.l2Norm, 0, 'g', 4)
                     .arg(g.meanAbs, 0, 'g', 3)
                     .arg(g.maxAbs, 0, 'g', 3)
                     .arg(g.zeroFraction * 100, 0, 'f', 1)
                     .arg(g.rows)
                     .arg(g.cols);
    if (reading_.value && scale_->quantity() != EdgeQuantity::ForwardValue)
        lines << QObject::tr("forward value L2 norm %1").arg(reading_.value->l2Norm, 0, 'g', 4);
    if (reading_.updateRatio && scale_->quantity() != EdgeQuantity::UpdateRatio)
        lines << QObject::tr("update ratio ||ΔW||/||W|| %1").arg(*reading_.updateRatio, 0, 'g', 3);
    return lines.join('\n');
}

/// Keeps a visible tooltip current: Qt shows a tooltip's text once, so re-show it.
void EdgeItem::refreshToolTip() {
    setToolTip(gradientText());
    if (hovered_ && QToolTip::isVisible())
        QToolTip::showText(hoverScreenPos_, toolTip());
}

QPen EdgeItem::currentPen() const {
    QPen pen(kPlain, kPlainWidth);
    const std::optional<double> value = plain_ ? std::nullopt : shownValue();
    if (value && !std::isfinite(*value)) // NaN / Inf: magenta, dashed
        pen = QPen(scale_->colour(*value), scale_->width(*value), Qt::DashLine);
    else if (value && scale_->hasRange())
        pen = QPen(scale_->colour(*value), scale_->width(*value));
    pen.setCapStyle(Qt::RoundCap);
    return pen;
}

QPainterPath EdgeItem::shape() const {
    return stroke_ ? *stroke_ : QPainterPath();
}

QRectF EdgeItem::boundingRect() const {
    return bounds_;
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    if (isSelected()) {
        painter->setPen(QPen(kSelected, currentPen().widthF() + 5, Qt::SolidLine, Qt::RoundCap));
        painter->drawPath(path());
    }
    painter->setPen(currentPen());
    painter->drawPath(path());
}

void EdgeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event) {
    hovered_ = true;
    hoverScreenPos_ = event->screenPos();
    QGraphicsPathItem::hoverEnterEvent(event);
}

void EdgeItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
    hoverScreenPos_ = event->screenPos();
    QGraphicsPathItem::hoverMoveEvent(event);
}

void EdgeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event) {
    hovered_ = false;
    QGraphicsPathItem::hoverLeaveEvent(event);
}

QColor EdgeItem::currentColour() const {
    return currentPen().color();
}
