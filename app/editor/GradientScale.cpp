#include "app/editor/GradientScale.h"

#include "app/editor/GradientLegend.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr double kSmallest = 1e-12;
}

GradientScale::GradientScale(double minNorm, double maxNorm)
    : min_(std::max(minNorm, kSmallest)), max_(std::max({maxNorm, minNorm, kSmallest})) {}

GradientScale GradientScale::covering(const std::vector<double>& norms) {
    double low = INFINITY, high = 0;
    for (double n : norms) {
        if (!std::isfinite(n) || n <= 0)
            continue;
        low = std::min(low, n);
        high = std::max(high, n);
    }
    return high > 0 ? GradientScale(low, high) : GradientScale();
}

double GradientScale::position(double norm) const {
    return gradientPosition(norm, min_, max_);
}

QColor GradientScale::colour(double norm) const {
    return gradientColor(norm, min_, max_);
}

double GradientScale::width(double norm) const {
    return gradientWidth(norm, min_, max_);
}
