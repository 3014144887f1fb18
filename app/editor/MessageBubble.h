#pragma once
#include <QGraphicsTextItem>

class QGraphicsView;

/// A short message in words near where something was refused (a dropped edge, a locked
/// edit): a rounded box on the canvas that fades out and deletes itself. Drawn at the same
/// size at any zoom, and kept wholly inside the view it is shown in.
class MessageBubble : public QGraphicsTextItem {
    Q_OBJECT
  public:
    static constexpr double kMaxWidth = 360;

    /// Shows `text` with its top-left corner near `scenePos`; the scene takes ownership.
    MessageBubble(const QString& text, const QPointF& scenePos);
    /// Narrows the bubble to the view's width if needed and moves it so that all of it lies
    /// inside `view`'s viewport (call once it is in the view's scene).
    void keepInside(const QGraphicsView* view);
    /// The bubble's rectangle in `view`'s viewport coordinates.
    QRectF rectIn(const QGraphicsView* view) const;
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
};
