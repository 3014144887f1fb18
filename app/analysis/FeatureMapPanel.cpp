#include "app/analysis/FeatureMapPanel.h"

#include "app/analysis/TileGrid.h"
#include "app/data/DataFolder.h"
#include "app/document/GraphDocument.h"
#include "app/threads/BackgroundJob.h"
#include "app/training/TrainingController.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

using miniflow::Index;
using miniflow::NodeId;

namespace {
constexpr int kThumbnail = 56;
} // namespace

struct FeatureMapPanel::Result {
    std::shared_ptr<SampleProbe> probe;
    int structure = 0; ///< the structure version the probe was built for
    SampleProbe::Output output;
    QString error;
};

FeatureMapPanel::FeatureMapPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), job_(new BackgroundJob(this)) {
    auto* layout = new QVBoxLayout(this);
    caption_ = new QLabel(tr("Select a node whose output is an image (C x H x W)."));
    caption_->setWordWrap(true);
    layout->addWidget(caption_);

    auto* chooser = new QHBoxLayout;
    set_ = new QComboBox;
    set_->setObjectName("featureMapSet");
    for (SampleRef::Set s :
         {SampleRef::Set::Train, SampleRef::Set::Validation, SampleRef::Set::Test})
        set_->addItem(setName(s), static_cast<int>(s));
    row_ = new QSpinBox;
    row_->setObjectName("featureMapRow");
    row_->setRange(0, 0);
    row_->setPrefix(tr("sample #"));
    row_->setToolTip(tr("The sample run forward (the confusion matrix's sample list also "
                        "chooses one)"));
    chooser->addWidget(set_);
    chooser->addWidget(row_);
    chooser->addStretch(1);
    layout->addLayout(chooser);
    auto* sampleRow = new QHBoxLayout;
    thumbnail_ = new QLabel;
    thumbnail_->setFixedSize(kThumbnail, kThumbnail);
    sampleText_ = new QLabel;
    sampleText_->setWordWrap(true);
    sampleRow->addWidget(thumbnail_);
    sampleRow->addWidget(sampleText_, 1);
    layout->addLayout(sampleRow);

    tiles_ = new TileGrid;
    tiles_->setObjectName("featureMapTiles");
    layout->addWidget(tiles_);
    scaleLabel_ = new QLabel;
    scaleLabel_->setWordWrap(true);
    layout->addWidget(scaleLabel_);
    message_ = new QLabel;
    message_->setWordWrap(true);
    message_->hide();
    layout->addWidget(message_);
    layout->addStretch(1);

    auto choose = [this] {
        setSample({static_cast<SampleRef::Set>(set_->currentData().toInt()),
                   static_cast<Index>(row_->value())});
    };
    connect(set_, &QComboBox::currentIndexChanged, this, choose);
    connect(row_, &QSpinBox::valueChanged, this, choose);

    connect(document_, &GraphDocument::parametersChanged, this,
            &FeatureMapPanel::onParametersChanged);
    for (auto signal : {&GraphDocument::graphReplaced, &GraphDocument::datasetChanged})
        connect(document_, signal, this, &FeatureMapPanel::onStructureChanged);
    connect(document_, &GraphDocument::nodeAdded, this, &FeatureMapPanel::onStructureChanged);
    connect(document_, &GraphDocument::nodeRemoved, this, &FeatureMapPanel::onStructureChanged);
    connect(document_, &GraphDocument::nodeChanged, this, &FeatureMapPanel::onStructureChanged);
    connect(document_, &GraphDocument::edgeAdded, this, &FeatureMapPanel::onStructureChanged);
    connect(document_, &GraphDocument::edgeRemoved, this, &FeatureMapPanel::onStructureChanged);
    onParametersChanged();
}

FeatureMapPanel::~FeatureMapPanel() {
    job_->wait();
}

bool FeatureMapPanel::busy() const {
    return job_->running();
}

void FeatureMapPanel::watch(TrainingController* controller) {
    controller_ = controller;
    connect(controller, &TrainingController::snapshotReady, this, &FeatureMapPanel::onSnapshot);
    if (isVisible())
        controller_->setParametersWanted(this, true);
}

void FeatureMapPanel::showNode(NodeId node) {
    if (node == node_)
        return;
    node_ = node;
    request();
}

void FeatureMapPanel::setSample(SampleRef sample) {
    if (sample == sample_)
        return;
    sample_ = sample;
    {
        const QSignalBlocker blockSet(set_), blockRow(row_);
        set_->setCurrentIndex(set_->findData(static_cast<int>(sample.set)));
        if (row_->maximum() < sample.row)
            row_->setMaximum(static_cast<int>(sample.row));
        row_->setValue(static_cast<int>(sample.row));
    }
    request();
}

void FeatureMapPanel::onSnapshot(const TrainingSnapshot& snapshot) {
    if (!snapshot.liveParameters)
        return;
    parameters_ = snapshot.liveParameters;
    request();
}

/// Trained values reached the document (a pause, the end of a run, a checkpoint, Reset).
void FeatureMapPanel::onParametersChanged() {
    const auto& stored = document_->file().parameters;
    parameters_ =
        stored.empty() ? nullptr : std::make_shared<const SampleProbe::Parameters>(stored);
    request();
}

void FeatureMapPanel::onStructureChanged() {
    probe_.reset();
    ++structure_;
    onParametersChanged();
}

void FeatureMapPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (controller_)
        controller_->setParametersWanted(this, true);
    if (pending_)
        request();
}

void FeatureMapPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    if (controller_)
        controller_->setParametersWanted(this, false);
}

/// Coalesced: while a probe runs (or the panel is hidden) the request only marks one as
/// wanted; the next probe takes whatever is newest then.
void FeatureMapPanel::request() {
    if (!node_.valid() || !document_->graph().find(node_)) {
        pending_ = false;
        tiles_->clear();
        scaleLabel_->clear();
        caption_->setText(tr("Select a node whose output is an image (C x H x W)."));
        return;
    }
    if (!isVisible() || busy()) {
        pending_ = true;
        return;
    }
    pending_ = false;
    const int structure = structure_;
    std::shared_ptr<SampleProbe> probe = probe_;
    std::shared_ptr<miniflow::GraphFile> file;
    std::string base;
    if (!probe) {
        file = std::make_shared<miniflow::GraphFile>(document_->file());
        base = dataBaseFolder(document_->path()).toStdString();
    }
    const Parameters parameters = parameters_;
    const NodeId node = node_;
    const SampleRef sample = sample_;
    job_->start<std::shared_ptr<Result>>(
        [probe, file, base, parameters, node, sample, structure] {
            auto result = std::make_shared<Result>();
            result->structure = structure;
            try {
                result->probe = probe ? probe : std::make_shared<SampleProbe>(*file, base);
                result->output = result->probe->run(node, sample, parameters.get());
            } catch (const std::exception& e) {
                result->error = QString::fromStdString(e.what());
            }
            return result;
        },
        [this](std::shared_ptr<Result>& result) { onResult(*result); });
}

void FeatureMapPanel::onResult(Result& result) {
    const bool current = result.structure == structure_;
    if (current && result.probe)
        probe_ = result.probe;
    if (!current) {
        request();
        return;
    }
    ++shownCount_;
    if (!result.error.isEmpty()) {
        tiles_->clear();
        scaleLabel_->clear();
        showMessage(result.error);
    } else {
        const SampleProbe::Output& out = result.output;
        showMessage({});
        {
            const QSignalBlocker block(row_);
            row_->setMaximum(static_cast<int>(std::max<Index>(0, out.setRows - 1)));
        }
        thumbnail_->setPixmap(out.sample.isNull() ? QPixmap()
                                                  : QPixmap::fromImage(out.sample.scaled(
                                                        kThumbnail, kThumbnail, Qt::KeepAspectRatio,
                                                        Qt::FastTransformation)));
        sampleText_->setText(out.sampleText);
        const QString name = QString::fromStdString(out.name);
        const QString shape = QString::fromStdString(miniflow::shapeText(out.shape));
        const auto dims = miniflow::imageDims(out.shape);
        if (!dims || out.value.cols() != dims->size()) {
            tiles_->clear();
            scaleLabel_->clear();
            caption_->setText(tr("<b>%1</b> gives %2: not an image. Select a node whose output "
                                 "is C x H x W (an image Input, a convolution, a pooling...).")
                                  .arg(name.toHtmlEscaped(), shape));
        } else {
            const Index channels = std::min<Index>(dims->channels, kMaxTiles);
            const Index area = dims->height * dims->width;
            scale_ = TileScale::fitting(out.value.data(), channels * area);
            std::vector<TileGrid::Tile> tiles;
            for (Index c = 0; c < channels; ++c)
                tiles.push_back(
                    {tileImage(out.value.data() + c * area, dims->height, dims->width, scale_),
                     QString::number(c)});
            tiles_->setTiles(std::move(tiles));
            const QString count =
                dims->channels == 1 ? tr("1 channel") : tr("%1 channels").arg(dims->channels);
            caption_->setText(tr("<b>%1</b> · %2 · %3 of %4 x %5%6")
                                  .arg(name.toHtmlEscaped(), shape, count)
                                  .arg(dims->height)
                                  .arg(dims->width)
                                  .arg(channels < dims->channels
                                           ? tr(" (first %1 shown)").arg(channels)
                                           : QString()));
            scaleLabel_->setText(tr("Colours: %1.").arg(scale_.describe()));
        }
    }
    emit updated();
    if (pending_)
        request();
}

void FeatureMapPanel::showMessage(const QString& text) {
    message_->setText(text.isEmpty()
                          ? QString()
                          : "<span style='color:#c00'>" + text.toHtmlEscaped() + "</span>");
    message_->setVisible(!text.isEmpty());
}

QString FeatureMapPanel::captionText() const {
    return caption_->text();
}

QString FeatureMapPanel::scaleText() const {
    return scaleLabel_->text();
}
