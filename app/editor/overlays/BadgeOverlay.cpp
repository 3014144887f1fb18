#include "app/editor/overlays/BadgeOverlay.h"

#include "app/editor/NodeItem.h"

#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QPainter>

namespace {
constexpr double kHeight = 17;

/// A rounded pill with the badge's text; its bottom-right corner is at the item's position.
class BadgeItem : public QGraphicsItem {
  public:
    explicit BadgeItem(const NodeBadge& badge) : badge_(badge) {
        font_.setPixelSize(NodeItem::kTextPixels);
        font_.setBold(true);
        width_ = QFontMetricsF(font_).horizontalAdvance(badge_.text) + 12;
        setToolTip(badge_.explanation);
        setZValue(2);
    }
    const QString& text() const { return badge_.text; }
    QRectF boundingRect() const override { return QRectF(-width_, -kHeight, width_, kHeight); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(badge_.colour);
        painter->drawRoundedRect(boundingRect(), kHeight / 2, kHeight / 2);
        painter->setFont(font_);
        painter->setPen(badge_.colour.lightnessF() > 0.6 ? Qt::black : Qt::white);
        painter->drawText(boundingRect(), Qt::AlignCenter, badge_.text);
    }

  private:
    NodeBadge badge_;
    QFont font_;
    double width_ = 0;
};

const BadgeItem* badgeIn(const QList<QGraphicsItem*>& drawings) {
    return drawings.isEmpty() ? nullptr : static_cast<const BadgeItem*>(drawings.front());
}
} // namespace

BadgeOverlay::BadgeOverlay(GraphScene* scene, QObject* parent)
    : CanvasOverlay(scene, Lifetime::UntilContentChanges, parent) {}

void BadgeOverlay::setBadges(const NodeBadges& badges) {
    badges_ = badges;
    redraw();
}

void BadgeOverlay::forget() {
    badges_.clear();
}

void BadgeOverlay::draw() {
    for (const auto& [node, badge] : badges_)
        if (!badge.text.isEmpty())
            attachToNode(node, new BadgeItem(badge), QPointF(NodeItem::kWidth, -3));
}

QString BadgeOverlay::badgeTextOn(miniflow::NodeId node) const {
    const BadgeItem* badge = badgeIn(drawingsOn(node));
    return badge ? badge->text() : QString();
}

QString BadgeOverlay::badgeToolTipOn(miniflow::NodeId node) const {
    const BadgeItem* badge = badgeIn(drawingsOn(node));
    return badge ? badge->toolTip() : QString();
}
