// File -> Export in the studio: the menu entries exist in the main window, an export writes
// what the core exporter writes, and a failure comes back as a message naming the target.
#include "app/MainWindow.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/window/ExportActions.h"

#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>

class TestExportActions : public QObject {
    Q_OBJECT
  private slots:
    void fileMenuOffersPyTorchAndOnnx() {
        MainWindow window;
        auto* exportMenu = window.menuBar()->findChild<QMenu*>("exportMenu");
        QVERIFY(exportMenu);
        const QList<QAction*> entries = exportMenu->actions();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0]->objectName(), QString("exportPyTorchAction"));
        QCOMPARE(entries[1]->objectName(), QString("exportOnnxAction"));
    }

    void exportWritesTheDocumentsModel() {
        GraphDocument document;
        document.load(ProjectFiles::read(ProjectFiles::examplePath("spiral")),
                      ProjectFiles::examplePath("spiral"));
        QWidget window;
        QMenu menu;
        const ExportActions actions(&menu, &document, &window);
        QTemporaryDir dir;
        QCOMPARE(actions.exportTo(ExportActions::Target::PyTorch, dir.filePath("torch")),
                 QString());
        QVERIFY(QFileInfo::exists(dir.filePath("torch/model.py")));
        QVERIFY(QFileInfo::exists(dir.filePath("torch/train.py")));
        QVERIFY(QFileInfo::exists(dir.filePath("torch/parameters/W3.npy")));
        QCOMPARE(actions.exportTo(ExportActions::Target::Onnx, dir.filePath("spiral.onnx")),
                 QString());
        QVERIFY(QFileInfo(dir.filePath("spiral.onnx")).size() > 100);
    }

    void aFailureIsReportedWithTheTarget() {
        GraphDocument document;
        document.load(ProjectFiles::read(ProjectFiles::examplePath("spiral")), {});
        QWidget window;
        QMenu menu;
        const ExportActions actions(&menu, &document, &window);
        QTemporaryDir dir;
        const QString target = dir.filePath("missing-folder/model.onnx");
        const QString error = actions.exportTo(ExportActions::Target::Onnx, target);
        QVERIFY2(error.contains(target) && error.contains("cannot write"), qPrintable(error));
    }
};

QTEST_MAIN(TestExportActions)
#include "tst_export_actions.moc"
