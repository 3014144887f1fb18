#pragma once
/// NOTE [Gradient colours]
/// The canvas draws each Edge with a colour and a width that grow with the L2 norm of its
/// gradient, on a log scale between the smallest and the largest norm of the current
/// Snapshot: cool grey (small) -> amber -> red (large). Non-finite gradients are magenta.
/// EdgeItem and GradientLegend both use the functions below, so the legend never lies.
#include <QColor>
#include <QWidget>

/// Position of `norm` in [0, 1] on the log scale from minNorm to maxNorm (clamped; 0 for
/// norm <= 0; 1 when the range is empty and norm > 0).
double gradientPosition(double norm, double minNorm, double maxNorm);
/// The colour for a gradient L2 norm; magenta for NaN/Inf.
QColor gradientColor(double norm, double minNorm, double maxNorm);
/// The pen width in pixels for a gradient L2 norm: from kGradientMinWidth to kGradientMaxWidth.
double gradientWidth(double norm, double minNorm, double maxNorm);
/// The colour at a position of the ramp, t in [0, 1].
QColor gradientRampColor(double t);

inline constexpr double kGradientMinWidth = 1.5;
inline constexpr double kGradientMaxWidth = 6.0;

/// A small painted key for the edge colours: the colour ramp with labelled ticks at the
/// powers of ten between the smallest and largest norm, and a caption.
class GradientLegend : public QWidget {
    Q_OBJECT
  public:
    explicit GradientLegend(QWidget* parent = nullptr);

    /// The norms the ramp spans (the current Snapshot's smallest and largest L2 norm).
    void setRange(double minNorm, double maxNorm);
    double minNorm() const { return minNorm_; }
    double maxNorm() const { return maxNorm_; }
    /// The tick values drawn under the ramp (at most ~6, always including both ends).
    QList<double> ticks() const;

    QSize sizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    void paintRamp(QPainter& painter, const QRect& bar) const;
    void paintTicks(QPainter& painter, const QRect& bar) const;

    double minNorm_ = 1e-4;
    double maxNorm_ = 1.0;
};
