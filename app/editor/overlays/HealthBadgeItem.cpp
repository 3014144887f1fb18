#include "app/editor/overlays/HealthBadgeItem.h"

#include <QPainter>

using miniflow::AlertKind;

namespace {

QColor colourOf(AlertKind kind) {
    switch (kind) {
    case AlertKind::Exploding:
        return QColor(0xd0, 0x1c, 0x1c);
    case AlertKind::Vanishing:
        return QColor(0x7b, 0x3f, 0xc4);
    case AlertKind::DeadRelu:
        return QColor(0x55, 0x55, 0x55);
    case AlertKind::Saturated:
        return QColor(0xe0, 0x8a, 0x00);
    }
    return Qt::black;
}

QString letterOf(AlertKind kind) {
    switch (kind) {
    case AlertKind::Exploding:
        return "E";
    case AlertKind::Vanishing:
        return "V";
    case AlertKind::DeadRelu:
        return "D";
    case AlertKind::Saturated:
        return "S";
    }
    return "!";
}

/// Exploding first: it ends runs; then vanishing, dead, saturated.
int severity(AlertKind kind) {
    switch (kind) {
    case AlertKind::Exploding:
        return 4;
    case AlertKind::Vanishing:
        return 3;
    case AlertKind::DeadRelu:
        return 2;
    case AlertKind::Saturated:
        return 1;
    }
    return 0;
}

} // namespace

HealthBadgeItem::HealthBadgeItem(const std::vector<miniflow::HealthAlert>& alerts,
                                 QGraphicsItem* parent)
    : QGraphicsItem(parent), kind_(alerts.front().kind) {
    QStringList lines;
    for (const miniflow::HealthAlert& a : alerts) {
        if (severity(a.kind) > severity(kind_))
            kind_ = a.kind;
        lines << QString::fromStdString(a.message);
    }
    text_ = lines.join("\n\n");
    setToolTip(text_);
    setZValue(3);
}

QRectF HealthBadgeItem::boundingRect() const {
    return QRectF(-kRadius - 1, -kRadius - 1, 2 * kRadius + 2, 2 * kRadius + 2);
}

void HealthBadgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(Qt::white, 1.5));
    painter->setBrush(colourOf(kind_));
    painter->drawEllipse(QPointF(0, 0), kRadius, kRadius);
    QFont font = painter->font();
    font.setPixelSize(12);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(boundingRect(), Qt::AlignCenter, letterOf(kind_));
}
