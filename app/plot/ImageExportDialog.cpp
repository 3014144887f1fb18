#include "app/plot/ImageExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace {
const char* kFolderKey = "exports/imageFolder";
}

ImageExportDialog::ImageExportDialog(const QString& title, const ImageExportOptions& initial,
                                     const QStringList& formats, bool canvasOptions,
                                     QWidget* parent)
    : QDialog(parent), formats_(formats), path_(new QLineEdit(this)), format_(new QComboBox(this)),
      width_(new QSpinBox(this)), height_(new QSpinBox(this)), dpi_(new QSpinBox(this)) {
    setWindowTitle(title);
    setMinimumWidth(480); // room for a path
    path_->setObjectName("path");
    format_->setObjectName("format");
    width_->setObjectName("width");
    height_->setObjectName("height");
    dpi_->setObjectName("dpi");
    for (const QString& f : formats)
        format_->addItem(f.toUpper(), f);
    for (QSpinBox* side : {width_, height_}) {
        side->setRange(16, 20000);
        side->setSuffix(tr(" px"));
    }
    width_->setValue(initial.size.width());
    height_->setValue(initial.size.height());
    dpi_->setRange(24, 1200);
    dpi_->setSingleStep(24);
    dpi_->setSuffix(tr(" dpi"));
    dpi_->setValue(initial.dpi);
    dpi_->setToolTip(tr("PNG pixel density: 96 dpi is the screen's size, 192 dpi doubles the "
                        "pixels, 300 dpi suits print"));
    path_->setText(initial.path);
    const int at = formats.indexOf(QFileInfo(initial.path).suffix().toLower());
    format_->setCurrentIndex(at >= 0 ? at : 0);

    auto* browse = new QPushButton(tr("Browse..."), this);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(path_, 1);
    fileRow->addWidget(browse);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(width_);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(height_);
    auto* form = new QFormLayout(this);
    form->addRow(tr("File"), fileRow);
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Size"), sizeRow);
    form->addRow(tr("Resolution"), dpi_);
    if (canvasOptions) {
        liveColours_ = new QCheckBox(tr("Live gradient colours and legend"), this);
        liveColours_->setObjectName("liveColours");
        liveColours_->setChecked(initial.liveColours);
        liveColours_->setToolTip(tr("Off: every edge drawn plain grey, no legend"));
        form->addRow(QString(), liveColours_);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ImageExportDialog::browse);
    connect(format_, &QComboBox::currentIndexChanged, this, &ImageExportDialog::formatChosen);
    formatChosen();
}

/// The suffix follows the format; the resolution applies to PNG only.
void ImageExportDialog::formatChosen() {
    const QString suffix = format_->currentData().toString();
    QString path = path_->text();
    const QFileInfo info(path);
    if (!path.isEmpty() && info.suffix().toLower() != suffix)
        path_->setText(QDir(info.path()).filePath(info.completeBaseName() + "." + suffix));
    dpi_->setEnabled(suffix == "png");
}

void ImageExportDialog::browse() {
    QStringList filters;
    for (const QString& f : formats_)
        filters << tr("%1 pictures (*.%2)").arg(f.toUpper(), f);
    const QString chosen =
        QFileDialog::getSaveFileName(this, windowTitle(), path_->text(), filters.join(";;"),
                                     nullptr); // the suffix typed picks the format
    if (chosen.isEmpty())
        return;
    path_->setText(chosen);
    const int at = formats_.indexOf(QFileInfo(chosen).suffix().toLower());
    if (at >= 0)
        format_->setCurrentIndex(at);
    else
        formatChosen();
}

ImageExportOptions ImageExportDialog::options() const {
    ImageExportOptions o;
    o.path = path_->text();
    o.size = QSize(width_->value(), height_->value());
    o.dpi = dpi_->value();
    o.liveColours = !liveColours_ || liveColours_->isChecked();
    return o;
}

QString ImageExportDialog::lastFolder() {
    const QString folder = QSettings().value(kFolderKey).toString();
    return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

void ImageExportDialog::rememberFolder(const QString& path) {
    QSettings().setValue(kFolderKey, QFileInfo(path).absolutePath());
}
