// File -> Export in the studio: the menu entries exist in the main window, an export writes
// what the core exporter writes, and a failure comes back as a message naming the target.
#include "app/MainWindow.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/window/ExportActions.h"
#include "app/window/FolderDialog.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
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
        QVERIFY(entries.size() >= 2); // pictures and metrics follow (tst_studio_exports)
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

    /// "Export to PyTorch: choose or create a folder" takes a typed new name and makes it.
    void folderDialogAcceptsANewName() {
        QTemporaryDir dir;
        FolderDialog dialog(nullptr, "Export", dir.path());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* name = dialog.findChild<QLineEdit*>("fileNameEdit");
        QVERIFY(name);
        QPushButton* choose =
            dialog.findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Open);
        QTest::keyClicks(name, "new-model");
        QTRY_VERIFY(choose->isEnabled());
        QTest::mouseClick(choose, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.folder(), QDir(dir.path()).filePath("new-model"));
        QVERIFY(QFileInfo(dialog.folder()).isDir());
        QVERIFY(dialog.created());
    }

    void folderDialogChoosesAnExistingFolder() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("old"));
        FolderDialog dialog(nullptr, "Export", dir.path());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* name = dialog.findChild<QLineEdit*>("fileNameEdit");
        QTest::keyClicks(name, "old");
        QPushButton* choose =
            dialog.findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Open);
        QTRY_VERIFY(choose->isEnabled());
        QTest::mouseClick(choose, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.folder(), QDir(dir.path()).filePath("old"));
        QVERIFY(!dialog.created());
    }
};

QTEST_MAIN(TestExportActions)
#include "tst_export_actions.moc"
