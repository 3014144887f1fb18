#pragma once
#include "app/data/pages/SourcePage.h"

class PathField;
class QCheckBox;
class QComboBox;

/// A CSV file (typed or opened): the target column (the file's columns once a preview
/// loaded; the last one by default) and whether the target holds class indices. A target
/// that looks categorical (whole numbers 0..19) turns classification on once per file.
class CsvPage : public SourcePage {
    Q_OBJECT
  public:
    explicit CsvPage(QWidget* parent = nullptr);

    QString source() const override { return QStringLiteral("csv"); }
    void showSpec(const miniflow::DatasetSpec& spec) override;
    void fillSpec(miniflow::DatasetSpec& spec) const override;
    QString missing() const override;
    void showPreview(const DatasetPreview& preview) override;

    /// Shows a newly chosen file (stored form of its path); its columns come with the preview.
    void setFile(const QString& path);
    PathField* pathField() const { return path_; }

  signals:
    void browseRequested();

  private:
    PathField* path_;
    QComboBox* target_;
    QCheckBox* classification_;
    QString categoricalChecked_; ///< file whose target was auto-detected as classes
};
