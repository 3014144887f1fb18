#include "app/editor/MessageBubble.h"

#include <QPainter>
#include <QPropertyAnimation>
#include <QTextDocument>
#include <QTimer>

namespace {
constexpr int kVisibleMs = 3500;
constexpr int kFadeMs = 900;
constexpr double kMargin = 6;
} // namespace

MessageBubble::MessageBubble(const QString& text, const QPointF& scenePos) {
    setPlainText(text);
    setTextWidth(std::min(360.0, document()->idealWidth() + 1));
    setDefaultTextColor(Qt::white);
    setPos(scenePos + QPointF(14, 10));
    setZValue(100);
    setFlag(ItemIgnoresTransformations); // readable at any zoom
    QTimer::singleShot(kVisibleMs, this, [this] {
        auto* fade = new QPropertyAnimation(this, "opacity", this);
        fade->setDuration(kFadeMs);
        fade->setEndValue(0.0);
        connect(fade, &QPropertyAnimation::finished, this, &QObject::deleteLater);
        fade->start();
    });
}

QRectF MessageBubble::boundingRect() const {
    return QGraphicsTextItem::boundingRect().adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

void MessageBubble::paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
                          QWidget* widget) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0x9b, 0x1c, 0x1c, 235));
    painter->drawRoundedRect(boundingRect(), 6, 6);
    QGraphicsTextItem::paint(painter, option, widget);
}
