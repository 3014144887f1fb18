#include "app/editor/PortItem.h"

#include <QBrush>
#include <QPen>

PortItem::PortItem(const PortRef& port, const QString& label, QGraphicsItem* parent)
    : QGraphicsEllipseItem(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius, parent), port_(port),
      label_(label) {
    setToolTip(port.output
                   ? QObject::tr("output: drag to an input to connect")
                   : QObject::tr("input \"%1\": drag from an output to connect").arg(label));
    setAcceptHoverEvents(true);
    applyLook();
}

void PortItem::setHighlight(Highlight highlight) {
    highlight_ = highlight;
    applyLook();
}

QPainterPath PortItem::shape() const {
    QPainterPath path;
    path.addEllipse(QPointF(0, 0), kHitRadius, kHitRadius);
    return path;
}

void PortItem::applyLook() {
    switch (highlight_) {
    case Highlight::None:
        setBrush(QColor(0xf4, 0xf4, 0xf4));
        setPen(QPen(QColor(0x40, 0x40, 0x40), 1.5));
        setOpacity(1.0);
        setScale(1.0);
        break;
    case Highlight::Compatible:
        setBrush(QColor(0x4c, 0xc3, 0x5a));
        setPen(QPen(QColor(0x1e, 0x7a, 0x2a), 2));
        setOpacity(1.0);
        setScale(1.2); // 2 x 1.2 x kHitRadius = kRow: still clear of its neighbours
        break;
    case Highlight::Incompatible:
        setBrush(QColor(0xbb, 0xbb, 0xbb));
        setPen(QPen(QColor(0x99, 0x99, 0x99), 1));
        setOpacity(0.35);
        setScale(1.0);
        break;
    }
}
