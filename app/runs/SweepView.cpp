#include "app/runs/SweepView.h"

#include "app/runs/RunStore.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

using miniflow::RunRecord;

namespace {

std::string settingValue(const RunRecord& run, const std::string& key) {
    for (const auto& [k, v] : miniflow::runSettings(run))
        if (k == key)
            return v;
    return {};
}

/// The best epoch's metric: validation loss (or accuracy in %), nullopt without one.
std::optional<double> bestMetric(const RunRecord& run, bool accuracy) {
    std::optional<double> best;
    for (const miniflow::RunEpoch& e : run.epochs) {
        const std::optional<double>& v = accuracy ? e.validationAccuracy : e.validationLoss;
        if (v && std::isfinite(*v) && (!best || (accuracy ? *v > *best : *v < *best)))
            best = *v;
    }
    if (best && accuracy)
        *best *= 100;
    return best;
}

} // namespace

SweepView::SweepView(RunStore* store, QWidget* parent)
    : QWidget(parent), store_(store), setting_(new QComboBox(this)), metric_(new QComboBox(this)),
      plot_(new QCustomPlot(this)) {
    setObjectName("sweepView");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Setting"), this));
    row->addWidget(setting_, 1);
    metric_->addItem(tr("best validation loss"));
    metric_->addItem(tr("best validation accuracy"));
    row->addWidget(metric_, 1);
    layout->addLayout(row);
    plot_->setMinimumSize(200, 120);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    layout->addWidget(plot_, 1);
    connect(store_, &RunStore::runsChanged, this, &SweepView::refresh);
    connect(setting_, &QComboBox::currentIndexChanged, this, &SweepView::refresh);
    connect(metric_, &QComboBox::currentIndexChanged, this, &SweepView::refresh);
    refresh();
}

void SweepView::refresh() {
    std::vector<const RunRecord*> runs;
    for (const RunRecord& r : store_->runs())
        runs.push_back(&r);
    // The settings that differ are the choices; keep the current one when it still is one.
    QStringList keys;
    for (const std::string& key : miniflow::settingsThatDiffer(runs))
        if (key != "graphHash")
            keys << QString::fromStdString(key);
    const QString current = setting_->currentText();
    {
        const QSignalBlocker block(setting_);
        setting_->clear();
        setting_->addItems(keys);
        if (keys.contains(current))
            setting_->setCurrentText(current);
    }
    plot_->clearGraphs();
    plot_->clearItems();
    points_ = 0;
    logarithmic_ = false;
    const std::string key = setting_->currentText().toStdString();
    const bool accuracy = metric_->currentIndex() == 1;
    plot_->yAxis->setLabel(metric_->currentText() + (accuracy ? " (%)" : ""));
    plot_->xAxis->setLabel(setting_->currentText());
    if (key.empty()) {
        plot_->replot();
        return;
    }
    // Numeric when every value parses; else categories in order of appearance.
    std::vector<std::pair<std::string, double>> values; // value text, metric
    std::vector<QString> names;
    bool numeric = true;
    for (const RunRecord* run : runs) {
        const auto metric = bestMetric(*run, accuracy);
        if (!metric)
            continue;
        const std::string value = settingValue(*run, key);
        bool ok = false;
        static_cast<void>(QString::fromStdString(value).toDouble(&ok));
        numeric = numeric && ok;
        values.emplace_back(value, *metric);
        names.push_back(QString::fromStdString(run->name));
    }
    QVector<double> xs, ys;
    std::vector<std::string> categories;
    for (const auto& [text, metric] : values) {
        double x = 0;
        if (numeric) {
            x = QString::fromStdString(text).toDouble();
        } else {
            auto it = std::find(categories.begin(), categories.end(), text);
            if (it == categories.end())
                it = categories.insert(categories.end(), text);
            x = double(it - categories.begin());
        }
        xs << x;
        ys << metric;
    }
    QCPGraph* graph = plot_->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 119, 180), QColor(31, 119, 180), 9));
    graph->setData(xs, ys);
    points_ = int(xs.size());
    if (xs.isEmpty()) {
        plot_->replot();
        return;
    }
    const auto [minX, maxX] = std::minmax_element(xs.begin(), xs.end());
    const auto [minY, maxY] = std::minmax_element(ys.begin(), ys.end());
    logarithmic_ = numeric && *minX > 0 && *maxX / *minX > 20;
    if (logarithmic_) {
        plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
        plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        plot_->xAxis->setRange(*minX / 2, *maxX * 2);
    } else {
        plot_->xAxis->setScaleType(QCPAxis::stLinear);
        if (numeric) {
            plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
            const double pad = std::max((*maxX - *minX) * 0.15, std::abs(*maxX) * 0.1 + 1e-9);
            plot_->xAxis->setRange(*minX - pad, *maxX + pad);
        } else {
            auto ticker = QSharedPointer<QCPAxisTickerText>::create();
            for (size_t i = 0; i < categories.size(); ++i)
                ticker->addTick(double(i), QString::fromStdString(categories[i]));
            plot_->xAxis->setTicker(ticker);
            plot_->xAxis->setRange(-0.5, double(categories.size()) - 0.5);
        }
    }
    const double padY = std::max((*maxY - *minY) * 0.2, std::abs(*maxY) * 0.05 + 1e-9);
    plot_->yAxis->setRange(*minY - padY, *maxY + padY);
    if (xs.size() <= 40)
        for (int i = 0; i < xs.size(); ++i) {
            auto* label = new QCPItemText(plot_);
            label->position->setCoords(xs[i], ys[i]);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setText(names[size_t(i)]);
            label->setFont(QFont(font().family(), std::max(7, font().pointSize() - 2)));
            label->setColor(QColor(90, 90, 90));
        }
    plot_->replot();
}
