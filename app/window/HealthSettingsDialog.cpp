#include "app/window/HealthSettingsDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSpinBox>

namespace {

QDoubleSpinBox* numberBox(double low, double high, int decimals, const QString& tip) {
    auto* box = new QDoubleSpinBox;
    box->setRange(low, high);
    box->setDecimals(decimals);
    box->setToolTip(tip);
    return box;
}

QSpinBox* countBox(const QString& tip) {
    auto* box = new QSpinBox;
    box->setRange(1, 1000);
    box->setToolTip(tip);
    return box;
}

} // namespace

HealthSettingsDialog::HealthSettingsDialog(const miniflow::HealthThresholds& thresholds,
                                           QWidget* parent)
    : QDialog(parent),
      vanishing_(numberBox(0, 1, 10, tr("Vanishing when ||dL/dW|| / ||W|| stays below this"))),
      spread_(numberBox(1, 1e12, 1,
                        tr("...and this many times below the fastest-learning parameter's ratio"))),
      explodingNorm_(
          numberBox(0, 1e12, 1, tr("Exploding when an edge's gradient norm exceeds this"))),
      explodingGrowth_(numberBox(
          1, 1e12, 1, tr("Exploding when a gradient norm grows by this factor within the window"))),
      dead_(numberBox(0, 1, 3, tr("Dead ReLU when this share of its outputs is exactly 0"))),
      saturated_(numberBox(
          0, 1, 3,
          tr("Saturated when this share of sigmoid/tanh outputs is within 0.01 of an asymptote"))),
      sustain_(
          countBox(tr("Snapshots in a row a vanishing, dead or saturated condition must hold"))),
      window_(countBox(tr("Snapshots over which a gradient norm's growth is measured"))),
      divergenceFactor_(numberBox(1, 1e12, 1,
                                  tr("Divergence when the training loss exceeds this many times "
                                     "its lowest value so far in the run"))),
      divergenceAboveStart_(numberBox(0, 1e12, 2,
                                      tr("Divergence when the training loss stays above this "
                                         "many times its value at the run's first step for the "
                                         "sustained number of snapshots (0: off)"))),
      divergenceRising_(countBox(tr("Divergence when the training loss rose in each of this "
                                    "many snapshots in a row (0: off)"))) {
    divergenceRising_->setMinimum(0);
    setWindowTitle(tr("Gradient health thresholds"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Vanishing: ||dL/dW|| / ||W|| below"), vanishing_);
    form->addRow(tr("Vanishing: times below the fastest layer"), spread_);
    form->addRow(tr("Exploding: gradient norm above"), explodingNorm_);
    form->addRow(tr("Exploding: growth factor above"), explodingGrowth_);
    form->addRow(tr("Dead ReLU: share of zero outputs"), dead_);
    form->addRow(tr("Saturated: share near asymptotes"), saturated_);
    form->addRow(tr("Sustained for (snapshots)"), sustain_);
    form->addRow(tr("Growth window (snapshots)"), window_);
    form->addRow(tr("Divergence: loss above its running minimum times"), divergenceFactor_);
    form->addRow(tr("Divergence: loss above its start value times"), divergenceAboveStart_);
    form->addRow(tr("Divergence: loss rising for (snapshots)"), divergenceRising_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                         QDialogButtonBox::RestoreDefaults);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { fill(miniflow::HealthThresholds{}); });
    fill(thresholds);
}

void HealthSettingsDialog::fill(const miniflow::HealthThresholds& t) {
    vanishing_->setValue(t.vanishingRatio);
    spread_->setValue(t.vanishingSpread);
    explodingNorm_->setValue(t.explodingNorm);
    explodingGrowth_->setValue(t.explodingGrowth);
    dead_->setValue(t.deadShare);
    saturated_->setValue(t.saturatedShare);
    sustain_->setValue(t.sustain);
    window_->setValue(t.window);
    divergenceFactor_->setValue(t.divergenceFactor);
    divergenceAboveStart_->setValue(t.divergenceAboveStart);
    divergenceRising_->setValue(t.divergenceRising);
}

miniflow::HealthThresholds HealthSettingsDialog::thresholds() const {
    miniflow::HealthThresholds t;
    t.vanishingRatio = vanishing_->value();
    t.vanishingSpread = spread_->value();
    t.explodingNorm = explodingNorm_->value();
    t.explodingGrowth = explodingGrowth_->value();
    t.deadShare = dead_->value();
    t.saturatedShare = saturated_->value();
    t.sustain = sustain_->value();
    t.window = window_->value();
    t.divergenceFactor = divergenceFactor_->value();
    t.divergenceAboveStart = divergenceAboveStart_->value();
    t.divergenceRising = divergenceRising_->value();
    return t;
}
