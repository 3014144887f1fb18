#include "app/analysis/ConfusionPanel.h"

#include "app/data/DataFolder.h"
#include "app/data/DatasetPreview.h"
#include "app/document/GraphDocument.h"
#include "app/threads/BackgroundJob.h"
#include "app/training/TrainingController.h"
#include "inspect/ProbeSession.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using miniflow::Index;

namespace {
constexpr int kThumbnail = 56;
constexpr int kRowRole = Qt::UserRole + 1;

struct HeldOut {
    const miniflow::Dataset* data;
    QString name;
    SampleRef::Set set;
};

/// The held-out set a matrix should describe, and its name.
HeldOut heldOut(const miniflow::TrainingData& data) {
    if (data.validation.size() > 0)
        return {&data.validation, QObject::tr("validation"), SampleRef::Set::Validation};
    if (data.test.size() > 0)
        return {&data.test, QObject::tr("test"), SampleRef::Set::Test};
    return {&data.train,
            QObject::tr("training (no validation split: set one in the Dataset panel)"),
            SampleRef::Set::Train};
}
} // namespace

ConfusionPanel::ConfusionPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), job_(new BackgroundJob(this)) {
    auto* layout = new QVBoxLayout(this);
    computeButton_ = new QPushButton(tr("Compute confusion matrix"));
    computeButton_->setToolTip(
        tr("Runs the held-out data through the graph with its current parameters (off the "
           "GUI thread); rows are the actual class, columns the predicted one"));
    connect(computeButton_, &QPushButton::clicked, this, &ConfusionPanel::compute);
    layout->addWidget(computeButton_);
    status_ = new QLabel(tr("Train a classifier, then compute its confusion matrix."));
    status_->setWordWrap(true);
    layout->addWidget(status_);
    table_ = new QTableWidget;
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->horizontalHeader()->setDefaultSectionSize(44);
    connect(table_, &QTableWidget::cellClicked, this, &ConfusionPanel::showCell);
    layout->addWidget(table_, 2);
    cellCaption_ = new QLabel;
    layout->addWidget(cellCaption_);
    samples_ = new QListWidget;
    samples_->setIconSize(QSize(kThumbnail, kThumbnail));
    connect(samples_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            showSample(item->data(kRowRole).value<Index>());
    });
    layout->addWidget(samples_, 2);
    sampleCaption_ = new QLabel;
    sampleCaption_->setWordWrap(true);
    layout->addWidget(sampleCaption_);
    connect(document_, &GraphDocument::contentChanged, this, &ConfusionPanel::onContentChanged);
}

ConfusionPanel::~ConfusionPanel() {
    job_->wait();
}

bool ConfusionPanel::busy() const {
    return job_->running();
}

void ConfusionPanel::watch(TrainingController* controller) {
    controller_ = controller;
    connect(controller, &TrainingController::snapshotReady, this, &ConfusionPanel::onSnapshot);
}

void ConfusionPanel::compute() {
    computeWith(nullptr, -1);
}

void ConfusionPanel::onSnapshot(const TrainingSnapshot& snapshot) {
    if (!snapshot.epochParameters)
        return;
    const int epoch = snapshot.epochs.empty() ? snapshot.epoch : snapshot.epochs.back().epoch;
    if (isVisible())
        computeWith(snapshot.epochParameters, epoch);
    else
        waiting_ = Request{snapshot.epochParameters, epoch};
}

void ConfusionPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (waiting_ && !busy()) {
        const Request request = *std::exchange(waiting_, std::nullopt);
        computeWith(request.parameters, request.epoch);
    }
}

/// While a run holds the graph (structure locked), only its checkpoints and pauses change the
/// document (its parameters): the live matrix (one per epoch end) stays. Otherwise any change
/// asks for a new matrix.
void ConfusionPanel::onContentChanged() {
    const bool running = controller_ && (controller_->state() == TrainingState::Running ||
                                         controller_->state() == TrainingState::Paused);
    if (running && document_->structureLocked() && result_ && result_->epoch >= 0)
        return;
    clear();
}

void ConfusionPanel::computeWith(Parameters parameters, int epoch) {
    if (busy()) {
        waiting_ = Request{std::move(parameters), epoch};
        return;
    }
    miniflow::GraphFile file = document_->file();
    if (parameters)
        file.parameters = *parameters;
    const std::string base = dataBaseFolder(document_->path()).toStdString();
    const bool started = job_->start<std::shared_ptr<Result>>(
        [file, base, epoch] {
            auto result = std::make_shared<Result>();
            try {
                miniflow::ProbeSession probe = miniflow::makeProbeSession(file, base, 1);
                const HeldOut held = heldOut(probe.data);
                result->matrix = miniflow::computeConfusionMatrix(probe.session, *held.data);
                result->data = *held.data;
                result->setName = held.name;
                result->set = held.set;
                result->session = std::make_unique<miniflow::Session>(std::move(probe.session));
                result->epoch = epoch;
            } catch (const std::exception& e) {
                result->error = QString::fromStdString(e.what());
            }
            return result;
        },
        [this](std::shared_ptr<Result>& result) { onResult(*result); });
    if (started && !result_)
        status_->setText(tr("Computing..."));
}

void ConfusionPanel::onResult(Result& result) {
    clear();
    if (!result.error.isEmpty()) {
        status_->setText("<span style='color:#c00'>" + result.error.toHtmlEscaped() + "</span>");
        emit failed(result.error);
        return;
    }
    result_ = std::make_unique<Result>(std::move(result));
    const QString when = result_->epoch >= 0
                             ? tr(" · at the end of epoch %1 (updates at each epoch end while "
                                  "training)")
                                   .arg(result_->epoch)
                             : QString();
    status_->setText(tr("%1 set: %2 samples · accuracy %3 %%4 · rows: actual class, columns: "
                        "predicted. Click a cell.")
                         .arg(result_->setName)
                         .arg(result_->matrix.total())
                         .arg(100.0 * result_->matrix.accuracy(), 0, 'f', 1)
                         .arg(when));
    showMatrix();
    ++computedCount_;
    emit computed();
    if (waiting_ && isVisible()) {
        const Request request = *std::exchange(waiting_, std::nullopt);
        computeWith(request.parameters, request.epoch);
    }
}

QString ConfusionPanel::className(int c) const {
    const auto& names = result_->data.classNames;
    return c < static_cast<int>(names.size())
               ? QString::fromStdString(names[static_cast<size_t>(c)])
               : QString::number(c);
}

/// Counts, shaded by their share of the actual class (green on the diagonal, red off it).
void ConfusionPanel::showMatrix() {
    const miniflow::ConfusionMatrix& m = result_->matrix;
    table_->setRowCount(m.classes());
    table_->setColumnCount(m.classes());
    QStringList labels;
    for (int c = 0; c < m.classes(); ++c)
        labels << className(c);
    table_->setHorizontalHeaderLabels(labels);
    table_->setVerticalHeaderLabels(labels);
    for (int a = 0; a < m.classes(); ++a) {
        Index rowTotal = 0;
        for (int p = 0; p < m.classes(); ++p)
            rowTotal += m.count(a, p);
        for (int p = 0; p < m.classes(); ++p) {
            const double share =
                rowTotal > 0 ? static_cast<double>(m.count(a, p)) / static_cast<double>(rowTotal)
                             : 0.0;
            auto* item = new QTableWidgetItem(QString::number(m.count(a, p)));
            item->setTextAlignment(Qt::AlignCenter);
            QColor shade = a == p ? QColor(46, 157, 74) : QColor(214, 39, 40);
            shade.setAlphaF(std::min(1.0, 0.08 + 0.9 * share));
            item->setBackground(shade);
            item->setToolTip(tr("actual %1, predicted %2: %3 samples (%4 % of class %1)")
                                 .arg(className(a), className(p))
                                 .arg(m.count(a, p))
                                 .arg(100.0 * share, 0, 'f', 1));
            table_->setItem(a, p, item);
        }
    }
}

void ConfusionPanel::showCell(int actual, int predicted) {
    if (!result_)
        return;
    samples_->clear();
    const std::vector<Index> rows = result_->matrix.samples(actual, predicted);
    const bool images = result_->data.sampleDims.size() >= 2;
    samples_->setViewMode(images ? QListView::IconMode : QListView::ListMode);
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(kMaxListed); ++i) {
        auto* item = new QListWidgetItem(tr("#%1").arg(rows[i]));
        item->setData(kRowRole, QVariant::fromValue(rows[i]));
        if (images)
            item->setIcon(QPixmap::fromImage(
                sampleImage(result_->data, rows[i]).scaled(kThumbnail, kThumbnail)));
        samples_->addItem(item);
    }
    cellCaption_->setText(
        tr("Actual %1, predicted %2: %3 samples%4. Select one to run it forward alone.")
            .arg(className(actual), className(predicted))
            .arg(rows.size())
            .arg(rows.size() > static_cast<size_t>(kMaxListed)
                     ? tr(" (first %1 listed)").arg(kMaxListed)
                     : QString()));
}

std::vector<Index> ConfusionPanel::listedRows() const {
    std::vector<Index> rows;
    for (int i = 0; i < samples_->count(); ++i)
        rows.push_back(samples_->item(i)->data(kRowRole).value<Index>());
    return rows;
}

/// One sample forward (microseconds for these models: no training work), then every node
/// with one row per sample shows its activation.
void ConfusionPanel::showSample(Index row) {
    if (!result_)
        return;
    miniflow::Session& session = *result_->session;
    miniflow::feedRows(session, miniflow::findRoleInputs(session.plan()), result_->data, {row});
    session.forward(miniflow::Mode::Eval);
    NodeActivations activations;
    for (const miniflow::PlannedNode& p : session.plan().nodes()) {
        const miniflow::Tensor& value = session.value(p.id);
        if (p.shape.isBatched() && value.rows() == 1)
            activations[p.id] = std::vector<float>(value.data(), value.data() + value.size());
    }
    activationsShown_ = true;
    emit activationsChanged(activations);
    emit sampleSelected({result_->set, row});
    sampleCaption_->setText(
        tr("Sample #%1 (actual %2, predicted %3): each node's activation for it is the strip under "
           "the node (blue < 0 < red, scaled per node).")
            .arg(row)
            .arg(className(result_->matrix.actualOf(row)),
                 className(result_->matrix.predictedOf(row))));
}

std::pair<int, int> ConfusionPanel::largestConfusion() const {
    std::pair<int, int> best{-1, -1};
    Index most = 0;
    if (!result_)
        return best;
    for (int a = 0; a < result_->matrix.classes(); ++a)
        for (int p = 0; p < result_->matrix.classes(); ++p)
            if (a != p && result_->matrix.count(a, p) > most) {
                most = result_->matrix.count(a, p);
                best = {a, p};
            }
    return best;
}

void ConfusionPanel::clear() {
    if (std::exchange(activationsShown_, false))
        emit activationsChanged({});
    if (!result_)
        return;
    result_.reset();
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    samples_->clear();
    cellCaption_->clear();
    sampleCaption_->clear();
    status_->setText(tr("The graph, its data or its parameters changed: compute again."));
}
