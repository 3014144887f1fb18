#include "app/editor/GradientLegend.h"

#include <QLinearGradient>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace {

/// "1e-3" for powers of ten, "3e-5" or "2" otherwise: one style along the bar.
QString tickLabel(double value) {
    const int exponent = static_cast<int>(std::floor(std::log10(value) + 1e-9));
    if (exponent >= 0 && exponent <= 2)
        return QString::number(value, 'g', 3);
    const QString mantissa = QString::number(value / std::pow(10.0, exponent), 'g', 2);
    return QStringLiteral("%1e%2").arg(mantissa).arg(exponent);
}

constexpr int kMargin = 6;
constexpr int kBarHeight = 12;
constexpr double kTickGap = 0.12; ///< decade ticks keep this share of the bar from both ends

} // namespace

GradientLegend::GradientLegend(QWidget* parent) : QWidget(parent) {
    setObjectName("gradientLegend");
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Each edge's colour and width show the chosen quantity on a log scale over "
                  "the stated range; values beyond it take the end colours; magenta dashed = "
                  "NaN or Inf. Choose what to show and how the range is set with the menus "
                  "beside this key or in View > Edge colours."));
}

void GradientLegend::setScale(const GradientScale& scale) {
    scale_ = scale;
    update();
}

QString GradientLegend::caption() const {
    return tr("edges: %1 (log) · %2")
        .arg(GradientScale::quantityName(scale_.quantity()), scale_.modeText());
}

QList<double> GradientLegend::ticks() const {
    if (!scale_.hasRange())
        return {};
    const double low = scale_.minValue(), high = scale_.maxValue();
    QList<double> values{low};
    const int first = static_cast<int>(std::ceil(std::log10(low)));
    const int last = static_cast<int>(std::floor(std::log10(high)));
    const int stride = std::max(1, (last - first + 1 + 3) / 4);
    for (int e = first; e <= last; e += stride) {
        const double value = std::pow(10.0, e);
        const double at = scale_.position(value);
        if (at > kTickGap && at < 1 - kTickGap) // labels must not collide with the ends
            values.push_back(value);
    }
    if (high > low)
        values.push_back(high);
    return values;
}

QSize GradientLegend::sizeHint() const {
    return {420, kBarHeight + 2 * fontMetrics().height() + 2 * kMargin};
}

void GradientLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int line = fontMetrics().height();
    painter.setPen(palette().color(QPalette::WindowText));
    const QRect text(kMargin, 1, width() - 2 * kMargin, line);
    painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                     fontMetrics().elidedText(caption(), Qt::ElideMiddle, text.width()));
    const QRect bar(kMargin + 12, line + 3, width() - 2 * kMargin - 24, kBarHeight);
    paintRamp(painter, bar);
    paintTicks(painter, bar);
}

/// The ramp, drawn as edges would be: thin and grey on the left, thick and red on the right
/// (faded while there is no range yet).
void GradientLegend::paintRamp(QPainter& painter, const QRect& bar) const {
    QLinearGradient ramp(bar.topLeft(), bar.topRight());
    for (const auto& [at, colour] : GradientScale::rampStops()) {
        QColor c = colour;
        if (!scale_.hasRange())
            c.setAlphaF(0.3f);
        ramp.setColorAt(at, c);
    }
    QPolygonF wedge;
    const double mid = bar.center().y() + 0.5;
    wedge << QPointF(bar.left(), mid - GradientScale::kMinWidth / 2)
          << QPointF(bar.right(), bar.top()) << QPointF(bar.right(), bar.bottom() + 1)
          << QPointF(bar.left(), mid + GradientScale::kMinWidth / 2);
    painter.setPen(Qt::NoPen);
    painter.setBrush(ramp);
    painter.drawPolygon(wedge);
}

void GradientLegend::paintTicks(QPainter& painter, const QRect& bar) const {
    painter.setPen(palette().color(QPalette::WindowText));
    const int line = fontMetrics().height();
    for (double value : ticks()) {
        const int x =
            bar.left() + static_cast<int>(std::lround(scale_.position(value) * bar.width()));
        painter.drawLine(x, bar.bottom() + 2, x, bar.bottom() + 4);
        const int left = std::clamp(x - 40, 0, std::max(0, width() - 80)); // ends stay inside
        const QRect label(left, bar.bottom() + 4, 80, line);
        painter.drawText(label, Qt::AlignHCenter | Qt::AlignTop, tickLabel(value));
    }
}
