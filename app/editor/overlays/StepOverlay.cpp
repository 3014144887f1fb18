#include "app/editor/overlays/StepOverlay.h"

#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/NodeItem.h"

#include <QGraphicsItem>
#include <QPainter>
#include <QPen>

namespace {
const QColor kForward(0x1f, 0x77, 0xd4, 170);
const QColor kBackward(0x7b, 0x3f, 0xe4, 170);
constexpr double kRadius = 7;

/// A rounded band around a node's box, behind the node.
class HaloItem : public QGraphicsItem {
  public:
    HaloItem(const QRectF& box, StepOverlay::Halo halo) : box_(box), halo_(halo) {
        setFlag(ItemStacksBehindParent);
    }
    StepOverlay::Halo halo() const { return halo_; }
    QRectF boundingRect() const override { return box_.adjusted(-8, -8, 8, 8); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(halo_ == StepOverlay::Halo::Forward ? kForward : kBackward, 7));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box_.adjusted(-3, -3, 3, 3), kRadius, kRadius);
    }

  private:
    QRectF box_;
    StepOverlay::Halo halo_;
};
} // namespace

StepOverlay::StepOverlay(GraphScene* scene, QObject* parent)
    : CanvasOverlay(scene, Lifetime::UntilContentChanges, parent) {
    connect(scene, &GraphScene::nodeItemMoved, this, [this] {
        if (mark_ && !mark_->edges.empty())
            redraw(); // edge glows follow the curves
    });
}

void StepOverlay::setMark(const std::optional<StepMark>& mark) {
    mark_ = mark;
    redraw();
}

void StepOverlay::forget() {
    mark_.reset();
}

void StepOverlay::draw() {
    if (!mark_)
        return;
    if (const NodeItem* item = scene()->nodeItem(mark_->node)) {
        attachToNode(mark_->node,
                     new HaloItem(item->box(), mark_->backward ? Halo::Backward : Halo::Forward),
                     {});
    }
    for (const miniflow::Edge& edge : mark_->edges)
        if (const EdgeItem* item = scene()->edgeItem(edge)) {
            auto* glow = new QGraphicsPathItem(item->path());
            glow->setPen(QPen(kBackward, item->pen().widthF() + 9, Qt::SolidLine, Qt::RoundCap));
            attachToEdge(edge, glow);
        }
}

StepOverlay::Halo StepOverlay::haloOn(miniflow::NodeId node) const {
    const QList<QGraphicsItem*> found = drawingsOn(node);
    return found.isEmpty() ? Halo::None : static_cast<HaloItem*>(found.front())->halo();
}

bool StepOverlay::edgeLit(const miniflow::Edge& edge) const {
    return !drawingsOn(edge).isEmpty();
}
