#include "app/editor/overlays/CanvasOverlay.h"

#include "app/document/GraphDocument.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/NodeItem.h"

namespace {
/// QGraphicsItem::data key holding the overlay that drew an item.
constexpr int kOwnerKey = 0x6f76;

quintptr ownerOf(const QGraphicsItem* item) {
    return item->data(kOwnerKey).value<quintptr>();
}
} // namespace

CanvasOverlay::CanvasOverlay(GraphScene* scene, Lifetime lifetime, QObject* parent)
    : QObject(parent), scene_(scene) {
    if (lifetime == Lifetime::UntilContentChanges)
        connect(scene_->document(), &GraphDocument::contentChanged, this, &CanvasOverlay::clear);
}

bool CanvasOverlay::mine(const QGraphicsItem* item) const {
    return ownerOf(item) == reinterpret_cast<quintptr>(this);
}

void CanvasOverlay::tag(QGraphicsItem* drawing) const {
    drawing->setData(kOwnerKey, QVariant::fromValue(reinterpret_cast<quintptr>(this)));
}

QList<QGraphicsItem*> CanvasOverlay::drawings() const {
    QList<QGraphicsItem*> found;
    for (QGraphicsItem* item : scene_->items())
        if (mine(item))
            found << item;
    return found;
}

QList<QGraphicsItem*> CanvasOverlay::allDrawings(const GraphScene* scene) {
    QList<QGraphicsItem*> found;
    for (QGraphicsItem* item : scene->items())
        if (ownerOf(item) != 0)
            found << item;
    return found;
}

QList<QGraphicsItem*> CanvasOverlay::drawingsOn(miniflow::NodeId node) const {
    QList<QGraphicsItem*> found;
    if (NodeItem* item = scene_->nodeItem(node))
        for (QGraphicsItem* child : item->childItems())
            if (mine(child))
                found << child;
    return found;
}

QList<QGraphicsItem*> CanvasOverlay::drawingsOn(const miniflow::Edge& edge) const {
    QList<QGraphicsItem*> found;
    if (EdgeItem* item = scene_->edgeItem(edge))
        for (QGraphicsItem* child : item->childItems())
            if (mine(child))
                found << child;
    return found;
}

void CanvasOverlay::redraw() {
    for (QGraphicsItem* drawing : drawings())
        delete drawing;
    draw();
}

void CanvasOverlay::clear() {
    forget();
    redraw();
}

bool CanvasOverlay::attachToNode(miniflow::NodeId node, QGraphicsItem* drawing,
                                 const QPointF& pos) {
    NodeItem* item = scene_->nodeItem(node);
    if (!item) {
        delete drawing;
        return false;
    }
    tag(drawing);
    drawing->setParentItem(item);
    drawing->setPos(pos);
    return true;
}

bool CanvasOverlay::attachToEdge(const miniflow::Edge& edge, QGraphicsItem* drawing) {
    EdgeItem* item = scene_->edgeItem(edge);
    if (!item) {
        delete drawing;
        return false;
    }
    tag(drawing);
    drawing->setParentItem(item);
    drawing->setFlag(QGraphicsItem::ItemStacksBehindParent);
    drawing->setPos(item->mapFromScene(QPointF(0, 0)));
    return true;
}
