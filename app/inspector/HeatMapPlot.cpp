#include "app/inspector/HeatMapPlot.h"

#include "app/plot/PlotExportMenu.h"

#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

using miniflow::Index;
using miniflow::Tensor;

namespace {

/// At most maxCells x maxCells: each cell keeps the value of largest magnitude of its block.
Tensor reduceBlocks(const Tensor& g, Index maxCells) {
    const Index rows = std::min(g.rows(), maxCells), cols = std::min(g.cols(), maxCells);
    if (rows == g.rows() && cols == g.cols())
        return g;
    Tensor out = Tensor::Zero(rows, cols);
    for (Index i = 0; i < g.rows(); ++i) {
        const Index r = i * rows / g.rows();
        for (Index j = 0; j < g.cols(); ++j) {
            float& cell = out(r, j * cols / g.cols());
            if (std::abs(g(i, j)) > std::abs(cell))
                cell = g(i, j);
        }
    }
    return out;
}

QCPColorGradient divergingGradient() {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    gradient.setColorStopAt(0.0, QColor(33, 102, 172));
    gradient.setColorStopAt(0.5, QColor(247, 247, 247));
    gradient.setColorStopAt(1.0, QColor(178, 24, 43));
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(Qt::magenta);
    return gradient;
}

} // namespace

HeatMapPlot::HeatMapPlot(const QString& scaleLabel, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    makePlotExportable(plot_, tr("Heat map of the %1").arg(scaleLabel));
    plot_->setMinimumHeight(160);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    layout->addWidget(plot_);
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    scale_->axis()->setLabel(scaleLabel);
    map_->setColorScale(scale_);
    map_->setGradient(divergingGradient());
    map_->setInterpolate(false);
    plot_->xAxis->setLabel(tr("column"));
    plot_->yAxis->setLabel(tr("row"));
    plot_->yAxis->setRangeReversed(true);
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create(); // whole row and column numbers
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        axis->setTicker(ticker);
    }
}

void HeatMapPlot::setTensor(const Tensor& tensor) {
    const float maxAbs =
        tensor.size() == 0
            ? 0.0f
            : tensor.array().isFinite().select(tensor.array().abs(), 0.0f).maxCoeff();
    setTensor(tensor, maxAbs);
}

/// Cell centres 0 .. n-1. QCPColorMap cannot size a cell along an axis with one cell, so a
/// single row or column is drawn as two half-width cells at -0.25 and 0.25.
static QCPRange centres(Index n) {
    return n == 1 ? QCPRange(-0.25, 0.25) : QCPRange(0, static_cast<double>(n - 1));
}

void HeatMapPlot::setTensor(const Tensor& tensor, float maxAbs) {
    const Tensor reduced = reduceBlocks(tensor, kMaxCells);
    const Tensor cells =
        reduced.replicate(reduced.rows() == 1 ? 2 : 1, reduced.cols() == 1 ? 2 : 1);
    QCPColorMapData* data = map_->data();
    data->setSize(static_cast<int>(cells.cols()), static_cast<int>(cells.rows()));
    data->setRange(centres(reduced.cols()), centres(reduced.rows()));
    for (Index r = 0; r < cells.rows(); ++r)
        for (Index c = 0; c < cells.cols(); ++c)
            data->setCell(static_cast<int>(c), static_cast<int>(r), cells(r, c));
    const double half = maxAbs > 0 ? maxAbs : 1.0;
    map_->setDataRange(QCPRange(-half, half));
    shown_ = QSize(static_cast<int>(reduced.cols()), static_cast<int>(reduced.rows()));
    plot_->xAxis->setRange(-0.5, static_cast<double>(reduced.cols()) - 0.5);
    plot_->yAxis->setRange(-0.5, static_cast<double>(reduced.rows()) - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void HeatMapPlot::clear() {
    map_->data()->clear();
    shown_ = QSize(0, 0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QSize HeatMapPlot::cells() const {
    return shown_;
}
