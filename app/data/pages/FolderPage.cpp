#include "app/data/pages/FolderPage.h"

#include "app/data/pages/PathField.h"

#include <QFormLayout>

FolderPage::FolderPage(const QString& source, const QString& buttonText, const QString& missingText,
                       QWidget* parent)
    : SourcePage(parent), source_(source), missingText_(missingText),
      path_(new PathField(buttonText, this)) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Folder"), path_);
    connect(path_, &PathField::entered, this, &SourcePage::edited);
    connect(path_, &PathField::browseRequested, this, &FolderPage::browseRequested);
}

void FolderPage::setFolder(const QString& path) {
    path_->setPath(path);
}

void FolderPage::showSpec(const miniflow::DatasetSpec& spec) {
    path_->setPath(QString::fromStdString(spec.path));
}

void FolderPage::fillSpec(miniflow::DatasetSpec& spec) const {
    spec.path = path_->path().toStdString();
}

QString FolderPage::missing() const {
    return path_->path().isEmpty() ? missingText_ : QString();
}
