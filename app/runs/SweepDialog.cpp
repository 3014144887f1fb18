#include "app/runs/SweepDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
constexpr int kMaxRuns = 200; ///< a sweep larger than this is refused (type fewer values)
}

SweepDialog::SweepDialog(const miniflow::GraphFile& file, QWidget* parent)
    : QDialog(parent), file_(file) {
    setWindowTitle(tr("Sweep"));
    setObjectName("sweepDialog");
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    const auto addField = [&](const QString& key, const QString& label, const QString& hint,
                              const QString& initial = {}) {
        auto* edit = new QLineEdit(initial, this);
        edit->setObjectName("sweep_" + key);
        edit->setPlaceholderText(hint);
        edit->setToolTip(tr("Comma-separated values; leave empty not to sweep it"));
        form->addRow(label, edit);
        fields_.emplace_back(key, edit);
        connect(edit, &QLineEdit::textChanged, this, &SweepDialog::update);
    };
    const miniflow::TrainingConfig& t = file.training;
    addField("learningRate", tr("Learning rates"),
             tr("e.g. %1, %2").arg(t.learningRate / 10).arg(t.learningRate));
    addField("batchSize", tr("Batch sizes"),
             tr("e.g. %1, %2").arg(t.batchSize).arg(t.batchSize * 4));
    for (const miniflow::Node& n : file.graph.nodes())
        if (n.attributes.is_object() && n.attributes.contains("units"))
            addField(QString::fromStdString(n.name) + ".units",
                     tr("Units of %1").arg(QString::fromStdString(n.name)),
                     tr("now %1").arg(QString::fromStdString(n.attributes["units"].dump())));
    bool hasRate = false;
    for (const miniflow::Node& n : file.graph.nodes())
        hasRate = hasRate || (n.attributes.is_object() && n.attributes.contains("rate"));
    if (hasRate)
        addField("dropout", tr("Dropout rates"), tr("e.g. 0, 0.2, 0.5"));
    auto* optimizers = new QHBoxLayout;
    for (const char* name : {"sgd", "momentum", "adam"}) {
        auto* box = new QCheckBox(name, this);
        box->setObjectName(QString("sweep_optimizer_") + name);
        optimizers->addWidget(box);
        optimizers_[name] = box;
        connect(box, &QCheckBox::toggled, this, &SweepDialog::update);
    }
    optimizers->addStretch(1);
    form->addRow(tr("Optimizers"), optimizers);
    addField("epochs", tr("Epochs per run"), tr("now %1").arg(t.epochs));
    layout->addLayout(form);

    auto* mode = new QGroupBox(tr("Runs"), this);
    auto* modeLayout = new QHBoxLayout(mode);
    grid_ = new QRadioButton(tr("Every combination"), mode);
    random_ = new QRadioButton(tr("Random draws:"), mode);
    grid_->setChecked(true);
    draws_ = new QSpinBox(mode);
    draws_->setRange(1, kMaxRuns);
    draws_->setValue(8);
    seed_ = new QSpinBox(mode);
    seed_->setRange(0, 1 << 30);
    seed_->setValue(1);
    modeLayout->addWidget(grid_);
    modeLayout->addWidget(random_);
    modeLayout->addWidget(draws_);
    modeLayout->addWidget(new QLabel(tr("seed"), mode));
    modeLayout->addWidget(seed_);
    modeLayout->addStretch(1);
    layout->addWidget(mode);
    for (QRadioButton* b : {grid_, random_})
        connect(b, &QRadioButton::toggled, this, &SweepDialog::update);
    connect(draws_, &QSpinBox::valueChanged, this, &SweepDialog::update);
    connect(seed_, &QSpinBox::valueChanged, this, &SweepDialog::update);

    summary_ = new QLabel(this);
    summary_->setObjectName("sweepSummary");
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Start sweep"));
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    update();
}

QLineEdit* SweepDialog::field(const QString& key) const {
    for (const auto& [name, edit] : fields_)
        if (name == key)
            return edit;
    return nullptr;
}

QCheckBox* SweepDialog::optimizerBox(const QString& optimizer) const {
    const auto it = optimizers_.find(optimizer);
    return it == optimizers_.end() ? nullptr : it->second;
}

void SweepDialog::setRandom(int draws, int seed) {
    random_->setChecked(true);
    draws_->setValue(draws);
    seed_->setValue(seed);
}

miniflow::SweepSpec SweepDialog::spec() const {
    miniflow::SweepSpec spec;
    QString text;
    for (const auto& [key, edit] : fields_)
        if (!edit->text().trimmed().isEmpty())
            text += key + "=" + edit->text() + ";";
    QStringList optimizers;
    for (const auto& [name, box] : optimizers_)
        if (box->isChecked())
            optimizers << name;
    if (!optimizers.isEmpty())
        text += "optimizer=" + optimizers.join(",") + ";";
    if (!text.isEmpty())
        spec.axes = miniflow::parseSweepAxes(text.toStdString());
    spec.randomDraws = random_->isChecked() ? draws_->value() : 0;
    spec.seed = static_cast<std::uint64_t>(seed_->value());
    return spec;
}

QString SweepDialog::problem() const {
    return runCount_ > 0 ? QString() : summary_->text();
}

void SweepDialog::update() {
    runCount_ = 0;
    draws_->setEnabled(random_->isChecked());
    seed_->setEnabled(random_->isChecked());
    QString message;
    try {
        const miniflow::SweepSpec s = spec();
        if (s.axes.empty()) {
            message = tr("Type the values to try for at least one setting.");
        } else {
            const std::vector<miniflow::SweepPoint> points = miniflow::sweepPoints(s);
            if (points.size() > size_t(kMaxRuns)) {
                message = tr("%1 runs are too many for one sweep (at most %2): type fewer values "
                             "or use random draws")
                              .arg(points.size())
                              .arg(kMaxRuns);
            } else {
                for (const miniflow::SweepPoint& p : points)
                    miniflow::applySweepPoint(file_, p);
                runCount_ = int(points.size());
                message = tr("%n run(s), one after another, each from the seed at full speed; "
                             "they fill the Runs panel.",
                             nullptr, runCount_);
            }
        }
    } catch (const std::exception& e) {
        message = QString::fromStdString(e.what());
    }
    summary_->setText(message);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(runCount_ > 0);
}
