#include "app/editor/GradientLegend.h"

#include <QLinearGradient>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace {

struct RampStop {
    double at;
    QColor color;
};

const RampStop kRamp[] = {
    {0.0, QColor(154, 165, 177)}, {0.5, QColor(242, 177, 52)}, {1.0, QColor(215, 38, 61)}};

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

/// "1e-3" for powers of ten, "3e-5" or "2" otherwise: one style along the bar.
QString tickLabel(double value) {
    const int exponent = static_cast<int>(std::floor(std::log10(value) + 1e-9));
    if (exponent >= 0 && exponent <= 2)
        return QString::number(value, 'g', 3);
    const QString mantissa = QString::number(value / std::pow(10.0, exponent), 'g', 2);
    return QStringLiteral("%1e%2").arg(mantissa).arg(exponent);
}

constexpr int kMargin = 8;
constexpr int kBarHeight = 12;
constexpr double kTickGap = 0.12; ///< decade ticks keep this share of the bar from both ends

} // namespace

double gradientPosition(double norm, double minNorm, double maxNorm) {
    if (!(norm > 0))
        return 0.0;
    if (!(minNorm > 0) || !(maxNorm > minNorm))
        return 1.0;
    const double t =
        (std::log10(norm) - std::log10(minNorm)) / (std::log10(maxNorm) - std::log10(minNorm));
    return std::clamp(t, 0.0, 1.0);
}

QColor gradientRampColor(double t) {
    t = std::clamp(t, 0.0, 1.0);
    for (size_t i = 1; i < std::size(kRamp); ++i)
        if (t <= kRamp[i].at)
            return mix(kRamp[i - 1].color, kRamp[i].color,
                       (t - kRamp[i - 1].at) / (kRamp[i].at - kRamp[i - 1].at));
    return kRamp[std::size(kRamp) - 1].color;
}

QColor gradientColor(double norm, double minNorm, double maxNorm) {
    if (!std::isfinite(norm))
        return QColor(Qt::magenta);
    return gradientRampColor(gradientPosition(norm, minNorm, maxNorm));
}

double gradientWidth(double norm, double minNorm, double maxNorm) {
    if (!std::isfinite(norm))
        return kGradientMaxWidth;
    return kGradientMinWidth +
           (kGradientMaxWidth - kGradientMinWidth) * gradientPosition(norm, minNorm, maxNorm);
}

GradientLegend::GradientLegend(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setToolTip(tr("Each edge's colour and width show the L2 norm of the gradient flowing along it "
                  "(log scale, from the smallest to the largest norm of the latest step)"));
}

void GradientLegend::setRange(double minNorm, double maxNorm) {
    if (!(minNorm > 0) || !std::isfinite(minNorm))
        minNorm = std::isfinite(maxNorm) && maxNorm > 0 ? maxNorm / 10 : 1e-4;
    if (!(maxNorm >= minNorm) || !std::isfinite(maxNorm))
        maxNorm = minNorm;
    minNorm_ = minNorm;
    maxNorm_ = maxNorm;
    update();
}

QList<double> GradientLegend::ticks() const {
    QList<double> values{minNorm_};
    const int first = static_cast<int>(std::ceil(std::log10(minNorm_)));
    const int last = static_cast<int>(std::floor(std::log10(maxNorm_)));
    const int stride = std::max(1, (last - first + 1 + 3) / 4);
    for (int e = first; e <= last; e += stride) {
        const double value = std::pow(10.0, e);
        const double at = gradientPosition(value, minNorm_, maxNorm_);
        if (at > kTickGap && at < 1 - kTickGap) // labels must not collide with the ends
            values.push_back(value);
    }
    if (maxNorm_ > minNorm_)
        values.push_back(maxNorm_);
    return values;
}

QSize GradientLegend::sizeHint() const {
    return {300, kBarHeight + 3 * fontMetrics().height() + 2 * kMargin};
}

void GradientLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int line = fontMetrics().height();
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(kMargin, kMargin / 2, width() - 2 * kMargin, line),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     tr("edge width and colour = gradient L2 norm (log scale)"));
    const QRect bar(kMargin + 12, kMargin / 2 + line + 4, width() - 2 * kMargin - 24, kBarHeight);
    paintRamp(painter, bar);
    paintTicks(painter, bar);
}

/// The ramp, drawn as edges would be: thin and grey on the left, thick and red on the right.
void GradientLegend::paintRamp(QPainter& painter, const QRect& bar) const {
    QLinearGradient ramp(bar.topLeft(), bar.topRight());
    for (const RampStop& stop : kRamp)
        ramp.setColorAt(stop.at, stop.color);
    QPolygonF wedge;
    const double mid = bar.center().y() + 0.5;
    wedge << QPointF(bar.left(), mid - kGradientMinWidth / 2) << QPointF(bar.right(), bar.top())
          << QPointF(bar.right(), bar.bottom() + 1)
          << QPointF(bar.left(), mid + kGradientMinWidth / 2);
    painter.setPen(Qt::NoPen);
    painter.setBrush(ramp);
    painter.drawPolygon(wedge);
}

void GradientLegend::paintTicks(QPainter& painter, const QRect& bar) const {
    painter.setPen(palette().color(QPalette::WindowText));
    const int line = fontMetrics().height();
    for (double value : ticks()) {
        const int x = bar.left() + static_cast<int>(std::lround(
                                       gradientPosition(value, minNorm_, maxNorm_) * bar.width()));
        painter.drawLine(x, bar.bottom() + 2, x, bar.bottom() + 5);
        const QRect label(x - 40, bar.bottom() + 6, 80, line);
        painter.drawText(label, Qt::AlignHCenter | Qt::AlignTop, tickLabel(value));
    }
}
