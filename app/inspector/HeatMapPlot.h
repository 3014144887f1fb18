#pragma once
#include "tensor/Tensor.h"

#include <QSize>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;

/// A tensor as a heat map (rows down, columns across) on a diverging blue-white-red scale
/// symmetric around 0, with its colour scale. Tensors larger than kMaxCells per axis are
/// reduced block-wise to the value of largest magnitude in each block (signs kept), so the
/// GUI thread stays light. NaN / Inf cells are magenta.
class HeatMapPlot : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMaxCells = 256;

    /// `scaleLabel` names the values on the colour scale ("gradient", "value").
    explicit HeatMapPlot(const QString& scaleLabel, QWidget* parent = nullptr);

    /// `maxAbs` sets the scale's ends (-maxAbs, maxAbs); 0 uses 1.
    void setTensor(const miniflow::Tensor& tensor, float maxAbs);
    /// The same, scaled to the tensor's largest finite |value|.
    void setTensor(const miniflow::Tensor& tensor);
    void clear();
    /// Cells shown (columns x rows), empty before a tensor arrived.
    QSize cells() const;

  private:
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    QSize shown_{0, 0}; ///< cells of the tensor shown (columns x rows)
};
