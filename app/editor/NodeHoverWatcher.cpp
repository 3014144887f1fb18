#include "app/editor/NodeHoverWatcher.h"

#include "app/editor/NodeItem.h"

#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>

NodeHoverWatcher::NodeHoverWatcher(QGraphicsScene* scene, QObject* parent)
    : QObject(parent), scene_(scene) {
    scene_->installEventFilter(this);
}

bool NodeHoverWatcher::eventFilter(QObject* watched, QEvent* event) {
    if (watched != scene_)
        return false;
    if (event->type() == QEvent::GraphicsSceneLeave) { // the pointer left the canvas
        if (hovered_.valid()) {
            hovered_ = {};
            emit hoveredNodeChanged(hovered_);
        }
        return false;
    }
    if (event->type() != QEvent::GraphicsSceneMouseMove)
        return false;
    const QPointF at = static_cast<QGraphicsSceneMouseEvent*>(event)->scenePos();
    miniflow::NodeId found;
    for (QGraphicsItem* item : scene_->items(at)) {
        for (QGraphicsItem* up = item; up; up = up->parentItem())
            if (up->type() == NodeItem::Type) {
                found = static_cast<NodeItem*>(up)->id();
                break;
            }
        if (found.valid())
            break;
    }
    if (found != hovered_) {
        hovered_ = found;
        emit hoveredNodeChanged(found);
    }
    return false;
}
