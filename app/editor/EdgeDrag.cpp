#include "app/editor/EdgeDrag.h"

#include "app/editor/EdgeItem.h"
#include "app/editor/PortItem.h"

#include <QGraphicsScene>
#include <QPen>

using Kind = EdgeDrag::Outcome::Kind;

EdgeDrag::EdgeDrag(QGraphicsScene* scene, const miniflow::Graph& graph, PortItem* fixed,
                   EdgeItem* detachedItem)
    : scene_(scene), graph_(graph), fixed_(fixed), detachedItem_(detachedItem) {
    if (detachedItem_) {
        detached_ = detachedItem_->edge();
        graph_.removeEdge(*detached_);
        detachedItem_->setVisible(false);
    }
    curve_ = scene_->addPath(QPainterPath(),
                             QPen(QColor(0x30, 0x80, 0xe0), 2.5, Qt::DashLine, Qt::RoundCap));
    curve_->setZValue(50);
    highlightPorts();
}

EdgeDrag::~EdgeDrag() {
    delete curve_;
    for (QGraphicsItem* item : scene_->items())
        if (item->type() == PortItem::Type)
            static_cast<PortItem*>(item)->setHighlight(PortItem::Highlight::None);
    if (detachedItem_)
        detachedItem_->setVisible(true);
}

void EdgeDrag::moveTo(const QPointF& scenePos) {
    const QPointF anchor = fixed_->anchor();
    curve_->setPath(fixed_->port().output ? EdgeItem::curve(anchor, scenePos)
                                          : EdgeItem::curve(scenePos, anchor));
}

void EdgeDrag::highlightPorts() {
    for (QGraphicsItem* item : scene_->items()) {
        if (item->type() != PortItem::Type || item == fixed_)
            continue;
        auto* port = static_cast<PortItem*>(item);
        const bool fits = checkEdge(graph_, fixed_->port(), port->port()).allowed;
        port->setHighlight(fits ? PortItem::Highlight::Compatible
                                : PortItem::Highlight::Incompatible);
    }
}

EdgeDrag::Outcome EdgeDrag::drop(const PortItem* target) const {
    Outcome outcome;
    outcome.detached = detached_;
    outcome.fixed = fixed_->port();
    if (target == fixed_)
        return outcome;
    if (!target) {
        outcome.kind = detached_ ? Kind::Disconnect : Kind::OnCanvas;
        return outcome;
    }
    const EdgeVerdict verdict = checkEdge(graph_, fixed_->port(), target->port());
    outcome.edge = verdict.edge;
    if (!verdict.allowed) {
        outcome.kind = Kind::Refused;
        outcome.reason = verdict.reason;
    } else if (detached_) {
        outcome.kind = verdict.edge == *detached_ ? Kind::Nothing : Kind::Reroute;
    } else {
        outcome.kind = Kind::Connect;
    }
    return outcome;
}
