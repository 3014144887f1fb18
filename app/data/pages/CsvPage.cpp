#include "app/data/pages/CsvPage.h"

#include "app/data/pages/PathField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSignalBlocker>

CsvPage::CsvPage(QWidget* parent)
    : SourcePage(parent), path_(new PathField(tr("Open CSV…"), this)), target_(new QComboBox(this)),
      classification_(new QCheckBox(tr("Classes (target holds 0..K-1)"), this)) {
    classification_->setToolTip(tr("The target column holds class indices 0..K-1"));
    target_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    target_->setMinimumContentsLength(10);
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("File"), path_);
    form->addRow(tr("Target"), target_);
    form->addRow(QString(), classification_);
    connect(path_, &PathField::entered, this, [this] {
        const QSignalBlocker block(target_);
        target_->clear(); // the new file's last column until its columns are known
        emit edited();
    });
    connect(path_, &PathField::browseRequested, this, &CsvPage::browseRequested);
    connect(target_, &QComboBox::activated, this, &SourcePage::edited);
    connect(classification_, &QCheckBox::toggled, this, &SourcePage::edited);
}

void CsvPage::setFile(const QString& path) {
    const QSignalBlocker b1(target_), b2(classification_);
    path_->setPath(path);
    target_->clear();
    classification_->setChecked(false);
}

void CsvPage::showSpec(const miniflow::DatasetSpec& spec) {
    const QSignalBlocker b1(target_), b2(classification_);
    path_->setPath(QString::fromStdString(spec.path));
    target_->clear();
    if (!spec.target.empty())
        target_->addItem(QString::fromStdString(spec.target));
    classification_->setChecked(spec.classification);
}

void CsvPage::fillSpec(miniflow::DatasetSpec& spec) const {
    spec.path = path_->path().toStdString();
    spec.target = target_->currentText().toStdString();
    spec.classification = classification_->isChecked();
}

QString CsvPage::missing() const {
    return path_->path().isEmpty() ? tr("Type the path of a CSV file or open one.") : QString();
}

/// The target choices are the file's columns (the spec's target, else the last one).
void CsvPage::showPreview(const DatasetPreview& preview) {
    if (preview.spec.source != "csv")
        return;
    if (!preview.csvColumns.empty()) {
        const QSignalBlocker block(target_);
        target_->clear();
        for (const std::string& column : preview.csvColumns)
            target_->addItem(QString::fromStdString(column));
        const QString target = QString::fromStdString(preview.spec.target);
        target_->setCurrentIndex(target.isEmpty() ? target_->count() - 1
                                                  : target_->findText(target));
    }
    const QString file = QString::fromStdString(preview.spec.path);
    if (preview.targetLooksCategorical && !preview.spec.classification &&
        categoricalChecked_ != file) {
        categoricalChecked_ = file;
        classification_->setChecked(true); // whole numbers 0..19: most likely class labels
    }
}
