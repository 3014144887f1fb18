#include "app/inspector/EdgeInspector.h"

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
    shape_->setText(QStringLiteral("%1 x %2").arg(summary.rows).arg(summary.cols));
    l2Norm_->setText(number(summary.l2Norm));
    meanAbs_->setText(number(summary.meanAbs));
    maxAbs_->setText(number(summary.maxAbs));
    zeros_->setText(QStringLiteral("%1 %").arg(100.0 * summary.zeroFraction, 0, 'f', 1));
}

void EdgeInspector::showTensor(const Tensor& gradient) {
    const float maxAbs =
        gradient.array().isFinite().select(gradient.array().abs(), 0.0f).maxCoeff();
    showHistogram(gradient, maxAbs);
    plots_->heat->setTensor(gradient, maxAbs);
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
