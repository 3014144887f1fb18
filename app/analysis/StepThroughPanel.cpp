#include "app/analysis/StepThroughPanel.h"

#include "app/analysis/StepDetails.h"
#include "app/data/DataFolder.h"
#include "app/document/GraphDocument.h"
#include "app/inspector/HeatMapPlot.h"
#include "app/threads/BackgroundJob.h"
#include "inspect/ProbeSession.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

using miniflow::StepThrough;

struct StepThroughPanel::Pass {
    std::unique_ptr<StepThrough> model;
    QString note;
    StepDetails::Layouts layouts;
    QString error;
};

StepThroughPanel::StepThroughPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), job_(new BackgroundJob(this)) {
    auto* layout = new QVBoxLayout(this);
    status_ = new QLabel(
        tr("Press Step forward (F10) to run one forward and backward pass of this graph."));
    status_->setWordWrap(true);
    layout->addWidget(status_);
    auto* buttons = new QHBoxLayout;
    actions_ = {
        makeAction(tr("Reset"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                   tr("Back to before the first step"), [this] { reset(); }),
        makeAction(tr("Step back"), QKeySequence(Qt::SHIFT | Qt::Key_F10), tr("One step back"),
                   [this] { stepBack(); }),
        makeAction(tr("Step forward"), QKeySequence(Qt::Key_F10),
                   tr("Next node: forward in topological order, then backward in reverse order"),
                   [this] { stepForward(); }),
        makeAction(tr("Run to end"), QKeySequence(Qt::Key_F5), tr("Show the last backward step"),
                   [this] { runToEnd(); })};
    for (QAction* action : actions_) {
        auto* button = new QToolButton;
        button->setDefaultAction(action);
        buttons->addWidget(button);
    }
    samples_ = new QSpinBox;
    samples_->setRange(1, 256);
    samples_->setValue(4);
    samples_->setPrefix(tr("samples: "));
    samples_->setToolTip(
        tr("How many samples of the training data the pass runs on (the first ones)"));
    buttons->addStretch();
    buttons->addWidget(samples_);
    layout->addLayout(buttons);
    position_ = new QLabel;
    layout->addWidget(position_);
    auto* body = new QHBoxLayout;
    details_ = new QTextBrowser;
    body->addWidget(details_, 3);
    auto* heatColumn = new QVBoxLayout;
    heatCaption_ = new QLabel;
    heatColumn->addWidget(heatCaption_);
    heat_ = new HeatMapPlot(tr("value / gradient"));
    heatColumn->addWidget(heat_, 1);
    body->addLayout(heatColumn, 2);
    layout->addLayout(body, 1);

    connect(document_, &GraphDocument::contentChanged, this, &StepThroughPanel::markStale);
    connect(samples_, &QSpinBox::valueChanged, this, &StepThroughPanel::markStale);
    refresh();
}

StepThroughPanel::~StepThroughPanel() {
    job_->wait();
}

QAction* StepThroughPanel::makeAction(const QString& text, const QKeySequence& key,
                                      const QString& tip, std::function<void()> slot) {
    auto* action = new QAction(text, this);
    action->setShortcut(key);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    connect(action, &QAction::triggered, this, std::move(slot));
    return action;
}

QList<QAction*> StepThroughPanel::stepActions() const {
    return actions_;
}

bool StepThroughPanel::busy() const {
    return job_->running();
}

void StepThroughPanel::setSamples(int samples) {
    samples_->setValue(samples);
}

QString StepThroughPanel::detailsText() const {
    return details_->toPlainText();
}

/// The pass no longer matches the document: drop it (the next step records a new one).
void StepThroughPanel::markStale() {
    if (!model_)
        return;
    model_.reset();
    emit stepMarkChanged(std::nullopt);
    status_->setText(
        tr("The graph, its data or its parameters changed: the next step runs a new pass."));
    refresh();
}

void StepThroughPanel::prepare() {
    const miniflow::GraphFile file = document_->file();
    const std::string base = dataBaseFolder(document_->path()).toStdString();
    const miniflow::Index rows = samples_->value();
    const bool started = job_->start<Pass>(
        [file, base, rows] {
            Pass pass;
            try {
                miniflow::ProbeSession probe = miniflow::makeProbeSession(file, base, rows);
                pass.model = std::make_unique<StepThrough>(probe.session);
                pass.layouts = StepDetails::layoutsFor(file.graph);
                pass.note = QString::fromStdString(probe.dataNote);
            } catch (const std::exception& e) {
                pass.error = QString::fromStdString(e.what());
            }
            return pass;
        },
        [this](Pass& pass) { onPass(pass); });
    if (started)
        status_->setText(tr("Running one forward and backward pass..."));
}

void StepThroughPanel::onPass(Pass& pass) {
    emit stepMarkChanged(std::nullopt);
    model_ = std::move(pass.model);
    layouts_ = std::move(pass.layouts);
    const int pending = std::exchange(pendingSteps_, 0);
    if (!model_) {
        status_->setText("<span style='color:#c00'>" + pass.error.toHtmlEscaped() + "</span>");
        refresh();
        emit failed(pass.error);
        return;
    }
    status_->setText(tr("One pass on %1 (loss %2). Blue: forward; violet: backward.")
                         .arg(pass.note)
                         .arg(static_cast<double>(model_->loss()), 0, 'g', 6));
    if (pending < 0)
        model_->runToEnd();
    else
        for (int i = 0; i < pending; ++i)
            model_->stepForward();
    refresh();
}

void StepThroughPanel::stepForward(int count) {
    if (!model_) {
        if (pendingSteps_ >= 0)
            pendingSteps_ += count;
        if (!busy())
            prepare();
        return;
    }
    for (int i = 0; i < count; ++i)
        model_->stepForward();
    refresh();
}

void StepThroughPanel::stepBack() {
    if (model_ && model_->stepBack())
        refresh();
}

void StepThroughPanel::runToEnd() {
    if (!model_) {
        pendingSteps_ = -1;
        if (!busy())
            prepare();
        return;
    }
    model_->runToEnd();
    refresh();
}

void StepThroughPanel::reset() {
    if (!model_)
        return;
    model_->reset();
    refresh();
}

/// Mirrors the model: position, text, heat map, canvas highlight.
void StepThroughPanel::refresh() {
    actions_[0]->setEnabled(model_ && model_->position() >= 0);
    actions_[1]->setEnabled(model_ && model_->position() >= 0);
    actions_[3]->setEnabled(!model_ || !model_->atEnd());
    actions_[2]->setEnabled(!model_ || !model_->atEnd());
    if (!model_ || model_->position() < 0) {
        position_->setText(model_ ? tr("Before step 1 of %1").arg(model_->stepCount()) : QString());
        details_->clear();
        heatCaption_->clear();
        heat_->clear();
        emit stepMarkChanged(std::nullopt);
        emit stepShown(model_ ? model_->position() : -1);
        return;
    }
    const auto* forward = model_->currentForward();
    const auto* backward = model_->currentBackward();
    position_->setText(tr("Step %1 of %2 · %3")
                           .arg(model_->position() + 1)
                           .arg(model_->stepCount())
                           .arg(forward ? tr("forward") : tr("backward")));
    details_->setHtml(forward ? StepDetails::forwardHtml(*forward, layouts_)
                              : StepDetails::backwardHtml(*backward, layouts_));
    const QString name = QString::fromStdString(forward ? forward->name : backward->name);
    heatCaption_->setText(forward ? tr("Heat map of %1's value").arg(name)
                                  : tr("Heat map of ∂L/∂%1").arg(name));
    heat_->setTensor(forward ? forward->value : backward->nodeGradient);
    markCanvas();
    emit stepShown(model_->position());
}

void StepThroughPanel::markCanvas() {
    StepMark mark{model_->currentNode(), model_->phase() == StepThrough::Phase::Backward, {}};
    if (mark.backward)
        for (const miniflow::Edge& edge : document_->graph().edges())
            if (edge.to == mark.node)
                mark.edges.push_back(edge);
    emit stepMarkChanged(mark);
}
