#include "app/editor/HealthOverlay.h"

#include "app/document/GraphDocument.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/HealthBadgeItem.h"
#include "app/editor/NodeItem.h"
#include "app/editor/SparklineItem.h"
#include "app/training/HealthController.h"
#include "ops/OpRegistry.h"

namespace {
const QColor kGradientLine(0x1f, 0x6f, 0xb4);
const QColor kUpdateLine(0x2a, 0x8a, 0x3c);
} // namespace

HealthOverlay::HealthOverlay(GraphScene* scene, HealthController* health, QObject* parent)
    : QObject(parent), scene_(scene), health_(health) {
    connect(health_, &HealthController::changed, this, &HealthOverlay::refresh);
    GraphDocument* document = scene_->document();
    // Queued: the scene creates its items for these signals first.
    for (auto signal : {&GraphDocument::graphReplaced, &GraphDocument::parametersChanged})
        connect(document, signal, this, &HealthOverlay::refresh, Qt::QueuedConnection);
    connect(document, &GraphDocument::nodeMoved, this, &HealthOverlay::refresh,
            Qt::QueuedConnection);
    connect(document, &GraphDocument::edgeAdded, this, &HealthOverlay::refresh,
            Qt::QueuedConnection);
    connect(document, &GraphDocument::edgeRemoved, this, &HealthOverlay::refresh,
            Qt::QueuedConnection);
}

void HealthOverlay::setSparklinesVisible(bool visible) {
    sparklines_ = visible;
    refresh();
}

void HealthOverlay::refresh() {
    for (const miniflow::Node& node : scene_->document()->graph().nodes())
        if (NodeItem* item = scene_->nodeItem(node.id))
            removeDrawings(item);
    refreshNodes();
    refreshEdges();
}

void HealthOverlay::removeDrawings(QGraphicsItem* item) {
    for (QGraphicsItem* child : item->childItems())
        if (child->type() == HealthBadgeItem::Type || child->type() == SparklineItem::Type)
            delete child;
}

/// Badge at the top-right corner; a Parameter's update-ratio sparkline under it.
void HealthOverlay::refreshNodes() {
    const miniflow::GradientHealth& health = health_->health();
    for (const miniflow::Node& node : scene_->document()->graph().nodes()) {
        NodeItem* item = scene_->nodeItem(node.id);
        if (!item)
            continue;
        if (const auto alerts = health.alertsAt(node.id); !alerts.empty())
            (new HealthBadgeItem(alerts, item))->setPos(NodeItem::kWidth - 2, 0);
        const miniflow::OpInfo* info = miniflow::findOp(node.op);
        const std::vector<double>& ratios = health.updateRatioHistory(node.id);
        if (!sparklines_ || !info || info->source != miniflow::SourceKind::Parameter ||
            ratios.empty())
            continue;
        auto* line = new SparklineItem(ratios, QObject::tr("‖ΔW‖/‖W‖"), kUpdateLine, item);
        line->setPos((NodeItem::kWidth - SparklineItem::kWidth) / 2,
                     item->boundingRect().bottom() + 3);
    }
}

/// The gradient-norm sparkline centred on the curve's middle, like a label, and a badge at
/// its right end. They belong to the edge's target node (so they sit above the nodes the
/// edge passes and go when it goes) and are re-placed when nodes move.
void HealthOverlay::refreshEdges() {
    const miniflow::GradientHealth& health = health_->health();
    for (const miniflow::Edge& edge : scene_->document()->graph().edges()) {
        EdgeItem* item = scene_->edgeItem(edge);
        NodeItem* target = scene_->nodeItem(edge.to);
        if (!item || !target)
            continue;
        const QPointF middle = target->mapFromScene(item->path().pointAtPercent(0.5));
        const std::vector<double>& norms = health.edgeNormHistory(edge);
        const bool line = sparklines_ && !norms.empty();
        if (line)
            (new SparklineItem(norms, QObject::tr("‖grad‖"), kGradientLine, target))
                ->setPos(middle - QPointF(SparklineItem::kWidth / 2, SparklineItem::kHeight / 2));
        if (const auto alerts = health.alertsOn(edge); !alerts.empty())
            (new HealthBadgeItem(alerts, target))
                ->setPos(middle + QPointF(line ? SparklineItem::kWidth / 2 : 0, 0));
    }
}
