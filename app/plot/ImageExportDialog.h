#pragma once
#include "app/plot/ImageExport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

/// Asks where and how to write a picture (NOTE [Image exports]): file, format (PNG, SVG,
/// PDF; the suffix follows), width and height in pixels, PNG resolution in dpi, and for the
/// canvas whether to keep the live gradient colours and their legend. Widgets are named
/// "path", "format", "width", "height", "dpi", "liveColours" for tests.
class ImageExportDialog : public QDialog {
    Q_OBJECT
  public:
    /// `formats`: the suffixes offered, in order ("png", "svg", "pdf").
    ImageExportDialog(const QString& title, const ImageExportOptions& initial,
                      const QStringList& formats, bool canvasOptions, QWidget* parent = nullptr);
    ImageExportOptions options() const;

    /// The folder pictures were last exported to (QSettings), or the home folder.
    static QString lastFolder();
    static void rememberFolder(const QString& path);

  private:
    void formatChosen();
    void browse();

    QStringList formats_;
    QLineEdit* path_;
    QComboBox* format_;
    QSpinBox* width_;
    QSpinBox* height_;
    QSpinBox* dpi_;
    QCheckBox* liveColours_ = nullptr;
};
