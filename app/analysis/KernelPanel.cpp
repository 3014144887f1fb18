#include "app/analysis/KernelPanel.h"

#include "app/analysis/KernelTiles.h"
#include "app/analysis/TileGrid.h"
#include "app/document/GraphDocument.h"
#include "app/threads/BackgroundJob.h"
#include "app/training/TrainingController.h"
#include "autograd/Session.h"

#include <QLabel>
#include <QVBoxLayout>

using miniflow::NodeId;
using ParameterValues = std::map<NodeId, miniflow::Tensor>;

namespace {
const char* const kNoKernel = QT_TRANSLATE_NOOP(
    "KernelPanel", "Select a convolution's weight Parameter (or the convolution): its filters "
                   "show here as images.");

/// The Session's initial Parameter values for the graph (its seed), or empty when the graph
/// cannot be planned yet.
ParameterValues initialValues(const miniflow::GraphFile& file) {
    for (auto purpose : {miniflow::PlanPurpose::Training, miniflow::PlanPurpose::Forward}) {
        try {
            miniflow::Session session(miniflow::Plan::build(file.graph, purpose),
                                      file.training.seed);
            ParameterValues values;
            for (NodeId id : session.parameterIds())
                values.emplace(id, session.value(id));
            return values;
        } catch (const std::exception&) {
        }
    }
    return {};
}
} // namespace

KernelPanel::KernelPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), job_(new BackgroundJob(this)) {
    auto* layout = new QVBoxLayout(this);
    caption_ = new QLabel(tr(kNoKernel));
    caption_->setWordWrap(true);
    layout->addWidget(caption_);
    tiles_ = new TileGrid;
    tiles_->setObjectName("kernelTiles");
    layout->addWidget(tiles_);
    scaleLabel_ = new QLabel;
    scaleLabel_->setWordWrap(true);
    layout->addWidget(scaleLabel_);
    layout->addStretch(1);
    connect(document_, &GraphDocument::parametersChanged, this, [this] {
        live_.reset();
        refresh();
    });
    connect(document_, &GraphDocument::contentChanged, this, [this] {
        if (!document_->structureLocked())
            initial_.reset(); // the structure or the seed may have changed
        const NodeId shown = kernel_;
        kernel_ = {};
        showNode(shown);
    });
}

KernelPanel::~KernelPanel() {
    job_->wait();
}

bool KernelPanel::busy() const {
    return job_->running();
}

void KernelPanel::watch(TrainingController* controller) {
    controller_ = controller;
    connect(controller, &TrainingController::snapshotReady, this, &KernelPanel::onSnapshot);
    if (isVisible())
        controller_->setParametersWanted(this, true);
}

void KernelPanel::showNode(NodeId node) {
    const miniflow::Graph& graph = document_->graph();
    const miniflow::ShapeInference shapes = miniflow::inferShapes(graph);
    NodeId kernel;
    std::optional<miniflow::KernelDims> dims;
    if (graph.find(node)) {
        if ((dims = miniflow::kernelDims(graph, shapes, node)))
            kernel = node;
        else
            for (const miniflow::Edge& e : graph.edges())
                if (e.to == node && (dims = miniflow::kernelDims(graph, shapes, e.from))) {
                    kernel = e.from;
                    break;
                }
    }
    if (kernel == kernel_ && dims == dims_)
        return;
    kernel_ = kernel;
    dims_ = dims;
    refresh();
}

void KernelPanel::onSnapshot(const TrainingSnapshot& snapshot) {
    if (!snapshot.liveParameters)
        return;
    live_ = snapshot.liveParameters;
    refresh();
}

void KernelPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (controller_)
        controller_->setParametersWanted(this, true);
    if (std::exchange(stale_, false))
        refresh();
}

void KernelPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    if (controller_)
        controller_->setParametersWanted(this, false);
}

/// Live values first, then the document's, then the seed's (computed once, off the GUI
/// thread). Drawing a bank is light (LeNet's conv2: 2,400 values), so it happens here.
void KernelPanel::refresh() {
    if (!kernel_.valid() || !dims_) {
        tiles_->clear();
        scaleLabel_->clear();
        caption_->setText(tr(kNoKernel));
        return;
    }
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    if (live_)
        if (const auto found = live_->find(kernel_); found != live_->end())
            return draw(found->second, tr("live, from the training run"));
    if (const auto stored = document_->parameter(kernel_))
        return draw(*stored, tr("trained values"));
    if (initial_)
        if (const auto found = initial_->find(kernel_); found != initial_->end())
            return draw(found->second, tr("initial values (from the seed)"));
    loadInitial();
}

void KernelPanel::loadInitial() {
    if (initial_ && initial_->empty()) {
        tiles_->clear();
        caption_->setText(tr("The graph cannot run yet: its kernels have no values."));
        return;
    }
    const miniflow::GraphFile file = document_->file();
    job_->start<std::shared_ptr<const ParameterValues>>(
        [file] { return std::make_shared<const ParameterValues>(initialValues(file)); },
        [this](std::shared_ptr<const ParameterValues>& values) {
            initial_ = values;
            refresh();
        });
}

void KernelPanel::draw(const miniflow::Tensor& weights, const QString& source) {
    const miniflow::KernelDims& d = *dims_;
    KernelTiles bank = KernelTiles::make(weights, d);
    const miniflow::Node* node = document_->graph().find(kernel_);
    const QString name = node ? QString::fromStdString(node->name) : QString();
    scale_ = bank.scale;
    const int tileCount = static_cast<int>(bank.tiles.size());
    tiles_->setTiles(std::move(bank.tiles), bank.columns, bank.rowLabels, bank.columnLabels);
    QString layout = bank.averaged ? tr("one tile per out-channel, the mean over its %1 "
                                        "in-channels")
                                         .arg(d.inChannels)
                     : d.inChannels == 1 ? tr("one tile per out-channel")
                                         : tr("rows: out-channels, columns: in-channels");
    caption_->setText(tr("<b>%1</b> · %2 filters of %3 x %4 x %5 (%6) · %7 tiles · %8")
                          .arg(name.toHtmlEscaped())
                          .arg(d.outChannels)
                          .arg(d.inChannels)
                          .arg(d.height)
                          .arg(d.width)
                          .arg(layout)
                          .arg(tileCount)
                          .arg(source));
    scaleLabel_->setText(tr("Colours: %1.").arg(scale_.describe()));
    ++shownCount_;
    emit updated();
}

QString KernelPanel::captionText() const {
    return caption_->text();
}

QString KernelPanel::scaleText() const {
    return scaleLabel_->text();
}
