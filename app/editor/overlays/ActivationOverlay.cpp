#include "app/editor/overlays/ActivationOverlay.h"

#include "app/editor/GraphScene.h"
#include "app/editor/NodeItem.h"

#include <QGraphicsItem>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kStripHeight = 10;

/// Blue (-1) - white (0) - red (+1).
QColor diverging(double t) {
    const double a = std::clamp(std::abs(t), 0.0, 1.0);
    const QColor end = t < 0 ? QColor(33, 102, 172) : QColor(178, 24, 43);
    const auto mix = [a](int from, int to) { return static_cast<int>(from + (to - from) * a); };
    return QColor(mix(247, end.red()), mix(247, end.green()), mix(247, end.blue()));
}

/// At most `cells` values: each keeps the value of largest magnitude of its block.
std::vector<float> reduceToCells(const std::vector<float>& values, size_t cells) {
    if (values.size() <= cells)
        return values;
    std::vector<float> out(cells, 0.0f);
    for (size_t i = 0; i < values.size(); ++i) {
        float& cell = out[i * cells / values.size()];
        if (std::abs(values[i]) > std::abs(cell))
            cell = values[i];
    }
    return out;
}

/// The strip, NodeItem::kWidth wide; its top-left corner is at the item's position.
class StripItem : public QGraphicsItem {
  public:
    explicit StripItem(std::vector<float> cells) : cells_(std::move(cells)) {}
    const std::vector<float>& cells() const { return cells_; }
    QRectF boundingRect() const override {
        return QRectF(0, 0, NodeItem::kWidth, kStripHeight).adjusted(-1, -1, 1, 1);
    }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        float largest = 0;
        for (float v : cells_)
            largest = std::max(largest, std::isfinite(v) ? std::abs(v) : 0.0f);
        const double cell = NodeItem::kWidth / static_cast<double>(cells_.size());
        painter->setPen(Qt::NoPen);
        for (size_t i = 0; i < cells_.size(); ++i) {
            const float v = cells_[i];
            painter->setBrush(!std::isfinite(v) ? QColor(Qt::magenta)
                                                : diverging(largest > 0 ? v / largest : 0.0));
            painter->drawRect(QRectF(static_cast<double>(i) * cell, 0, cell, kStripHeight));
        }
        painter->setPen(QColor(0x88, 0x88, 0x88));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(QRectF(0, 0, NodeItem::kWidth, kStripHeight));
    }

  private:
    std::vector<float> cells_;
};
} // namespace

ActivationOverlay::ActivationOverlay(GraphScene* scene, QObject* parent)
    : CanvasOverlay(scene, Lifetime::UntilContentChanges, parent) {}

void ActivationOverlay::setActivations(const NodeActivations& activations) {
    activations_ = activations;
    redraw();
}

void ActivationOverlay::forget() {
    activations_.clear();
}

void ActivationOverlay::draw() {
    for (const auto& [node, values] : activations_) {
        const NodeItem* item = scene()->nodeItem(node);
        if (!item || values.empty())
            continue;
        const QPointF underTheBox(0, item->box().bottom() + 4);
        attachToNode(node, new StripItem(reduceToCells(values, kCells)), underTheBox);
    }
}

std::vector<float> ActivationOverlay::cellsOn(miniflow::NodeId node) const {
    const QList<QGraphicsItem*> found = drawingsOn(node);
    return found.isEmpty() ? std::vector<float>{} : static_cast<StripItem*>(found.front())->cells();
}
