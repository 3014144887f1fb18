#pragma once
#include <QColor>

#include <vector>

/// The range of gradient L2 norms the canvas styles edges over: the smallest and the
/// largest norm of the latest snapshot. Colours and widths come from the shared
/// functions of NOTE [Gradient colours] (GradientLegend.h), and the same range goes to
/// GradientLegend::setRange, so the legend explains exactly what the edges show.
class GradientScale {
  public:
    GradientScale() = default;
    /// The range [minNorm, maxNorm]; both > 0 (clamped to 1e-12).
    GradientScale(double minNorm, double maxNorm);
    /// The range covering the finite, positive entries of `norms` (a default range if none).
    static GradientScale covering(const std::vector<double>& norms);

    double minNorm() const { return min_; }
    double maxNorm() const { return max_; }
    /// 0 at minNorm (or below), 1 at maxNorm (or above), log-linear in between.
    double position(double norm) const;
    QColor colour(double norm) const;
    /// Pen width in pixels.
    double width(double norm) const;

  private:
    double min_ = 1e-4;
    double max_ = 1.0;
};
