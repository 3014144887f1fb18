#include "app/editor/overlays/SparklineItem.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kTextHeight = 10;
constexpr double kFloor = 1e-30; ///< log10 of 0 would be -inf
} // namespace

SparklineItem::SparklineItem(std::vector<double> values, QString label, QColor colour,
                             QGraphicsItem* parent)
    : QGraphicsItem(parent), values_(std::move(values)), label_(std::move(label)),
      colour_(std::move(colour)) {
    setZValue(2);
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF SparklineItem::boundingRect() const {
    return QRectF(-1, -1, kWidth + 2, kHeight + 2);
}

/// log10 of each finite value, scaled into the box under the text line; non-finite values
/// break nothing (they are skipped).
QPolygonF SparklineItem::line() const {
    std::vector<std::pair<size_t, double>> logs;
    for (size_t i = 0; i < values_.size(); ++i)
        if (std::isfinite(values_[i]))
            logs.emplace_back(i, std::log10(std::max(values_[i], kFloor)));
    QPolygonF points;
    if (logs.empty())
        return points;
    const auto [lo, hi] = std::minmax_element(logs.begin(), logs.end(),
                                              [](auto& a, auto& b) { return a.second < b.second; });
    const double span = std::max(hi->second - lo->second, 1e-9);
    const double top = kTextHeight + 2, height = kHeight - top - 2;
    const double step =
        values_.size() > 1 ? (kWidth - 4) / static_cast<double>(values_.size() - 1) : 0;
    for (const auto& [i, v] : logs)
        points << QPointF(2 + step * static_cast<double>(i),
                          top + height * (1 - (v - lo->second) / span));
    return points;
}

void SparklineItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0, 0, 0, 40), 1));
    painter->setBrush(QColor(255, 255, 255, 225));
    painter->drawRoundedRect(QRectF(0, 0, kWidth, kHeight), 3, 3);
    QFont font = painter->font();
    font.setPixelSize(9);
    painter->setFont(font);
    painter->setPen(QColor(0x40, 0x40, 0x40));
    const QString latest = values_.empty() ? QString("-") : QString::number(values_.back(), 'g', 2);
    painter->drawText(QRectF(3, 0, kWidth - 6, kTextHeight + 2), Qt::AlignLeft | Qt::AlignVCenter,
                      label_);
    painter->drawText(QRectF(3, 0, kWidth - 6, kTextHeight + 2), Qt::AlignRight | Qt::AlignVCenter,
                      latest);
    painter->setPen(QPen(colour_, 1.4));
    painter->setBrush(Qt::NoBrush);
    painter->drawPolyline(line());
}
