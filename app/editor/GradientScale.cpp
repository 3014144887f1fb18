#include "app/editor/GradientScale.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace {

struct RampStop {
    double at;
    QColor colour;
};

const RampStop kRamp[] = {
    {0.0, QColor(154, 165, 177)}, {0.5, QColor(242, 177, 52)}, {1.0, QColor(215, 38, 61)}};

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QString number(double value) {
    return QString::number(value, 'g', 3);
}

} // namespace

GradientScale::GradientScale(double minValue, double maxValue) {
    mode_ = EdgeScaleMode::Fixed;
    if (!setFixedRange(minValue, maxValue))
        qWarning("GradientScale: invalid fixed range %g..%g (kept 1e-4..1)", minValue, maxValue);
}

void GradientScale::setQuantity(EdgeQuantity quantity) {
    if (quantity == quantity_)
        return;
    quantity_ = quantity;
    reset();
}

void GradientScale::setMode(EdgeScaleMode mode) {
    if (mode == mode_)
        return;
    mode_ = mode;
    reset();
}

bool GradientScale::setFixedRange(double minValue, double maxValue, QString* error) {
    QString problem;
    if (!std::isfinite(minValue) || !std::isfinite(maxValue))
        problem = QObject::tr("both ends must be finite numbers");
    else if (minValue <= 0)
        problem = QObject::tr("the smallest value must be above 0 (the scale is logarithmic)");
    else if (maxValue <= minValue)
        problem = QObject::tr("the largest value must be above the smallest");
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    fixedMin_ = minValue;
    fixedMax_ = maxValue;
    return true;
}

std::optional<double> GradientScale::pick(const EdgeReading& reading) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    switch (quantity_) {
    case EdgeQuantity::Gradient:
        if (!reading.gradient)
            return std::nullopt;
        return reading.gradient->finite ? reading.gradient->l2Norm : nan;
    case EdgeQuantity::ForwardValue:
        if (!reading.value)
            return std::nullopt;
        return reading.value->finite ? reading.value->l2Norm : nan;
    case EdgeQuantity::UpdateRatio:
        return reading.updateRatio;
    }
    return std::nullopt;
}

void GradientScale::observe(const std::vector<double>& values, long step) {
    latest_ = step;
    if (mode_ == EdgeScaleMode::Fixed)
        return;
    double low = INFINITY, high = 0;
    for (double v : values)
        if (std::isfinite(v) && v > 0) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    if (!(high > 0))
        return; // nothing measurable: the range stays as it is
    if (mode_ == EdgeScaleMode::PerSnapshot || !hasData_) {
        min_ = low;
        max_ = high;
        since_ = step;
        hasData_ = true;
        return;
    }
    min_ = std::min(min_, low);
    max_ = std::max(max_, high);
}

void GradientScale::reset() {
    hasData_ = false;
    min_ = 1e-4;
    max_ = 1.0;
    since_ = latest_ = 0;
}

double GradientScale::minValue() const {
    return mode_ == EdgeScaleMode::Fixed ? fixedMin_ : min_;
}

double GradientScale::maxValue() const {
    return mode_ == EdgeScaleMode::Fixed ? fixedMax_ : max_;
}

double GradientScale::position(double value) const {
    if (std::isnan(value) || std::isinf(value))
        return 1.0;
    if (!(value > 0))
        return 0.0;
    const double low = minValue(), high = maxValue();
    if (!(high > low))
        return 1.0;
    const double t = (std::log10(value) - std::log10(low)) / (std::log10(high) - std::log10(low));
    return std::clamp(t, 0.0, 1.0);
}

QColor GradientScale::colour(double value) const {
    if (!std::isfinite(value))
        return QColor(Qt::magenta);
    return rampColour(position(value));
}

double GradientScale::width(double value) const {
    return kMinWidth + (kMaxWidth - kMinWidth) * position(value);
}

QColor GradientScale::rampColour(double t) {
    t = std::clamp(t, 0.0, 1.0);
    for (size_t i = 1; i < std::size(kRamp); ++i)
        if (t <= kRamp[i].at)
            return mix(kRamp[i - 1].colour, kRamp[i].colour,
                       (t - kRamp[i - 1].at) / (kRamp[i].at - kRamp[i - 1].at));
    return kRamp[std::size(kRamp) - 1].colour;
}

std::vector<std::pair<double, QColor>> GradientScale::rampStops() {
    std::vector<std::pair<double, QColor>> stops;
    for (const RampStop& s : kRamp)
        stops.emplace_back(s.at, s.colour);
    return stops;
}

QString GradientScale::quantityName(EdgeQuantity quantity) {
    switch (quantity) {
    case EdgeQuantity::Gradient:
        return QObject::tr("gradient L2 norm");
    case EdgeQuantity::ForwardValue:
        return QObject::tr("forward value L2 norm");
    case EdgeQuantity::UpdateRatio:
        return QObject::tr("update ratio ||ΔW||/||W||");
    }
    return {};
}

QString GradientScale::modeName(EdgeScaleMode mode) {
    switch (mode) {
    case EdgeScaleMode::RunWide:
        return QObject::tr("run-wide");
    case EdgeScaleMode::PerSnapshot:
        return QObject::tr("per snapshot");
    case EdgeScaleMode::Fixed:
        return QObject::tr("fixed");
    }
    return {};
}

QString GradientScale::modeText() const {
    switch (mode_) {
    case EdgeScaleMode::Fixed:
        return QObject::tr("fixed range %1 .. %2").arg(number(fixedMin_), number(fixedMax_));
    case EdgeScaleMode::RunWide:
        if (!hasData_)
            return QObject::tr("run-wide: no data yet (train)");
        return QObject::tr("run-wide since step %1 (only grows)").arg(since_);
    case EdgeScaleMode::PerSnapshot:
        if (!hasData_)
            return QObject::tr("per snapshot: no data yet (train)");
        return QObject::tr("per snapshot (step %1 only)").arg(latest_);
    }
    return {};
}
