#include "app/plot/LossPlot.h"

#include "app/plot/PlotExportMenu.h"
#include "app/training/TrainingController.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace {

constexpr int kSliderSteps = 99; ///< slider value v means EMA weight v / 100
constexpr int kMaxMarkers = 200; ///< epoch graphs show markers up to this many points
const QColor kTrainColor(31, 119, 180);
const QColor kTrainFaded(174, 203, 225); ///< kTrainColor at 35 % over white, drawn opaque (fast)

QCPGraph* addCurve(QCustomPlot* plot, QCPAxis* valueAxis, const QString& name, const QColor& color,
                   double width) {
    QCPGraph* graph = plot->addGraph(plot->xAxis, valueAxis);
    graph->setName(name);
    graph->setPen(QPen(color, width));
    return graph;
}

/// Point markers while there are few enough to see (and to draw quickly); a line beyond.
void showPoints(QCPGraph* graph, QCPScatterStyle::ScatterShape shape) {
    if (graph->dataCount() > kMaxMarkers)
        shape = QCPScatterStyle::ssNone;
    if (graph->scatterStyle().shape() == shape)
        return;
    graph->setScatterStyle(QCPScatterStyle(shape, graph->pen().color(), graph->pen().color(), 6));
}

} // namespace

struct LossPlot::Private {
    QCustomPlot* plot = nullptr;
    QCPGraph* raw = nullptr;
    QCPGraph* smoothed = nullptr;
    QCPGraph* validation = nullptr;
    QCPGraph* accuracy = nullptr;
    QCheckBox* logScale = nullptr;
    QSlider* smoothing = nullptr;
    QLabel* smoothingValue = nullptr;
    std::vector<RunOverlay> overlays;
    std::vector<QCPGraph*> overlayGraphs; ///< per overlay: training, validation, best marker
    QTimer replotTimer;
    bool followData = true; ///< fit the axes on each redraw until the user pans or zooms
    bool redrawing = false; ///< axis changes come from replotNow itself
    int replots = 0;
};

LossPlot::LossPlot(QWidget* parent) : QWidget(parent), d_(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildControls();
    buildPlot();
    d_->replotTimer.setSingleShot(true);
    d_->replotTimer.setInterval(kReplotInterval);
    connect(&d_->replotTimer, &QTimer::timeout, this, &LossPlot::replotNow);
}

LossPlot::~LossPlot() = default;

void LossPlot::buildControls() {
    auto* row = new QHBoxLayout;
    d_->logScale = new QCheckBox(tr("Log scale"), this);
    d_->logScale->setToolTip(tr("Logarithmic loss axis"));
    d_->smoothing = new QSlider(Qt::Horizontal, this);
    d_->smoothing->setRange(0, kSliderSteps);
    d_->smoothing->setValue(static_cast<int>(std::lround(history_.smoothing() * 100)));
    d_->smoothing->setToolTip(
        tr("Exponential moving average of the training loss (0 = raw curve only)"));
    d_->smoothingValue = new QLabel(this);
    d_->smoothingValue->setMinimumWidth(32);
    row->addWidget(d_->logScale);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Smoothing"), this));
    row->addWidget(d_->smoothing, 1);
    row->addWidget(d_->smoothingValue);
    static_cast<QVBoxLayout*>(layout())->addLayout(row);
    connect(d_->logScale, &QCheckBox::toggled, this, &LossPlot::setLogScale);
    connect(d_->smoothing, &QSlider::valueChanged, this,
            [this](int value) { setSmoothing(value / 100.0); });
}

void LossPlot::buildPlot() {
    QCustomPlot* plot = d_->plot = new QCustomPlot(this);
    plot->setObjectName("lossPlot");
    makePlotExportable(plot, tr("Loss"));
    plot->setMinimumSize(240, 160);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setPlottingHint(QCP::phFastPolylines, true);
    plot->xAxis->setLabel(tr("step"));
    plot->yAxis->setLabel(tr("loss"));
    plot->yAxis2->setLabel(tr("validation accuracy (%)"));
    plot->yAxis2->setVisible(true);
    plot->yAxis2->setRange(0, 100);
    d_->raw = addCurve(plot, plot->yAxis, tr("training loss"), kTrainColor, 1);
    d_->smoothed = addCurve(plot, plot->yAxis, tr("training loss (smoothed)"), kTrainColor, 2);
    d_->validation = addCurve(plot, plot->yAxis, tr("validation loss"), QColor(255, 127, 14), 2);
    d_->accuracy = addCurve(plot, plot->yAxis2, tr("validation accuracy"), QColor(44, 160, 44), 2);
    d_->raw->setAntialiased(false); // up to 2 * kMaxBuckets segments: speed matters more
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    auto userMoved = [this] {
        if (d_->redrawing)
            return;
        d_->followData = false;
        scheduleReplot();
    };
    connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, userMoved);
    connect(plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, userMoved);
    connect(plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        d_->followData = true;
        replotNow();
    });
    static_cast<QVBoxLayout*>(layout())->addWidget(plot, 1);
    setSmoothing(history_.smoothing());
}

void LossPlot::watch(TrainingController* controller) {
    connect(controller, &TrainingController::snapshotReady, this, &LossPlot::append);
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Idle)
            clear();
    });
}

void LossPlot::clear() {
    for (QCPGraph* graph : {d_->raw, d_->smoothed, d_->validation, d_->accuracy})
        graph->data()->clear();
    history_.clear();
    d_->followData = true;
    d_->plot->xAxis->setRange(0, 1);
    d_->plot->yAxis->setRange(0, 1);
    scheduleReplot();
}

void LossPlot::append(const TrainingSnapshot& snapshot) {
    if (snapshot.losses.empty() && snapshot.epochs.empty())
        return;
    history_.append(snapshot);
    scheduleReplot();
}

int LossPlot::trainingPointCount() const {
    return static_cast<int>(history_.steps().size());
}
int LossPlot::validationPointCount() const {
    return static_cast<int>(history_.validation().size());
}
int LossPlot::accuracyPointCount() const {
    return static_cast<int>(history_.accuracy().size());
}
long LossPlot::lastStep() const {
    return history_.lastStep();
}
double LossPlot::lastSmoothedLoss() const {
    return history_.lastSmoothedLoss();
}
std::pair<double, double> LossPlot::lossAxisRange() const {
    return {d_->plot->yAxis->range().lower, d_->plot->yAxis->range().upper};
}
int LossPlot::drawnPointCount() const {
    return d_->raw->dataCount();
}
int LossPlot::replotCount() const {
    return d_->replots;
}

void LossPlot::setOverlays(std::vector<RunOverlay> overlays) {
    for (QCPGraph* graph : d_->overlayGraphs)
        d_->plot->removeGraph(graph);
    d_->overlayGraphs.clear();
    d_->overlays = std::move(overlays);
    const auto q = [](const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); };
    for (const RunOverlay& o : d_->overlays) {
        QCPGraph* train = addCurve(d_->plot, d_->plot->yAxis, o.name, o.color, 1.5);
        train->setData(q(o.steps), q(o.losses), true);
        QCPGraph* validation =
            addCurve(d_->plot, d_->plot->yAxis, o.name + tr(" (validation)"), o.color, 1.5);
        validation->setPen(QPen(o.color, 1.5, Qt::DashLine));
        validation->setData(q(o.validationSteps), q(o.validationLosses), true);
        validation->removeFromLegend();
        QCPGraph* best = addCurve(d_->plot, d_->plot->yAxis, o.name + tr(" best"), o.color, 1);
        best->setLineStyle(QCPGraph::lsNone);
        best->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssStar, QPen(o.color, 2), QBrush(o.color), 12));
        if (o.best)
            best->addData(o.best->first, o.best->second);
        best->removeFromLegend();
        d_->overlayGraphs.insert(d_->overlayGraphs.end(), {train, validation, best});
    }
    d_->followData = true;
    scheduleReplot();
}

int LossPlot::overlayCurveCount() const {
    int count = 0;
    for (size_t i = 0; i < d_->overlayGraphs.size(); i += 3)
        count += d_->overlayGraphs[i]->dataCount() > 0 ? 1 : 0;
    return count;
}

int LossPlot::overlayMarkerCount() const {
    int count = 0;
    for (size_t i = 2; i < d_->overlayGraphs.size(); i += 3)
        count += d_->overlayGraphs[i]->dataCount();
    return count;
}

void LossPlot::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, kSliderSteps / 100.0);
    const bool changed = weight != history_.smoothing();
    d_->smoothing->setValue(static_cast<int>(std::lround(weight * 100)));
    d_->smoothingValue->setText(QString::number(weight, 'f', 2));
    d_->smoothed->setVisible(weight > 0);
    d_->smoothed->removeFromLegend();
    if (weight > 0)
        d_->smoothed->addToLegend();
    d_->raw->setPen(QPen(weight > 0 ? kTrainFaded : kTrainColor, 1));
    if (changed)
        history_.setSmoothing(weight);
    scheduleReplot();
}

double LossPlot::smoothing() const {
    return history_.smoothing();
}

void LossPlot::setLogScale(bool logarithmic) {
    QCPAxis* axis = d_->plot->yAxis;
    d_->logScale->setChecked(logarithmic);
    axis->setScaleType(logarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logarithmic)
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    d_->followData = true;
    scheduleReplot();
}

bool LossPlot::logScale() const {
    return d_->plot->yAxis->scaleType() == QCPAxis::stLogarithmic;
}

void LossPlot::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    scheduleReplot();
}

void LossPlot::scheduleReplot() {
    if (!d_->replotTimer.isActive())
        d_->replotTimer.start();
}

void LossPlot::replotNow() {
    if (!isVisible())
        return;
    d_->redrawing = true;
    if (d_->followData)
        fitAxesToData();
    drawVisibleRange();
    showPoints(d_->validation, QCPScatterStyle::ssCircle);
    showPoints(d_->accuracy, QCPScatterStyle::ssDiamond);
    d_->plot->replot();
    d_->redrawing = false;
    ++d_->replots;
}

/// Every step and every validation point (of the live run and the overlaid runs), with 5 %
/// headroom (a factor 1.2 on a log axis).
void LossPlot::fitAxesToData() {
    const LossHistory& h = history_;
    double first = INFINITY, last = -INFINITY, low = INFINITY, high = -INFINITY,
           lowPositive = INFINITY;
    const auto take = [&](double step, double value) {
        if (!std::isfinite(value))
            return;
        first = std::min(first, step);
        last = std::max(last, step);
        low = std::min(low, value);
        high = std::max(high, value);
        if (value > 0)
            lowPositive = std::min(lowPositive, value);
    };
    if (!h.steps().empty() && h.maxValue() >= h.minValue()) {
        take(h.steps().front(), h.minValue());
        take(h.steps().back(), h.maxValue());
        if (std::isfinite(h.minPositive()))
            lowPositive = std::min(lowPositive, h.minPositive());
    }
    for (const RunOverlay& o : d_->overlays) {
        for (size_t i = 0; i < o.steps.size(); ++i)
            take(o.steps[i], o.losses[i]);
        for (size_t i = 0; i < o.validationSteps.size(); ++i)
            take(o.validationSteps[i], o.validationLosses[i]);
    }
    if (!(high >= low))
        return;
    d_->plot->xAxis->setRange(first, std::max(last, first + 1));
    if (logScale()) {
        if (std::isfinite(lowPositive))
            d_->plot->yAxis->setRange(lowPositive / 1.2, high * 1.2);
        return;
    }
    const double margin = std::max(0.05 * (high - low), 1e-6);
    d_->plot->yAxis->setRange(low - margin, high + margin);
}

/// The epoch series as they are (bounded by LossHistory), the step curves reduced to the
/// visible range.
void LossPlot::drawVisibleRange() {
    const QCPRange visible = d_->plot->xAxis->range();
    const LossHistory::Reduced drawn = history_.reduce(visible.lower, visible.upper, kMaxBuckets);
    const auto q = [](const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); };
    d_->raw->setData(q(drawn.rawSteps), q(drawn.rawValues), true);
    d_->smoothed->setData(q(drawn.smoothSteps), q(drawn.smoothValues), true);
    d_->validation->setData(q(history_.validation().steps), q(history_.validation().values), true);
    d_->accuracy->setData(q(history_.accuracy().steps), q(history_.accuracy().values), true);
}
