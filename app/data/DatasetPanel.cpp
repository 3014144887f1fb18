#include "app/data/DatasetPanel.h"

#include "app/data/BindDatasetCommand.h"
#include "app/data/DataFolder.h"
#include "app/data/DatasetPreviewView.h"
#include "app/data/PreviewLoader.h"
#include "app/data/ScaleHint.h"
#include "app/data/pages/CsvPage.h"
#include "app/data/pages/FolderPage.h"
#include "app/data/pages/GeneratedPage.h"
#include "app/document/GraphDocument.h"
#include "ops/OpRegistry.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>

using miniflow::DatasetSpec;

namespace {

/// An Input node, asked of the op registry (never its kind string).
bool isInputNode(const miniflow::Node& node) {
    const miniflow::OpInfo* info = miniflow::findOp(node.op);
    return info && info->source == miniflow::SourceKind::Input;
}

const char* const kNormalizations[][2] = {{"none", "None"},
                                          {"standardize", "Standardize (mean 0, std 1)"},
                                          {"minmax", "Scale to 0..1"},
                                          {"per_channel", "Per channel (images)"}};
/// Wider than this, the choices and the preview sit side by side.
constexpr int kTwoColumnWidth = 620;
/// The choices' column stays a compact form.
constexpr int kFormWidth = 330;

QString joinNames(const std::vector<std::string>& names, size_t shown) {
    QStringList list;
    for (size_t i = 0; i < std::min(names.size(), shown); ++i)
        list << QString::fromStdString(names[i]);
    if (names.size() > shown)
        list << QStringLiteral("…");
    return list.join(QStringLiteral(", "));
}

QString fitToolTip() {
    return DatasetPanel::tr(
        "Set the Inputs' feature counts (and image shape) to the dataset's; undoable");
}

} // namespace

DatasetPanel::DatasetPanel(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
    generated_ = new GeneratedPage(this);
    csv_ = new CsvPage(this);
    idx_ = new FolderPage(QStringLiteral("mnist"), tr("Open images file…"),
                          tr("Type an IDX folder's path or open its images file."), this);
    cifar_ = new FolderPage(QStringLiteral("cifar10"), tr("Choose folder…"),
                            tr("Type the CIFAR-10 batch folder's path or choose it."), this);
    source_ = new QComboBox(this);
    source_->setObjectName("datasetSource"); // names: scripts find controls (headless/WidgetMap.h)
    pages_ = new QStackedWidget(this);
    const std::pair<SourcePage*, QString> pages[] = {{generated_, tr("Generated")},
                                                     {csv_, tr("CSV file")},
                                                     {idx_, tr("IDX images (MNIST-style)")},
                                                     {cifar_, tr("CIFAR-10 batches")}};
    for (const auto& [page, label] : pages) {
        source_->addItem(label, page->source());
        pages_->addWidget(page);
        connect(page, &SourcePage::edited, this, [this] {
            fitAllOnLoad_ = true;
            onEdited();
        });
    }
    connect(csv_, &CsvPage::browseRequested, this, &DatasetPanel::browseCsv);
    connect(idx_, &FolderPage::browseRequested, this, &DatasetPanel::browseIdx);
    connect(cifar_, &FolderPage::browseRequested, this, &DatasetPanel::browseCifar);
    previewView_ = new DatasetPreviewView(this);
    loader_ = new PreviewLoader(this);
    connect(loader_, &PreviewLoader::loaded, this, &DatasetPanel::showPreview);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* choices = new QWidget(this);
    auto* left = new QVBoxLayout(choices);
    left->setContentsMargins(0, 0, 0, 0);
    auto* sourceRow = new QFormLayout;
    sourceRow->addRow(tr("Source"), source_);
    left->addLayout(sourceRow);
    left->addWidget(pages_);
    left->addWidget(buildCommonSettings());
    left->addStretch(1);
    choices->setMaximumWidth(kFormWidth);
    auto* shown = new QWidget(this);
    auto* right = new QVBoxLayout(shown);
    right->setContentsMargins(0, 0, 0, 0);
    right->addWidget(status_);
    scaleHint_ = new ScaleHint(this);
    right->addWidget(scaleHint_);
    connect(scaleHint_, &ScaleHint::normalizeRequested, this, [this](const QString& kind) {
        normalization_->setCurrentIndex(normalization_->findData(kind));
    });
    right->addWidget(buildBindingSection());
    right->addWidget(previewView_);
    right->addStretch(1);
    columns_ = new QBoxLayout(QBoxLayout::TopToBottom, this);
    columns_->addWidget(choices, 0, Qt::AlignTop);
    columns_->addWidget(shown, 1);

    connect(source_, &QComboBox::activated, this, [this](int index) {
        pages_->setCurrentIndex(index);
        fitAllOnLoad_ = true;
        onEdited();
    });
    connect(document_, &GraphDocument::datasetChanged, this,
            &DatasetPanel::onDocumentDatasetChanged);
    connect(document_, &GraphDocument::graphReplaced, this, &DatasetPanel::onGraphReplaced);
    for (auto signal :
         {&GraphDocument::nodeAdded, &GraphDocument::nodeRemoved, &GraphDocument::nodeChanged})
        connect(document_, signal, this, &DatasetPanel::refreshBinding);
    connect(document_, &GraphDocument::structureLockChanged, this, &DatasetPanel::refreshBinding);
    onGraphReplaced();
}

DatasetPanel::~DatasetPanel() = default;

bool DatasetPanel::isLoading() const {
    return loader_->busy();
}

void DatasetPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    columns_->setDirection(event->size().width() >= kTwoColumnWidth ? QBoxLayout::LeftToRight
                                                                    : QBoxLayout::TopToBottom);
}

QWidget* DatasetPanel::buildCommonSettings() {
    auto* box = new QGroupBox(tr("Preparation"), this);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    validation_ = new QDoubleSpinBox(box);
    validation_->setObjectName("validationFraction");
    validation_->setRange(0, 0.9);
    validation_->setSingleStep(0.05);
    validation_->setToolTip(
        tr("Share of the training rows held out to measure validation loss and accuracy"));
    normalization_ = new QComboBox(box);
    for (const auto& [key, label] : kNormalizations)
        normalization_->addItem(tr(label), QString::fromLatin1(key));
    seed_ = new QSpinBox(box);
    seed_->setRange(0, 1000000);
    seed_->setToolTip(tr("Seed of the generated data and of the validation split"));
    validation_->setKeyboardTracking(false);
    seed_->setKeyboardTracking(false);
    form->addRow(tr("Validation"), validation_);
    form->addRow(tr("Normalize"), normalization_);
    form->addRow(tr("Seed"), seed_);
    connect(validation_, &QDoubleSpinBox::valueChanged, this, &DatasetPanel::onEdited);
    connect(normalization_, &QComboBox::currentIndexChanged, this, &DatasetPanel::onEdited);
    connect(seed_, &QSpinBox::valueChanged, this, &DatasetPanel::onEdited);
    return box;
}

QWidget* DatasetPanel::buildBindingSection() {
    auto* box = new QGroupBox(tr("Binding to Input nodes"), this);
    auto* layout = new QVBoxLayout(box);
    binding_ = new QLabel(box);
    binding_->setWordWrap(true);
    binding_->setTextFormat(Qt::RichText);
    fit_ = new QPushButton(tr("Fit Inputs to the data"), box);
    fit_->setObjectName("fitInputs");
    fit_->setToolTip(fitToolTip());
    layout->addWidget(binding_);
    layout->addWidget(fit_, 0, Qt::AlignLeft);
    connect(fit_, &QPushButton::clicked, this, &DatasetPanel::fitInputs);
    return box;
}

void DatasetPanel::browseCsv() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open CSV"), dataDialogFolder(), tr("CSV files (*.csv *.csv.gz);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDataFolder(path);
    chooseCsv(path);
}

void DatasetPanel::browseIdx() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open IDX images"), dataDialogFolder(),
                                     tr("IDX images (*idx3-ubyte *idx3-ubyte.gz);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDataFolder(path);
    chooseIdxImages(path);
}

void DatasetPanel::browseCifar() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("CIFAR-10 batch folder"), dataDialogFolder());
    if (folder.isEmpty())
        return;
    rememberDataFolder(folder);
    chooseCifarFolder(folder);
}

SourcePage* DatasetPanel::currentPage() const {
    return static_cast<SourcePage*>(pages_->currentWidget());
}

void DatasetPanel::choose(SourcePage* page, const std::function<void()>& setWidgets) {
    updating_ = true;
    source_->setCurrentIndex(pages_->indexOf(page));
    pages_->setCurrentWidget(page);
    setWidgets();
    updating_ = false;
    fitAllOnLoad_ = true;
    onEdited();
}

void DatasetPanel::chooseBuiltin(const QString& name) {
    updating_ = true;
    source_->setCurrentIndex(pages_->indexOf(generated_));
    pages_->setCurrentWidget(generated_);
    updating_ = false;
    generated_->choose(name); // emits edited(): a user's choice
}

void DatasetPanel::chooseCsv(const QString& path) {
    choose(csv_, [&] { csv_->setFile(storedPath(path)); });
}

void DatasetPanel::chooseIdxImages(const QString& imagesPath) {
    choose(idx_, [&] {
        idx_->setFolder(storedPath(QFileInfo(imagesPath).absolutePath()));
        scalePixelsByDefault();
    });
}

void DatasetPanel::chooseCifarFolder(const QString& folder) {
    choose(cifar_, [&] {
        cifar_->setFolder(storedPath(folder));
        scalePixelsByDefault();
    });
}

/// NOTE [Needs scaling]: image sets default to pixels / 255, as `miniflow train --data`.
void DatasetPanel::scalePixelsByDefault() {
    if (normalization_->currentData().toString() == QLatin1String("none"))
        normalization_->setCurrentIndex(normalization_->findData(QStringLiteral("minmax")));
}

DatasetSpec DatasetPanel::currentSpec() const {
    DatasetSpec spec;
    spec.source = currentPage()->source().toStdString();
    currentPage()->fillSpec(spec);
    spec.validationFraction = validation_->value();
    spec.normalization = normalization_->currentData().toString().toStdString();
    spec.seed = static_cast<std::uint64_t>(seed_->value());
    return spec;
}

void DatasetPanel::showSpec(const DatasetSpec& spec) {
    updating_ = true;
    const int index = std::max(source_->findData(QString::fromStdString(spec.source)), 0);
    source_->setCurrentIndex(index);
    pages_->setCurrentIndex(index);
    currentPage()->showSpec(spec);
    validation_->setValue(spec.validationFraction);
    normalization_->setCurrentIndex(
        std::max(normalization_->findData(QString::fromStdString(spec.normalization)), 0));
    seed_->setValue(static_cast<int>(spec.seed));
    updating_ = false;
}

void DatasetPanel::onEdited() {
    if (updating_)
        return;
    const QString missing = currentPage()->missing();
    if (!missing.isEmpty()) {
        showStatus(missing, false);
        return;
    }
    requestPreview(currentSpec());
}

/// A graph without a dataset gets the one the panel shows (NOTE [Binding at once]); the
/// Inputs of an opened graph stay as saved.
void DatasetPanel::onGraphReplaced() {
    settled_ = inputKeys();
    fitAllOnLoad_ = false;
    // The bindings name the old graph's Input nodes: a queued autoFit() or the Fit button
    // would look them up in the new one.
    refreshBinding();
    const DatasetSpec& spec = document_->file().dataset;
    if (spec.source == "none") {
        onEdited();
        return;
    }
    showSpec(spec);
    requestPreview(spec);
}

void DatasetPanel::onDocumentDatasetChanged() {
    const DatasetSpec& spec = document_->file().dataset;
    if (spec == requested_ || spec.source == "none")
        return; // our own write, nothing new, or a new graph (onGraphReplaced chooses)
    showSpec(spec);
    requestPreview(spec);
}

/// Loads off the GUI thread; only the latest request's result is shown.
void DatasetPanel::requestPreview(const DatasetSpec& spec) {
    requested_ = spec;
    showStatus(tr("Loading…"), false);
    loader_->load(spec, baseFolder());
}

void DatasetPanel::showPreview(const DatasetPreview& preview) {
    preview_ = preview;
    scaleHint_->showFor(preview);
    previewView_->showPreview(preview);
    if (!preview.ok()) {
        fitAllOnLoad_ = false;
        showStatus(preview.error, true);
    } else {
        QString text = tr("%1 training rows, %2 validation rows")
                           .arg(preview.trainRows)
                           .arg(preview.validationRows);
        if (preview.testRows > 0)
            text += tr(", %1 test rows").arg(preview.testRows);
        text += tr("; %1 features; ").arg(preview.featureCount);
        text += preview.classes > 0 ? tr("%1 classes").arg(preview.classes)
                                    : tr("regression (%1 targets)").arg(preview.targetCount);
        showStatus(text, false);
        if (!(preview.spec == document_->file().dataset))
            document_->setDataset(preview.spec);
        if (std::exchange(fitAllOnLoad_, false))
            settled_.clear(); // a user's choice: every Input follows the new data
    }
    refreshBinding();
    emit previewLoaded();
    if (preview.ok() && preview.spec.source == csv_->source().toStdString())
        csv_->showPreview(preview); // may turn classification on, which loads again
}

void DatasetPanel::showStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

QString DatasetPanel::statusText() const {
    return status_->text();
}

void DatasetPanel::refreshBinding() {
    bindings_.clear();
    if (preview_.ok() && preview_.featureCount > 0)
        bindings_ = bindDataset(document_->graph(), preview_.featureCount, preview_.sampleDims,
                                preview_.targetCount);
    QStringList lines{bindingsHtml(bindings_)};
    if (!bindings_.empty() && !preview_.featureNames.empty())
        lines << tr("features: %1").arg(joinNames(preview_.featureNames, 8).toHtmlEscaped());
    if (preview_.classes > 0 && !preview_.classNames.empty())
        lines << tr("classes: %1").arg(joinNames(preview_.classNames, 10).toHtmlEscaped());
    binding_->setText(lines.join(QStringLiteral("<br>")));
    const bool fixable = std::any_of(bindings_.begin(), bindings_.end(), [](const InputBinding& b) {
        return b.input.valid() && !b.fits();
    });
    const bool locked = document_->structureLocked();
    fit_->setEnabled(fixable && !locked);
    fit_->setToolTip(locked ? document_->structureLockReason() : fitToolTip());
    // Pushing now could land inside another command's redo (a node being added): later.
    if (!bindings_.empty() && !std::exchange(autoFitQueued_, true))
        QTimer::singleShot(0, this, &DatasetPanel::autoFit);
}

std::set<DatasetPanel::InputKey> DatasetPanel::inputKeys() const {
    std::set<InputKey> keys;
    for (const miniflow::Node& node : document_->graph().nodes())
        if (isInputNode(node))
            keys.insert({node.id, miniflow::stringAttribute(node.attributes, "role", "features")});
    return keys;
}

void DatasetPanel::autoFit() {
    autoFitQueued_ = false;
    if (document_->structureLocked() || !preview_.ok() || !(preview_.spec == requested_))
        return; // fitted once unlocked, or once the latest choice loaded
    std::vector<BindDatasetCommand::Change> changes;
    for (const InputBinding& b : bindings_) {
        if (!b.input.valid() || b.fits() || settled_.count({b.input, b.role}))
            continue;
        const nlohmann::json& before = document_->graph().find(b.input)->attributes;
        changes.push_back({b.input, before, b.fitted(before)});
    }
    settled_ = inputKeys();
    if (!changes.empty())
        document_->undoStack()->push(new BindDatasetCommand(document_, std::move(changes)));
}

bool DatasetPanel::bindingFits() const {
    return !bindings_.empty() &&
           std::all_of(bindings_.begin(), bindings_.end(), [](const auto& b) { return b.fits(); });
}

bool DatasetPanel::fitInputs() {
    if (document_->structureLocked()) {
        showStatus(tr("Cannot change the Inputs now: %1").arg(document_->structureLockReason()),
                   true);
        return false;
    }
    std::vector<BindDatasetCommand::Change> changes;
    for (const InputBinding& b : bindings_) {
        if (!b.input.valid() || b.fits())
            continue;
        const nlohmann::json& before = document_->graph().find(b.input)->attributes;
        changes.push_back({b.input, before, b.fitted(before)});
    }
    if (changes.empty())
        return false;
    return document_->push(new BindDatasetCommand(document_, changes));
}

std::string DatasetPanel::baseFolder() const {
    return dataBaseFolder(document_->path()).toStdString();
}

/// Relative to the graph file's folder when the data lies inside it, else absolute.
QString DatasetPanel::storedPath(const QString& absolutePath) const {
    const QString documentPath = document_->path();
    if (documentPath.isEmpty() || documentPath.startsWith(QLatin1Char(':')))
        return absolutePath;
    const QString relative = QFileInfo(documentPath).absoluteDir().relativeFilePath(absolutePath);
    return relative.startsWith(QLatin1String("..")) ? absolutePath : relative;
}
