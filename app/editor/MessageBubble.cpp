#include "app/editor/MessageBubble.h"

#include <QGraphicsView>
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
    setTextWidth(std::min(kMaxWidth, document()->idealWidth() + 1));
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

QRectF MessageBubble::rectIn(const QGraphicsView* view) const {
    // The item ignores the view's transformations: its size is in pixels.
    return boundingRect().translated(QPointF(view->mapFromScene(pos())));
}

void MessageBubble::keepInside(const QGraphicsView* view) {
    const QRectF area =
        QRectF(view->viewport()->rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (area.width() <= 0 || area.height() <= 0)
        return;
    if (boundingRect().width() > area.width())
        setTextWidth(std::max(40.0, area.width() - 2 * kMargin));
    const QRectF now = rectIn(view);
    QPointF shift(0, 0);
    if (now.right() > area.right())
        shift.rx() = area.right() - now.right();
    if (now.left() + shift.x() < area.left())
        shift.rx() = area.left() - now.left();
    if (now.bottom() > area.bottom())
        shift.ry() = area.bottom() - now.bottom();
    if (now.top() + shift.y() < area.top())
        shift.ry() = area.top() - now.top();
    if (!shift.isNull())
        setPos(view->mapToScene((view->mapFromScene(pos()) + shift).toPoint()));
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
