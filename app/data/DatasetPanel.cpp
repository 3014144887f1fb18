#include "app/data/DatasetPanel.h"

#include "app/data/BindDatasetCommand.h"
#include "app/data/DataFolder.h"
#include "app/data/DatasetPreviewView.h"
#include "app/data/PreviewLoader.h"
#include "app/data/ScaleHint.h"
#include "app/document/GraphDocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <functional>

using miniflow::DatasetSpec;

namespace {

const char* const kSources[][2] = {{"builtin", "Generated"},
                                   {"csv", "CSV file"},
                                   {"mnist", "IDX images (MNIST-style folder)"},
                                   {"cifar10", "CIFAR-10 batches"}};
const char* const kBuiltins[] = {"spiral", "circle", "xor", "gaussians", "regression1d"};
const char* const kNormalizations[][2] = {{"none", "None"},
                                          {"standardize", "Standardize (mean 0, std 1)"},
                                          {"minmax", "Scale to 0..1"},
                                          {"per_channel", "Per channel (images)"}};

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
    auto* layout = new QVBoxLayout(this);
    source_ = new QComboBox(this);
    source_->setObjectName("datasetSource"); // names: scripts find controls (headless/WidgetMap.h)
    for (const auto& [key, label] : kSources)
        source_->addItem(tr(label), QString::fromLatin1(key));
    pages_ = new QStackedWidget(this);
    pages_->addWidget(buildBuiltinPage());
    pages_->addWidget(buildCsvPage());
    pages_->addWidget(buildFolderPage(idxPath_, tr("Open images file…"), &DatasetPanel::browseIdx));
    pages_->addWidget(
        buildFolderPage(cifarPath_, tr("Choose folder…"), &DatasetPanel::browseCifar));
    previewView_ = new DatasetPreviewView(this);
    loader_ = new PreviewLoader(this);
    connect(loader_, &PreviewLoader::loaded, this, &DatasetPanel::showPreview);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(source_);
    layout->addWidget(pages_);
    layout->addWidget(previewView_);
    layout->addWidget(buildCommonSettings());
    layout->addWidget(status_);
    scaleHint_ = new ScaleHint(this);
    layout->addWidget(scaleHint_);
    connect(scaleHint_, &ScaleHint::normalizeRequested, this, [this](const QString& kind) {
        normalization_->setCurrentIndex(normalization_->findData(kind));
    });
    layout->addWidget(buildBindingSection());
    layout->addStretch(1);
    connect(source_, &QComboBox::currentIndexChanged, this, [this](int index) {
        pages_->setCurrentIndex(index);
        onEdited();
    });
    connect(document_, &GraphDocument::datasetChanged, this,
            &DatasetPanel::onDocumentDatasetChanged);
    connect(document_, &GraphDocument::graphReplaced, this, [this] {
        showSpec(document_->file().dataset);
        requestPreview(document_->file().dataset);
    });
    for (auto signal :
         {&GraphDocument::nodeAdded, &GraphDocument::nodeRemoved, &GraphDocument::nodeChanged})
        connect(document_, signal, this, &DatasetPanel::refreshBinding);
    connect(document_, &GraphDocument::structureLockChanged, this, &DatasetPanel::refreshBinding);
    showSpec(document_->file().dataset);
    requestPreview(document_->file().dataset);
}

DatasetPanel::~DatasetPanel() = default;

bool DatasetPanel::isLoading() const {
    return loader_->busy();
}

QWidget* DatasetPanel::buildBuiltinPage() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    builtinName_ = new QComboBox(page);
    builtinName_->setObjectName("datasetSet");
    for (const char* name : kBuiltins)
        builtinName_->addItem(QString::fromLatin1(name));
    samples_ = new QSpinBox(page);
    samples_->setRange(10, 1000000);
    samples_->setSingleStep(100);
    noise_ = new QDoubleSpinBox(page);
    noise_->setRange(0, 1);
    noise_->setSingleStep(0.05);
    classes_ = new QSpinBox(page);
    classes_->setRange(2, 10);
    form->addRow(tr("Set"), builtinName_);
    form->addRow(tr("Samples"), samples_);
    form->addRow(tr("Noise"), noise_);
    form->addRow(tr("Classes"), classes_);
    connect(builtinName_, &QComboBox::currentIndexChanged, this, &DatasetPanel::onEdited);
    connect(samples_, &QSpinBox::valueChanged, this, &DatasetPanel::onEdited);
    connect(noise_, &QDoubleSpinBox::valueChanged, this, &DatasetPanel::onEdited);
    connect(classes_, &QSpinBox::valueChanged, this, &DatasetPanel::onEdited);
    return page;
}

QWidget* DatasetPanel::buildCsvPage() {
    auto* page = buildFolderPage(csvPath_, tr("Open CSV…"), &DatasetPanel::browseCsv);
    auto* form = static_cast<QFormLayout*>(page->layout());
    target_ = new QComboBox(page);
    classification_ = new QCheckBox(tr("Classification (target holds class indices 0..K-1)"), page);
    form->addRow(tr("Target column"), target_);
    form->addRow(classification_);
    connect(target_, &QComboBox::currentIndexChanged, this, &DatasetPanel::onEdited);
    connect(classification_, &QCheckBox::toggled, this, &DatasetPanel::onEdited);
    return page;
}

QWidget* DatasetPanel::buildFolderPage(QLineEdit*& path, const QString& button,
                                       void (DatasetPanel::*browse)()) {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    auto* row = new QHBoxLayout;
    path = new QLineEdit(page);
    path->setReadOnly(true);
    auto* open = new QPushButton(button, page);
    row->addWidget(path, 1);
    row->addWidget(open);
    form->addRow(tr("Path"), row);
    connect(open, &QPushButton::clicked, this, browse);
    return page;
}

QWidget* DatasetPanel::buildCommonSettings() {
    auto* box = new QGroupBox(tr("Preparation"), this);
    auto* form = new QFormLayout(box);
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
    form->addRow(tr("Validation fraction"), validation_);
    form->addRow(tr("Normalization"), normalization_);
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
        this, tr("Open CSV"), {}, tr("CSV files (*.csv *.csv.gz);;All files (*)"));
    if (!path.isEmpty())
        chooseCsv(path);
}

void DatasetPanel::browseIdx() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open IDX images"), {},
                                     tr("IDX images (*idx3-ubyte *idx3-ubyte.gz);;All files (*)"));
    if (!path.isEmpty())
        chooseIdxImages(path);
}

void DatasetPanel::browseCifar() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("CIFAR-10 batch folder"));
    if (!folder.isEmpty())
        chooseCifarFolder(folder);
}

void DatasetPanel::choose(int page, const std::function<void()>& setWidgets) {
    updating_ = true;
    source_->setCurrentIndex(page);
    pages_->setCurrentIndex(page);
    setWidgets();
    updating_ = false;
    onEdited();
}

void DatasetPanel::chooseBuiltin(const QString& name) {
    choose(0, [&] { builtinName_->setCurrentText(name); });
}

void DatasetPanel::chooseCsv(const QString& path) {
    choose(1, [&] {
        csvPath_->setText(storedPath(path));
        target_->clear(); // the new file's last column until its columns are known
        classification_->setChecked(false);
    });
}

void DatasetPanel::chooseIdxImages(const QString& imagesPath) {
    choose(2, [&] {
        idxPath_->setText(storedPath(QFileInfo(imagesPath).absolutePath()));
        scalePixelsByDefault();
    });
}

void DatasetPanel::chooseCifarFolder(const QString& folder) {
    choose(3, [&] {
        cifarPath_->setText(storedPath(folder));
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
    spec.source = source_->currentData().toString().toStdString();
    if (spec.source == "builtin") {
        spec.name = builtinName_->currentText().toStdString();
        spec.samples = samples_->value();
        spec.noise = noise_->value();
        spec.classes = classes_->value();
    } else if (spec.source == "csv") {
        spec.path = csvPath_->text().toStdString();
        spec.target = target_->currentText().toStdString();
        spec.classification = classification_->isChecked();
    } else {
        spec.path = (spec.source == "mnist" ? idxPath_ : cifarPath_)->text().toStdString();
    }
    spec.validationFraction = validation_->value();
    spec.normalization = normalization_->currentData().toString().toStdString();
    spec.seed = static_cast<std::uint64_t>(seed_->value());
    return spec;
}

void DatasetPanel::showSpec(const DatasetSpec& spec) {
    updating_ = true;
    const int source = source_->findData(QString::fromStdString(spec.source));
    source_->setCurrentIndex(std::max(source, 0));
    pages_->setCurrentIndex(std::max(source, 0));
    if (!spec.name.empty())
        builtinName_->setCurrentText(QString::fromStdString(spec.name));
    samples_->setValue(static_cast<int>(spec.samples));
    noise_->setValue(spec.noise);
    classes_->setValue(spec.classes);
    const QString path = QString::fromStdString(spec.path);
    csvPath_->setText(spec.source == "csv" ? path : QString());
    idxPath_->setText(spec.source == "mnist" ? path : QString());
    cifarPath_->setText(spec.source == "cifar10" ? path : QString());
    target_->clear();
    if (!spec.target.empty())
        target_->addItem(QString::fromStdString(spec.target));
    classification_->setChecked(spec.classification);
    validation_->setValue(spec.validationFraction);
    normalization_->setCurrentIndex(
        std::max(normalization_->findData(QString::fromStdString(spec.normalization)), 0));
    seed_->setValue(static_cast<int>(spec.seed));
    updating_ = false;
}

void DatasetPanel::onEdited() {
    if (updating_)
        return;
    classes_->setEnabled(builtinName_->currentText() == QLatin1String("spiral") ||
                         builtinName_->currentText() == QLatin1String("gaussians"));
    const DatasetSpec spec = currentSpec();
    if (spec.source != "builtin" && spec.path.empty()) {
        showStatus(tr("Choose a file or folder."), false);
        return;
    }
    requestPreview(spec);
}

void DatasetPanel::onDocumentDatasetChanged() {
    const DatasetSpec& spec = document_->file().dataset;
    if (spec == requested_)
        return; // our own write, or nothing new
    showSpec(spec);
    requestPreview(spec);
}

/// Loads on the thread pool; only the latest request's result is shown.
/// Loads off the GUI thread; only the latest request's result is shown.
void DatasetPanel::requestPreview(const DatasetSpec& spec) {
    requested_ = spec;
    if (spec.source == "none") {
        loader_->cancel();
        preview_ = DatasetPreview{};
        showStatus(tr("This graph has no dataset yet: choose one above."), false);
        refreshBinding();
        return;
    }
    if (spec.source != "builtin" && spec.path.empty()) { // the studio's words, not the CLI's
        loader_->cancel();
        preview_ = DatasetPreview{};
        preview_.spec = spec;
        preview_.error = tr("Choose a file or folder.");
        showStatus(preview_.error, true);
        refreshBinding();
        return;
    }
    showStatus(tr("Loading…"), false);
    loader_->load(spec, baseFolder());
}

void DatasetPanel::showPreview(const DatasetPreview& preview) {
    preview_ = preview;
    scaleHint_->showFor(preview);
    showCsvColumns(preview);
    previewView_->showPreview(preview);
    if (!preview.ok()) {
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
    }
    refreshBinding();
    emit previewLoaded();
    const QString file = QString::fromStdString(preview.spec.path);
    if (preview.spec.source == "csv" && preview.targetLooksCategorical &&
        !preview.spec.classification && categoricalChecked_ != file) {
        categoricalChecked_ = file;
        classification_->setChecked(true); // whole numbers 0..19: most likely class labels
    }
}

/// The target choices are the file's columns (the spec's target, else the last one).
void DatasetPanel::showCsvColumns(const DatasetPreview& preview) {
    if (preview.spec.source != "csv" || preview.csvColumns.empty())
        return;
    updating_ = true;
    target_->clear();
    for (const std::string& column : preview.csvColumns)
        target_->addItem(QString::fromStdString(column));
    const QString target = QString::fromStdString(preview.spec.target);
    target_->setCurrentIndex(target.isEmpty() ? target_->count() - 1 : target_->findText(target));
    updating_ = false;
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
