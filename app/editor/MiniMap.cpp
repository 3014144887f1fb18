#include "app/editor/MiniMap.h"

#include "app/document/GraphDocument.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/GraphView.h"
#include "app/editor/NodeItem.h"
#include "app/editor/OpCatalog.h"
#include "app/editor/PortItem.h"
#include "ops/OpRegistry.h"

#include <QMouseEvent>
#include <QPainter>

namespace {
constexpr double kPad = 6;
constexpr double kWorldMargin = 40;
} // namespace

MiniMap::MiniMap(GraphView* view, QWidget* parent) : QWidget(parent), view_(view) {
    setFixedSize(kWidth, kHeight);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to move the view"));
    hide();
}

QRectF MiniMap::graphRect() const {
    QRectF bounds;
    const GraphScene* scene = view_->graphScene();
    for (const miniflow::Node& node : scene->document()->graph().nodes())
        if (const NodeItem* item = scene->nodeItem(node.id))
            bounds |= item->mapRectToScene(item->box());
    return bounds;
}

QRectF MiniMap::visibleRect() const {
    return view_->mapToScene(view_->viewport()->rect()).boundingRect();
}

void MiniMap::refresh() {
    graph_ = graphRect();
    const bool needed = !graph_.isNull() && !visibleRect().contains(graph_);
    if (needed != isVisible())
        setVisible(needed);
    if (needed)
        update();
}

QRectF MiniMap::world() const {
    if (!heldWorld_.isNull())
        return heldWorld_;
    return graph_.united(visibleRect())
        .adjusted(-kWorldMargin, -kWorldMargin, kWorldMargin, kWorldMargin);
}

/// The world fitted into the widget (less a padding), keeping its aspect, centred.
QPointF MiniMap::fromScene(const QPointF& scenePos) const {
    const QRectF w = world();
    const QRectF area = QRectF(rect()).adjusted(kPad, kPad, -kPad, -kPad);
    const double s = std::min(area.width() / w.width(), area.height() / w.height());
    const QPointF offset = area.center() - QPointF(w.width(), w.height()) * s / 2;
    return offset + (scenePos - w.topLeft()) * s;
}

QPointF MiniMap::toScene(const QPointF& pos) const {
    const QRectF w = world();
    const QRectF area = QRectF(rect()).adjusted(kPad, kPad, -kPad, -kPad);
    const double s = std::min(area.width() / w.width(), area.height() / w.height());
    const QPointF offset = area.center() - QPointF(w.width(), w.height()) * s / 2;
    return w.topLeft() + (pos - offset) / s;
}

void MiniMap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QColor(0xb8, 0xbc, 0xc4));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    const GraphScene* scene = view_->graphScene();
    const miniflow::Graph& graph = scene->document()->graph();
    painter.setPen(QPen(QColor(0x80, 0x80, 0x80), 1));
    for (const miniflow::Edge& edge : graph.edges())
        if (const EdgeItem* item = scene->edgeItem(edge))
            painter.drawLine(fromScene(item->path().pointAtPercent(0)),
                             fromScene(item->path().pointAtPercent(1)));
    painter.setPen(Qt::NoPen);
    for (const miniflow::Node& node : graph.nodes()) {
        const NodeItem* item = scene->nodeItem(node.id);
        if (!item)
            continue;
        const miniflow::OpInfo* info = miniflow::findOp(node.op);
        painter.setBrush(
            OpCatalog::categoryColour(info ? QString::fromStdString(info->category) : QString()));
        const QRectF box = item->mapRectToScene(item->box());
        painter.drawRect(QRectF(fromScene(box.topLeft()), fromScene(box.bottomRight())));
    }
    painter.setPen(QPen(QColor(0xff, 0x8c, 0x00), 1.5));
    painter.setBrush(QColor(0xff, 0x8c, 0x00, 30));
    const QRectF seen = visibleRect();
    painter.drawRect(QRectF(fromScene(seen.topLeft()), fromScene(seen.bottomRight())));
}

void MiniMap::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        heldWorld_ = world();
        view_->centerOn(toScene(event->position()));
    }
    event->accept();
}

void MiniMap::mouseReleaseEvent(QMouseEvent* event) {
    heldWorld_ = QRectF();
    refresh();
    event->accept();
}

void MiniMap::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton)
        view_->centerOn(toScene(event->position()));
    event->accept();
}
