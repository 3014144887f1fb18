#include "app/editor/overlays/HealthOverlay.h"

#include "app/document/GraphDocument.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/NodeItem.h"
#include "app/editor/overlays/HealthBadgeItem.h"
#include "app/editor/overlays/SparklineItem.h"
#include "app/training/HealthController.h"
#include "ops/OpRegistry.h"

namespace {
const QColor kGradientLine(0x1f, 0x6f, 0xb4);
const QColor kUpdateLine(0x2a, 0x8a, 0x3c);
} // namespace

HealthOverlay::HealthOverlay(GraphScene* scene, HealthController* health, QObject* parent)
    : CanvasOverlay(scene, Lifetime::Persistent, parent), health_(health) {
    connect(health_, &HealthController::changed, this, &HealthOverlay::refresh);
    // Queued: the scene creates its items for these signals first.
    GraphDocument* document = scene->document();
    connect(document, &GraphDocument::contentChanged, this, &HealthOverlay::refresh,
            Qt::QueuedConnection);
    connect(document, &GraphDocument::nodeMoved, this, &HealthOverlay::refresh,
            Qt::QueuedConnection);
}

void HealthOverlay::setSparklinesVisible(bool visible) {
    sparklines_ = visible;
    redraw();
}

void HealthOverlay::draw() {
    drawNodes();
    drawEdges();
}

/// Badge at the top-right corner; a Parameter's update-ratio sparkline under it.
void HealthOverlay::drawNodes() {
    const miniflow::GradientHealth& health = health_->health();
    for (const miniflow::Node& node : scene()->document()->graph().nodes()) {
        const NodeItem* item = scene()->nodeItem(node.id);
        if (!item)
            continue;
        if (const auto alerts = health.alertsAt(node.id); !alerts.empty())
            attachToNode(node.id, new HealthBadgeItem(alerts), QPointF(NodeItem::kWidth - 2, 0));
        const miniflow::OpInfo* info = miniflow::findOp(node.op);
        const std::vector<double>& ratios = health.updateRatioHistory(node.id);
        if (!sparklines_ || !info || info->source != miniflow::SourceKind::Parameter ||
            ratios.empty())
            continue;
        attachToNode(
            node.id, new SparklineItem(ratios, QObject::tr("‖ΔW‖/‖W‖"), kUpdateLine),
            QPointF((NodeItem::kWidth - SparklineItem::kWidth) / 2, item->box().bottom() + 6));
    }
}

/// The gradient-norm sparkline centred on the curve's middle, like a label, and a badge at
/// its right end, both on the edge's target node.
void HealthOverlay::drawEdges() {
    const miniflow::GradientHealth& health = health_->health();
    for (const miniflow::Edge& edge : scene()->document()->graph().edges()) {
        const EdgeItem* item = scene()->edgeItem(edge);
        const NodeItem* target = scene()->nodeItem(edge.to);
        if (!item || !target)
            continue;
        const QPointF middle = target->mapFromScene(item->path().pointAtPercent(0.5));
        const std::vector<double>& norms = health.edgeNormHistory(edge);
        const bool line = sparklines_ && !norms.empty();
        if (line)
            attachToNode(edge.to, new SparklineItem(norms, QObject::tr("‖grad‖"), kGradientLine),
                         middle - QPointF(SparklineItem::kWidth / 2, SparklineItem::kHeight / 2));
        if (const auto alerts = health.alertsOn(edge); !alerts.empty())
            attachToNode(edge.to, new HealthBadgeItem(alerts),
                         middle + QPointF(line ? SparklineItem::kWidth / 2 : 0, 0));
    }
}
