#include "app/editor/AutoWire.h"

#include "app/editor/NodeItem.h"
#include "ops/OpRegistry.h"

#include <QRectF>

namespace {
constexpr double kGap = 60;
constexpr double kStep = 40;
constexpr double kFootprintHeight = 110; ///< room kept for the new node when looking for space
constexpr int kTries = 12;
} // namespace

namespace AutoWire {

bool wiresAfter(const miniflow::OpInfo& info) {
    return info.isLoss || info.traits.preservesUnits;
}

int wiredPort(const miniflow::OpInfo& info) {
    return info.isLoss ? info.traits.predictionPort : 0;
}

bool insertsIntoEdge(const miniflow::OpInfo& info) {
    return !info.isLoss && info.traits.preservesUnits;
}

QPointF placeAfter(const miniflow::Graph& graph, miniflow::NodeId upstream) {
    const miniflow::Node* from = graph.find(upstream);
    if (!from)
        return {};
    QPointF at(from->position.x + NodeItem::kWidth + kGap, from->position.y);
    const auto blocked = [&graph](const QRectF& spot) {
        for (const miniflow::Node& n : graph.nodes())
            if (spot.intersects(
                    QRectF(n.position.x, n.position.y, NodeItem::kWidth, kFootprintHeight)))
                return true;
        return false;
    };
    for (int i = 0; i < kTries && blocked(QRectF(at, QSizeF(NodeItem::kWidth, kFootprintHeight)));
         ++i)
        at.ry() += kStep;
    return at;
}

} // namespace AutoWire
