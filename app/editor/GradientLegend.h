#pragma once
#include "app/editor/GradientScale.h"

#include <QWidget>

/// A small painted key for the edge colours (NOTE [Edge colours]): a caption naming the
/// quantity, the scale mode and where its range comes from (e.g. "run-wide since step 12"),
/// the colour ramp, and labelled ticks at the powers of ten between the range's ends.
/// It mirrors a GradientScale; it never computes a range itself.
class GradientLegend : public QWidget {
    Q_OBJECT
  public:
    explicit GradientLegend(QWidget* parent = nullptr);

    /// Shows `scale` (copied: the legend repaints only when told).
    void setScale(const GradientScale& scale);
    const GradientScale& scale() const { return scale_; }
    double minValue() const { return scale_.minValue(); }
    double maxValue() const { return scale_.maxValue(); }
    /// The caption's two lines: what is shown, and the mode with its range.
    QString caption() const;
    /// The tick values drawn under the ramp (at most ~6, always including both ends); empty
    /// while there is no range.
    QList<double> ticks() const;

    QSize sizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    void paintRamp(QPainter& painter, const QRect& bar) const;
    void paintTicks(QPainter& painter, const QRect& bar) const;

    GradientScale scale_;
};
