#include "app/plot/LossPlot.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
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

/// Keeps at most kMaxEpochPoints on an epoch graph: beyond, every other point of the older
/// half goes (runs with tiny epochs add one per epoch for hours).
void thinEpochGraph(QCPGraph* graph) {
    const int count = graph->dataCount();
    if (count <= static_cast<int>(LossPlot::kMaxEpochPoints))
        return;
    QVector<QCPGraphData> kept;
    kept.reserve(count);
    int index = 0;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it, ++index)
        if (index >= count / 2 || index % 2 == 0)
            kept.push_back(*it);
    graph->data()->set(kept, true);
}

/// The drawn form of samples [begin, end): every point when few, else per bucket the raw
/// minimum and maximum (in step order) and the mean of the smoothed values.
struct Drawn {
    QVector<double> rawKeys, rawValues, smoothKeys, smoothValues;
};

Drawn reduce(const std::vector<double>& steps, const std::vector<double>& raw,
             const std::vector<double>& smoothed, size_t begin, size_t end, size_t buckets) {
    Drawn out;
    const size_t count = end - begin;
    if (count <= 2 * buckets) {
        out.rawKeys = QVector<double>(steps.begin() + begin, steps.begin() + end);
        out.rawValues = QVector<double>(raw.begin() + begin, raw.begin() + end);
        out.smoothKeys = out.rawKeys;
        out.smoothValues = QVector<double>(smoothed.begin() + begin, smoothed.begin() + end);
        return out;
    }
    for (size_t b = 0; b < buckets; ++b) {
        const size_t first = begin + b * count / buckets, last = begin + (b + 1) * count / buckets;
        size_t low = first, high = first;
        double sum = 0;
        for (size_t i = first; i < last; ++i) {
            if (raw[i] < raw[low])
                low = i;
            if (raw[i] > raw[high])
                high = i;
            sum += smoothed[i];
        }
        for (size_t i : {std::min(low, high), std::max(low, high)}) {
            out.rawKeys.push_back(steps[i]);
            out.rawValues.push_back(raw[i]);
        }
        out.smoothKeys.push_back(0.5 * (steps[first] + steps[last - 1]));
        out.smoothValues.push_back(sum / static_cast<double>(last - first));
    }
    return out;
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
    QTimer replotTimer;
    std::vector<double> steps, losses, smoothedLosses; ///< every training step
    double weight = 0.6;
    double ema = 0;    ///< biased running average
    long emaCount = 0; ///< points folded into ema
    double minValue = std::numeric_limits<double>::infinity();
    double maxValue = -std::numeric_limits<double>::infinity();
    double minPositive = std::numeric_limits<double>::infinity();
    std::map<int, long> epochEndStep; ///< last step seen of each epoch not yet reported
    bool followData = true;           ///< fit the axes on each redraw until the user pans or zooms
    bool redrawing = false;           ///< axis changes come from replotNow itself
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
    d_->smoothing->setValue(static_cast<int>(std::lround(d_->weight * 100)));
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
    setSmoothing(d_->weight);
}

void LossPlot::clear() {
    for (QCPGraph* graph : {d_->raw, d_->smoothed, d_->validation, d_->accuracy})
        graph->data()->clear();
    d_->steps.clear();
    d_->losses.clear();
    d_->smoothedLosses.clear();
    d_->ema = 0;
    d_->emaCount = 0;
    d_->minValue = d_->minPositive = std::numeric_limits<double>::infinity();
    d_->maxValue = -std::numeric_limits<double>::infinity();
    d_->epochEndStep.clear();
    d_->followData = true;
    scheduleReplot();
}

void LossPlot::append(const TrainingSnapshot& snapshot) {
    if (snapshot.losses.empty() && snapshot.epochs.empty())
        return;
    addLosses(snapshot.losses);
    addEpochs(snapshot.epochs);
    scheduleReplot();
}

void LossPlot::addLosses(const std::vector<LossPoint>& losses) {
    for (const LossPoint& p : losses) {
        if (d_->steps.size() >= kMaxStoredPoints)
            thinOldHistory();
        d_->steps.push_back(static_cast<double>(p.step));
        d_->losses.push_back(p.loss);
        d_->smoothedLosses.push_back(smoothNext(p.loss));
        d_->epochEndStep[p.epoch] = p.step;
        extendValueRange(p.loss);
    }
}

void LossPlot::thinOldHistory() {
    std::vector<double>&steps = d_->steps, &raw = d_->losses, &smoothed = d_->smoothedLosses;
    const size_t older = steps.size() / 2 / 4 * 4;
    size_t kept = 0;
    const auto keep = [&](size_t i) {
        steps[kept] = steps[i];
        raw[kept] = raw[i];
        smoothed[kept] = smoothed[i];
        ++kept;
    };
    for (size_t first = 0; first < older; first += 4) { // kept <= first: reads stay ahead of writes
        size_t low = first, high = first;
        for (size_t i = first + 1; i < first + 4; ++i) {
            if (raw[i] < raw[low])
                low = i;
            if (raw[i] > raw[high])
                high = i;
        }
        keep(std::min(low, high));
        if (low != high)
            keep(std::max(low, high));
    }
    for (size_t i = older; i < steps.size(); ++i)
        keep(i);
    steps.resize(kept);
    raw.resize(kept);
    smoothed.resize(kept);
}

void LossPlot::addEpochs(const std::vector<EpochPoint>& epochs) {
    for (const EpochPoint& e : epochs) {
        const auto end = d_->epochEndStep.find(e.epoch);
        const double step = end != d_->epochEndStep.end() ? static_cast<double>(end->second)
                                                          : static_cast<double>(lastStep());
        if (e.validationLoss) {
            d_->validation->addData(step, *e.validationLoss);
            extendValueRange(*e.validationLoss);
        }
        if (e.validationAccuracy)
            d_->accuracy->addData(step, 100.0 * *e.validationAccuracy);
        d_->epochEndStep.erase(d_->epochEndStep.begin(), d_->epochEndStep.upper_bound(e.epoch));
        thinEpochGraph(d_->validation);
        thinEpochGraph(d_->accuracy);
    }
}

void LossPlot::extendValueRange(double value) {
    if (!std::isfinite(value))
        return;
    d_->minValue = std::min(d_->minValue, value);
    d_->maxValue = std::max(d_->maxValue, value);
    if (value > 0)
        d_->minPositive = std::min(d_->minPositive, value);
}

/// TensorBoard's debiased EMA: early points are not pulled towards 0.
double LossPlot::smoothNext(double loss) {
    d_->ema = d_->weight * d_->ema + (1 - d_->weight) * loss;
    ++d_->emaCount;
    const double debias = 1 - std::pow(d_->weight, static_cast<double>(d_->emaCount));
    return debias > 0 ? d_->ema / debias : loss;
}

void LossPlot::recomputeSmoothing() {
    d_->ema = 0;
    d_->emaCount = 0;
    for (size_t i = 0; i < d_->losses.size(); ++i)
        d_->smoothedLosses[i] = smoothNext(d_->losses[i]);
}

int LossPlot::trainingPointCount() const {
    return static_cast<int>(d_->steps.size());
}
int LossPlot::validationPointCount() const {
    return d_->validation->dataCount();
}
int LossPlot::accuracyPointCount() const {
    return d_->accuracy->dataCount();
}
long LossPlot::lastStep() const {
    return d_->steps.empty() ? 0 : static_cast<long>(d_->steps.back());
}
double LossPlot::lastSmoothedLoss() const {
    return d_->smoothedLosses.empty() ? 0.0 : d_->smoothedLosses.back();
}
int LossPlot::drawnPointCount() const {
    return d_->raw->dataCount();
}
int LossPlot::replotCount() const {
    return d_->replots;
}

void LossPlot::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, kSliderSteps / 100.0);
    const bool changed = weight != d_->weight;
    d_->weight = weight;
    d_->smoothing->setValue(static_cast<int>(std::lround(weight * 100)));
    d_->smoothingValue->setText(QString::number(weight, 'f', 2));
    d_->smoothed->setVisible(weight > 0);
    d_->smoothed->removeFromLegend();
    if (weight > 0)
        d_->smoothed->addToLegend();
    d_->raw->setPen(QPen(weight > 0 ? kTrainFaded : kTrainColor, 1));
    if (changed)
        recomputeSmoothing();
    scheduleReplot();
}

double LossPlot::smoothing() const {
    return d_->weight;
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

/// Every step and every validation point, with 5 % headroom (a factor 1.2 on a log axis).
void LossPlot::fitAxesToData() {
    if (d_->steps.empty() || !(d_->maxValue >= d_->minValue))
        return;
    d_->plot->xAxis->setRange(d_->steps.front(), std::max(d_->steps.back(), d_->steps.front() + 1));
    if (logScale()) {
        if (std::isfinite(d_->minPositive))
            d_->plot->yAxis->setRange(d_->minPositive / 1.2, d_->maxValue * 1.2);
        return;
    }
    const double margin = std::max(0.05 * (d_->maxValue - d_->minValue), 1e-6);
    d_->plot->yAxis->setRange(d_->minValue - margin, d_->maxValue + margin);
}

void LossPlot::drawVisibleRange() {
    const QCPRange visible = d_->plot->xAxis->range();
    const auto& steps = d_->steps;
    const auto first = std::lower_bound(steps.begin(), steps.end(), visible.lower);
    const auto last = std::upper_bound(steps.begin(), steps.end(), visible.upper);
    // One point beyond each edge keeps the line running to the border.
    const size_t begin =
        static_cast<size_t>(std::max<std::ptrdiff_t>(0, first - steps.begin() - 1));
    const size_t end = std::min(steps.size(), static_cast<size_t>(last - steps.begin()) + 1);
    const Drawn drawn =
        reduce(steps, d_->losses, d_->smoothedLosses, begin, std::max(begin, end), kMaxBuckets);
    d_->raw->setData(drawn.rawKeys, drawn.rawValues, true);
    d_->smoothed->setData(drawn.smoothKeys, drawn.smoothValues, true);
}
