#pragma once
#include <QGraphicsTextItem>

/// A short message in words near where something was refused (a dropped edge, a locked
/// edit): a rounded box on the canvas that fades out and deletes itself.
class MessageBubble : public QGraphicsTextItem {
    Q_OBJECT
  public:
    /// Shows `text` with its top-left corner at `scenePos`; the scene takes ownership.
    MessageBubble(const QString& text, const QPointF& scenePos);
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
};
