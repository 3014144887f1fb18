#include "app/editor/EdgeItem.h"

#include "app/editor/PortItem.h"

#include <QGraphicsSceneHoverEvent>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QToolTip>

#include <cmath>
#include <limits>

namespace {
const QColor kPlain(0x6a, 0x6a, 0x6a);
const QColor kSelected(0xff, 0x9c, 0x1a);
constexpr double kPlainWidth = 2.0;
constexpr double kPickWidth = 12.0;
} // namespace

EdgeItem::EdgeItem(const miniflow::Edge& edge, PortItem* from, PortItem* to)
    : edge_(edge), from_(from), to_(to) {
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
    setPath(curve(from_->anchor(), to_->anchor()));
}

void EdgeItem::setGradientScale(const GradientScale& scale) {
    scale_ = scale;
    update();
}

void EdgeItem::setGradient(const miniflow::GradientSummary& summary) {
    prepareGeometryChange();
    gradient_ = summary;
    notComputed_ = false;
    refreshToolTip();
    update();
}

void EdgeItem::clearGradient() {
    prepareGeometryChange();
    gradient_.reset();
    notComputed_ = false;
    refreshToolTip();
    update();
}

void EdgeItem::setGradientNotComputed() {
    if (notComputed_ && !gradient_)
        return;
    prepareGeometryChange();
    gradient_.reset();
    notComputed_ = true;
    refreshToolTip();
    update();
}

QString EdgeItem::gradientText() const {
    if (notComputed_)
        return QObject::tr(
            "no gradient: nothing trainable feeds this edge, so training does not compute one");
    if (!gradient_)
        return QObject::tr("gradient: train to see it");
    const miniflow::GradientSummary& g = *gradient_;
    if (!g.finite)
        return QObject::tr("gradient is not finite (NaN or Inf)");
    return QObject::tr("gradient L2 norm %1\nmean |g| %2, max |g| %3\n%4% zeros, %5 x %6")
        .arg(g.l2Norm, 0, 'g', 4)
        .arg(g.meanAbs, 0, 'g', 3)
        .arg(g.maxAbs, 0, 'g', 3)
        .arg(g.zeroFraction * 100, 0, 'f', 1)
        .arg(g.rows)
        .arg(g.cols);
}

/// Keeps a visible tooltip current: Qt shows a tooltip's text once, so re-show it.
void EdgeItem::refreshToolTip() {
    setToolTip(gradientText());
    if (hovered_ && QToolTip::isVisible())
        QToolTip::showText(hoverScreenPos_, toolTip());
}

QPen EdgeItem::currentPen() const {
    QPen pen(kPlain, kPlainWidth);
    constexpr double nan = std::numeric_limits<double>::quiet_NaN(); // NaN / Inf: magenta, dashed
    if (gradient_ && !gradient_->finite)
        pen = QPen(scale_.colour(nan), scale_.width(nan), Qt::DashLine);
    else if (gradient_)
        pen = QPen(scale_.colour(gradient_->l2Norm), scale_.width(gradient_->l2Norm));
    pen.setCapStyle(Qt::RoundCap);
    return pen;
}

QPainterPath EdgeItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(std::max(kPickWidth, currentPen().widthF() + 4));
    return stroker.createStroke(path());
}

QRectF EdgeItem::boundingRect() const {
    return shape().boundingRect();
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
