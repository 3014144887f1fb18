#include "app/analysis/GradientCheckPanel.h"

#include "app/data/DataFolder.h"
#include "app/document/GraphDocument.h"
#include "app/threads/BackgroundJob.h"
#include "inspect/ProbeSession.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

using miniflow::CheckGrade;
using miniflow::NodeCheck;

struct GradientCheckPanel::Outcome {
    std::vector<NodeCheck> checks;
    QString error;
};

namespace {

QColor gradeColour(CheckGrade grade) {
    switch (grade) {
    case CheckGrade::Green:
        return QColor(0x2e, 0x9d, 0x4a);
    case CheckGrade::Amber:
        return QColor(0xf0, 0xa0, 0x20);
    case CheckGrade::Red:
        return QColor(0xd6, 0x27, 0x28);
    case CheckGrade::NotCheckable:
        return QColor(0x8a, 0x8a, 0x8a);
    }
    return {};
}

/// True when the grade is green only because the differences are below float32's resolution.
bool greenByNoise(const NodeCheck& check) {
    return check.withinNoise && check.relativeError >= miniflow::kGreenBelow;
}

QString badgeText(const NodeCheck& check) {
    if (greenByNoise(check))
        return QObject::tr("✓ within noise");
    if (check.grade == CheckGrade::NotCheckable)
        return QObject::tr("⌁ not checkable");
    const QString mark = check.grade == CheckGrade::Green   ? "✓"
                         : check.grade == CheckGrade::Amber ? "~"
                                                            : "✗";
    return mark + " " + QString::number(check.relativeError, 'e', 1);
}

QString tableText(const NodeCheck& check) {
    const QString error = QString::number(check.relativeError, 'e', 1);
    return greenByNoise(check)
               ? QObject::tr("✓ %1, every difference within float32 resolution").arg(error)
               : badgeText(check);
}

QString explanation(const NodeCheck& check) {
    const QString what =
        check.isOp ? QObject::tr("this op's own backward, checked alone")
                   : QObject::tr("dL/d%1 end to end").arg(QString::fromStdString(check.name));
    QString text =
        QObject::tr("Gradient check (%1): relative error %2 between backprop and central finite "
                    "differences — %3.")
            .arg(what)
            .arg(check.relativeError, 0, 'e', 2)
            .arg(QString::fromUtf8(miniflow::toString(check.grade)));
    if (check.withinNoise)
        text += QObject::tr(" Every difference is within float32's resolution at this loss.");
    if (check.notCheckable > 0)
        text += QObject::tr(" %1 of %2 probed elements are not checkable by finite differences: "
                            "their perturbation moves an input of a ReLU-like op across its kink, "
                            "where the slope jumps; they are left out.")
                    .arg(check.notCheckable)
                    .arg(check.probed);
    return text + "\n" + GradientCheckPanel::thresholdsText();
}

} // namespace

QString GradientCheckPanel::thresholdsText() {
    return tr("Green: relative error < %1 (or all differences within float32 resolution) · amber: "
              "< %2 · "
              "red: ≥ %2. float32, central differences with h = %3, up to %4 elements per tensor, "
              "on the first %5 "
              "samples. Elements whose perturbation moves an input of a ReLU-like op across its "
              "kink are not checkable by finite differences (grey).")
        .arg(miniflow::kGreenBelow)
        .arg(miniflow::kAmberBelow)
        .arg(miniflow::GradientCheckOptions{}.epsilon)
        .arg(miniflow::GradientCheckOptions{}.maxElements)
        .arg(kSamples);
}

GradientCheckPanel::GradientCheckPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), job_(new BackgroundJob(this)) {
    auto* layout = new QVBoxLayout(this);
    checkAll_ = new QAction(tr("Check gradients of every node"), this);
    checkAll_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    checkAll_->setToolTip(tr("Compare backprop with finite differences on every node (%1)")
                              .arg(checkAll_->shortcut().toString(QKeySequence::NativeText)));
    connect(checkAll_, &QAction::triggered, this, &GradientCheckPanel::checkAll);
    auto* button = new QPushButton(checkAll_->text());
    button->setToolTip(checkAll_->toolTip());
    connect(button, &QPushButton::clicked, checkAll_, &QAction::trigger);
    layout->addWidget(button);
    auto* thresholds = new QLabel(thresholdsText());
    thresholds->setWordWrap(true);
    layout->addWidget(thresholds);
    status_ = new QLabel;
    status_->setWordWrap(true);
    layout->addWidget(status_);
    table_ = new QTableWidget(0, 3);
    table_->setHorizontalHeaderLabels({tr("Node"), tr("Checked"), tr("Relative error")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(table_, 1);
    connect(document_, &GraphDocument::contentChanged, this, &GradientCheckPanel::clear);
}

GradientCheckPanel::~GradientCheckPanel() {
    job_->wait();
}

bool GradientCheckPanel::busy() const {
    return job_->running();
}

void GradientCheckPanel::checkAll() {
    run(std::nullopt);
}

void GradientCheckPanel::checkNode(miniflow::NodeId node) {
    run(node);
}

void GradientCheckPanel::run(std::optional<miniflow::NodeId> node) {
    const miniflow::GraphFile file = document_->file();
    const std::string base = dataBaseFolder(document_->path()).toStdString();
    const bool started = job_->start<Outcome>(
        [file, base, node] {
            Outcome outcome;
            try {
                miniflow::ProbeSession probe = miniflow::makeProbeSession(file, base, kSamples);
                if (!node)
                    outcome.checks = miniflow::checkAllNodes(probe.session);
                else if (auto check = miniflow::checkNode(probe.session, *node))
                    outcome.checks.push_back(*check);
                else
                    outcome.error = tr("this node has no gradient to check (a Constant, class "
                                       "labels, or no inputs)");
            } catch (const std::exception& e) {
                outcome.error = QString::fromStdString(e.what());
            }
            return outcome;
        },
        [this](Outcome& outcome) { onOutcome(outcome); });
    status_->setText(started ? tr("Checking...")
                             : tr("A check is already running; try again when it ends."));
}

void GradientCheckPanel::onOutcome(Outcome& outcome) {
    if (!outcome.error.isEmpty()) {
        status_->setText("<span style='color:#c00'>" + outcome.error.toHtmlEscaped() + "</span>");
        emit failed(outcome.error);
        return;
    }
    merge(outcome.checks);
    const auto count = [&](CheckGrade g) {
        return std::count_if(results_.begin(), results_.end(),
                             [g](const NodeCheck& c) { return c.grade == g; });
    };
    const auto notCheckable = count(CheckGrade::NotCheckable);
    status_->setText(
        tr("%1 nodes checked: %2 green, %3 amber, %4 red%5.")
            .arg(results_.size())
            .arg(count(CheckGrade::Green))
            .arg(count(CheckGrade::Amber))
            .arg(count(CheckGrade::Red))
            .arg(notCheckable ? tr(", %1 not checkable").arg(notCheckable) : QString()));
    showResults();
    emit checked();
}

void GradientCheckPanel::merge(const std::vector<NodeCheck>& checks) {
    for (const NodeCheck& check : checks) {
        const auto same = std::find_if(results_.begin(), results_.end(),
                                       [&](const NodeCheck& c) { return c.node == check.node; });
        if (same != results_.end())
            *same = check;
        else
            results_.push_back(check);
    }
    const auto order = [this](const NodeCheck& c) { return document_->nodeIndex(c.node); };
    std::sort(results_.begin(), results_.end(),
              [&](const NodeCheck& a, const NodeCheck& b) { return order(a) < order(b); });
}

void GradientCheckPanel::showResults() {
    table_->setRowCount(static_cast<int>(results_.size()));
    NodeBadges badges;
    for (int row = 0; row < table_->rowCount(); ++row) {
        const NodeCheck& check = results_[static_cast<size_t>(row)];
        auto* error = new QTableWidgetItem(tableText(check));
        error->setBackground(gradeColour(check.grade).lighter(185));
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(check.name)));
        table_->setItem(row, 1,
                        new QTableWidgetItem(check.isOp ? tr("its backward") : tr("dL/dnode")));
        table_->setItem(row, 2, error);
        badges[check.node] = {badgeText(check), gradeColour(check.grade), explanation(check)};
    }
    emit badgesChanged(badges);
}

void GradientCheckPanel::clear() {
    if (results_.empty())
        return;
    results_.clear();
    emit badgesChanged({});
    table_->setRowCount(0);
    status_->setText(tr("The graph, its data or its parameters changed: check again."));
}
