#pragma once
#include "inspect/GradientHealth.h"

#include <QGraphicsItem>

/// A round warning badge on a node or an edge for gradient-health alerts: the colour says
/// the worst kind (red: exploding, purple: vanishing, grey: dead ReLU, amber: saturated),
/// the letter the kind, and the tooltip every alert's sentence. Centred on its position.
class HealthBadgeItem : public QGraphicsItem {
  public:
    enum { Type = UserType + 20 };
    static constexpr double kRadius = 10;

    explicit HealthBadgeItem(const std::vector<miniflow::HealthAlert>& alerts,
                             QGraphicsItem* parent = nullptr);
    int type() const override { return Type; }
    const QString& text() const { return text_; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  private:
    miniflow::AlertKind kind_;
    QString text_;
};
