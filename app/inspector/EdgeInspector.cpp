#include "app/inspector/EdgeInspector.h"

#include "app/analysis/KernelTiles.h"
#include "app/analysis/TileGrid.h"
#include "app/inspector/HeatMapPlot.h"
#include "app/plot/PlotExportMenu.h"
#include "app/training/TrainingController.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

using miniflow::Index;
using miniflow::Tensor;

namespace {

QString number(double value) {
    return QString::number(value, 'g', 4);
}

QCustomPlot* makePlot(QWidget* parent, int minimumHeight) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumHeight(minimumHeight);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    return plot;
}

} // namespace

struct EdgeInspector::Plots {
    QCustomPlot* histogram = nullptr;
    QCPBars* bars = nullptr;
    HeatMapPlot* heat = nullptr;
};

EdgeInspector::EdgeInspector(QWidget* parent) : QWidget(parent), plots_(std::make_unique<Plots>()) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    layout->addWidget(title_);
    layout->addWidget(message_);
    buildStatistics();

    plots_->histogram = makePlot(this, 140);
    makePlotExportable(plots_->histogram, tr("Gradient histogram"));
    plots_->bars = new QCPBars(plots_->histogram->xAxis, plots_->histogram->yAxis);
    plots_->bars->setName(tr("gradient values"));
    plots_->bars->setBrush(QColor(31, 119, 180, 160));
    plots_->histogram->xAxis->setLabel(tr("gradient value"));
    plots_->histogram->yAxis->setLabel(tr("count"));
    layout->addWidget(plots_->histogram, 1);

    plots_->heat = new HeatMapPlot(tr("gradient"), this);
    layout->addWidget(plots_->heat, 2);
    tileCaption_ = new QLabel(this);
    tileCaption_->setWordWrap(true);
    layout->addWidget(tileCaption_);
    tiles_ = new TileGrid(this);
    tiles_->setObjectName("edgeGradientTiles");
    layout->addWidget(tiles_);
    clearEdge();
}

EdgeInspector::~EdgeInspector() = default;

void EdgeInspector::buildStatistics() {
    auto* form = new QFormLayout;
    for (QLabel** label : {&shape_, &l2Norm_, &meanAbs_, &maxAbs_, &zeros_}) {
        *label = new QLabel(this);
        (*label)->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    form->addRow(tr("Shape"), shape_);
    form->addRow(tr("L2 norm"), l2Norm_);
    form->addRow(tr("Mean |g|"), meanAbs_);
    form->addRow(tr("Max |g|"), maxAbs_);
    form->addRow(tr("Zeros"), zeros_);
    static_cast<QVBoxLayout*>(layout())->addLayout(form);
}

void EdgeInspector::showEdge(const miniflow::Edge& edge, const QString& title) {
    if (edge_ != edge)
        clearEdge();
    edge_ = edge;
    title_->setText(title);
    setMessage(
        tr("The gradient along this edge appears while training runs (train or step once)."));
}

void EdgeInspector::clearEdge() {
    edge_.reset();
    summary_.reset();
    title_->setText(tr("No edge selected"));
    setMessage(tr("Select an edge on the canvas to see the gradient flowing back along it."));
    for (QLabel* label : {shape_, l2Norm_, meanAbs_, maxAbs_, zeros_})
        label->setText(QStringLiteral("-"));
    plots_->bars->data()->clear();
    plots_->histogram->replot(QCustomPlot::rpQueuedReplot);
    plots_->heat->clear();
    tiles_->clear();
    tileCaption_->clear();
    tileCaption_->hide();
    tiles_->hide();
    plots_->heat->show();
}

void EdgeInspector::setLayout(std::optional<miniflow::ImageDims> image,
                              std::optional<miniflow::KernelDims> kernel, const QString& shape) {
    image_ = image;
    kernel_ = kernel;
    shapeText_ = shape;
}

int EdgeInspector::tileCount() const {
    return tiles_->isHidden() ? 0 : tiles_->tileCount();
}

void EdgeInspector::watch(TrainingController* controller) {
    connect(controller, &TrainingController::snapshotReady, this, &EdgeInspector::updateFrom);
}

/// One edge looked up once per snapshot: O(E).
void EdgeInspector::updateFrom(const TrainingSnapshot& snapshot) {
    if (!edge_)
        return;
    const auto found = std::find_if(snapshot.edgeGradients.begin(), snapshot.edgeGradients.end(),
                                    [&](const auto& entry) { return entry.first == *edge_; });
    if (found == snapshot.edgeGradients.end())
        return;
    showSummary(found->second);
    if (snapshot.watchedEdge == edge_ && snapshot.watchedGradient.size() > 0)
        showTensor(snapshot.watchedGradient);
}

void EdgeInspector::showSummary(const miniflow::GradientSummary& summary) {
    summary_ = summary;
    setMessage(summary.finite ? QString() : tr("This gradient holds NaN or Inf values."));
    const QString matrix = QStringLiteral("%1 x %2").arg(summary.rows).arg(summary.cols);
    shape_->setText(shapeText_.isEmpty() || shapeText_ == matrix
                        ? matrix
                        : QStringLiteral("%1 (%2)").arg(shapeText_, matrix));
    l2Norm_->setText(number(summary.l2Norm));
    meanAbs_->setText(number(summary.meanAbs));
    maxAbs_->setText(number(summary.maxAbs));
    zeros_->setText(QStringLiteral("%1 %").arg(100.0 * summary.zeroFraction, 0, 'f', 1));
}

void EdgeInspector::showTensor(const Tensor& gradient) {
    const float maxAbs =
        gradient.array().isFinite().select(gradient.array().abs(), 0.0f).maxCoeff();
    showHistogram(gradient, maxAbs);
    const bool tiled = showTiles(gradient);
    tiles_->setVisible(tiled);
    tileCaption_->setVisible(tiled);
    plots_->heat->setVisible(!tiled);
    if (!tiled)
        plots_->heat->setTensor(gradient, maxAbs);
}

bool EdgeInspector::showTiles(const Tensor& gradient) {
    if (kernel_ && gradient.rows() == kernel_->outChannels &&
        gradient.cols() == kernel_->filterSize()) {
        KernelTiles bank = KernelTiles::make(gradient, *kernel_);
        tileCaption_->setText(
            tr("∂L/∂W per kernel (%1 x %2 x %3 x %4; %5) · %6")
                .arg(kernel_->outChannels)
                .arg(kernel_->inChannels)
                .arg(kernel_->height)
                .arg(kernel_->width)
                .arg(bank.averaged       ? tr("one tile per out-channel, mean over in-channels")
                     : bank.columns == 0 ? tr("one tile per out-channel")
                                         : tr("rows: out-channels, columns: in-channels"))
                .arg(bank.scale.describe()));
        tiles_->setTiles(std::move(bank.tiles), bank.columns, bank.rowLabels, bank.columnLabels);
        return true;
    }
    if (image_ && gradient.rows() > 0 && gradient.cols() == image_->size()) {
        const Index area = image_->height * image_->width;
        const Index channels = std::min<Index>(image_->channels, 256);
        TileScale scale = TileScale::fitting(gradient.data(), channels * area);
        scale.kind = TileScale::Kind::Diverging;
        std::vector<TileGrid::Tile> tiles;
        for (Index c = 0; c < channels; ++c)
            tiles.push_back(
                {tileImage(gradient.data() + c * area, image_->height, image_->width, scale),
                 QString::number(c)});
        tileCaption_->setText(tr("The batch's first sample, one tile per channel (%1 of %2 x %3) "
                                 "· %4")
                                  .arg(image_->channels)
                                  .arg(image_->height)
                                  .arg(image_->width)
                                  .arg(scale.describe()));
        tiles_->setTiles(std::move(tiles));
        return true;
    }
    return false;
}

/// kHistogramBins equal bins over [-max|g|, max|g|] (symmetric, so 0 sits in the middle bin).
void EdgeInspector::showHistogram(const Tensor& gradient, float maxAbs) {
    QVector<double> counts(kHistogramBins, 0.0), centres(kHistogramBins);
    const double half = maxAbs > 0 ? maxAbs : 1.0;
    const double width = 2 * half / kHistogramBins;
    for (int b = 0; b < kHistogramBins; ++b)
        centres[b] = -half + (b + 0.5) * width;
    for (Index i = 0; i < gradient.size(); ++i) {
        const float v = gradient.data()[i];
        if (!std::isfinite(v))
            continue;
        const int bin = static_cast<int>(std::floor((v + half) / width));
        counts[std::clamp(bin, 0, kHistogramBins - 1)] += 1;
    }
    plots_->bars->setWidth(width);
    plots_->bars->setData(centres, counts, true);
    plots_->histogram->xAxis->setRange(-half, half);
    plots_->histogram->yAxis->setRange(0,
                                       *std::max_element(counts.begin(), counts.end()) * 1.05 + 1);
    plots_->histogram->replot(QCustomPlot::rpQueuedReplot);
}

void EdgeInspector::setMessage(const QString& text) {
    message_->setText(text);
    message_->setVisible(!text.isEmpty());
}

double EdgeInspector::histogramTotal() const {
    double total = 0;
    for (auto it = plots_->bars->data()->constBegin(); it != plots_->bars->data()->constEnd(); ++it)
        total += it->value;
    return total;
}

QSize EdgeInspector::heatMapCells() const {
    return plots_->heat->cells();
}
