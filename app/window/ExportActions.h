#pragma once
#include <QObject>
#include <QString>

class GraphDocument;
class QMenu;
class QWidget;

/// File -> Export: "PyTorch Folder..." and "ONNX Model...". Each asks for a target, then
/// calls the core exporter on the document's graph file (with its trained parameters, if
/// any); a failure is shown in a dialog, a success in the status bar (exported()).
class ExportActions : public QObject {
    Q_OBJECT
  public:
    enum class Target { PyTorch, Onnx };

    /// Adds the "Export" submenu to `menu`; dialogs open over `window`.
    ExportActions(QMenu* menu, GraphDocument* document, QWidget* window);

    /// Exports the document to `path` (a folder for PyTorch, a .onnx file for ONNX).
    /// Returns an empty string on success, else the error message to show.
    QString exportTo(Target target, const QString& path) const;
    /// The File > Export submenu (more exports join it).
    QMenu* menu() const { return menu_; }

  signals:
    void exported(const QString& message);

  private:
    void chooseAndExport(Target target);

    GraphDocument* document_;
    QWidget* window_;
    QMenu* menu_ = nullptr;
};
