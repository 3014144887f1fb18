#pragma once
#include "app/editor/EdgeRules.h"

#include <QGraphicsEllipseItem>

/// A node's input (left edge) or output (right edge) port: a small circle, child of its
/// NodeItem. Its hit area is larger than the circle so ports are easy to grab and drop on;
/// NodeItem::kRow keeps neighbouring hit areas apart.
class PortItem : public QGraphicsEllipseItem {
  public:
    enum { Type = UserType + 2 };
    static constexpr double kRadius = 6;
    /// The hit area is a disc of this radius (20 px across at 100 %).
    static constexpr double kHitRadius = 10;
    /// How a port looks while an edge is dragged: can it take the dragged edge?
    enum class Highlight { None, Compatible, Incompatible };

    PortItem(const PortRef& port, const QString& label, QGraphicsItem* parent);
    int type() const override { return Type; }

    const PortRef& port() const { return port_; }
    const QString& label() const { return label_; }
    Highlight highlight() const { return highlight_; }
    void setHighlight(Highlight highlight);
    /// Where edges attach, in scene coordinates.
    QPointF anchor() const { return scenePos(); }
    QPainterPath shape() const override;

  private:
    void applyLook();

    PortRef port_;
    QString label_;
    Highlight highlight_ = Highlight::None;
};
