#include "app/window/ExportActions.h"

#include "app/document/GraphDocument.h"
#include "app/window/FolderDialog.h"
#include "export/TorchExport.h"
#include "onnxio/OnnxExport.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>

ExportActions::ExportActions(QMenu* menu, GraphDocument* document, QWidget* window)
    : QObject(window), document_(document), window_(window) {
    QMenu* submenu = menu->addMenu(tr("&Export"));
    submenu->setObjectName("exportMenu");
    menu_ = submenu;
    submenu->addAction(tr("&PyTorch Folder..."), this, [this] { chooseAndExport(Target::PyTorch); })
        ->setObjectName("exportPyTorchAction");
    submenu->addAction(tr("&ONNX Model..."), this, [this] { chooseAndExport(Target::Onnx); })
        ->setObjectName("exportOnnxAction");
}

QString ExportActions::exportTo(Target target, const QString& path) const {
    // Relative dataset paths resolve against the graph file's folder (the working folder
    // for a graph never saved).
    const QString graphPath = document_->path().isEmpty() || document_->path().startsWith(":")
                                  ? QDir::current().filePath("untitled.json")
                                  : document_->path();
    try {
        if (target == Target::PyTorch)
            miniflow::exportPyTorch(document_->file(), graphPath.toStdString(), path.toStdString());
        else
            miniflow::exportOnnx(document_->file(), path.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void ExportActions::chooseAndExport(Target target) {
    const QString base = document_->path().isEmpty() || document_->path().startsWith(":")
                             ? QDir::homePath()
                             : QFileInfo(document_->path()).absolutePath();
    bool created = false;
    const QString path =
        target == Target::PyTorch
            ? FolderDialog::choose(window_, tr("Export to PyTorch: choose or create a folder"),
                                   base, &created)
            : QFileDialog::getSaveFileName(window_, tr("Export to ONNX"),
                                           QDir(base).filePath("model.onnx"),
                                           tr("ONNX models (*.onnx)"));
    if (path.isEmpty())
        return;
    const QString error = exportTo(target, path);
    if (!error.isEmpty()) {
        if (created)
            QDir().rmdir(path); // the folder made for this export, if it stayed empty
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                            tr("The graph could not be exported to %1:\n\n%2").arg(path, error),
                            QMessageBox::Ok, window_);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    emit exported(target == Target::PyTorch
                      ? tr("Exported model.py, train.py and parameters/ to %1").arg(path)
                      : tr("Exported the ONNX model %1").arg(path));
}
