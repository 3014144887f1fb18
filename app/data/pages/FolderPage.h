#pragma once
#include "app/data/pages/SourcePage.h"

class PathField;

/// A source that is a folder of files: MNIST-style IDX ("mnist") or CIFAR-10 batches
/// ("cifar10"). The path is typed or picked; the owner opens the dialog on browseRequested().
class FolderPage : public SourcePage {
    Q_OBJECT
  public:
    FolderPage(const QString& source, const QString& buttonText, const QString& missingText,
               QWidget* parent = nullptr);

    QString source() const override { return source_; }
    void showSpec(const miniflow::DatasetSpec& spec) override;
    void fillSpec(miniflow::DatasetSpec& spec) const override;
    QString missing() const override;

    /// Shows a newly chosen folder (stored form of its path).
    void setFolder(const QString& path);
    PathField* pathField() const { return path_; }

  signals:
    void browseRequested();

  private:
    QString source_;
    QString missingText_;
    PathField* path_;
};
