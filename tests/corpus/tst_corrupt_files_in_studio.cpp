// The studio with the malformed corpus: opening a corrupt project is refused with the
// reader's message (file and position) in a dialog and the open project stays exactly as it
// was; a corrupt dataset shows its error in the dataset panel and never reaches the document.
#include "MalformedCorpus.h"

#include "app/MainWindow.h"
#include "app/data/DatasetPanel.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/document/SetTrainingConfigCommand.h"

#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

namespace {

const std::string kFolder = MINIFLOW_CORPUS_DIR;

/// The outcome the corpus expects from `reader` for `file`, Either when it names none.
miniflow::corpus::Outcome expected(const miniflow::corpus::CorpusFile& file,
                                   const std::string& reader) {
    for (const miniflow::corpus::Expectation& e : file.expect)
        if (e.reader == reader)
            return e.outcome;
    return miniflow::corpus::Outcome::Either;
}

QString corpusPath(const miniflow::corpus::CorpusFile& file) {
    return QString::fromStdString(kFolder + "/" + file.name);
}

/// Opens the spiral example and edits it (unsaved), as a user's work in progress.
void openWorkInProgress(MainWindow& window) {
    QString error;
    QVERIFY2(window.openExample("spiral", &error), qPrintable(error));
    miniflow::TrainingConfig config = window.document()->file().training;
    config.learningRate = 0.123;
    QVERIFY(window.document()->push(new SetTrainingConfigCommand(window.document(), config)));
    QVERIFY(window.document()->isModified());
}

} // namespace

class TestCorruptFilesInStudio : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        Q_INIT_RESOURCE(resources);
        QStandardPaths::setTestModeEnabled(true);
        std::filesystem::remove_all(kFolder);
        files_ = miniflow::corpus::writeCorpus(kFolder);
    }

    void corruptProjectsLeaveTheOpenProjectUntouched();
    void corruptProjectErrorIsShownInADialog();
    void corruptCsvFilesShowTheirErrorInThePanel();

  private:
    std::vector<miniflow::corpus::CorpusFile> files_;
};

void TestCorruptFilesInStudio::corruptProjectsLeaveTheOpenProjectUntouched() {
    MainWindow window;
    openWorkInProgress(window);
    int refused = 0, opened = 0;
    for (const miniflow::corpus::CorpusFile& file : files_) {
        const miniflow::corpus::Outcome outcome = expected(file, "graph");
        if (file.name.rfind("graph-", 0) != 0 || outcome == miniflow::corpus::Outcome::Either)
            continue;
        const miniflow::GraphFile before = window.document()->file();
        const QString beforePath = window.document()->path();
        QString error;
        const bool ok = window.openFile(corpusPath(file), &error);
        if (outcome == miniflow::corpus::Outcome::Error) {
            QVERIFY2(!ok, file.name.c_str());
            QVERIFY2(error.contains(corpusPath(file)), qPrintable(error));
            QVERIFY2(window.document()->file() == before, file.name.c_str());
            QCOMPARE(window.document()->path(), beforePath);
            QVERIFY2(window.document()->isModified(), file.name.c_str());
            ++refused;
        } else { // readable files open (the editor shows any graph problem on the canvas)
            QVERIFY2(ok, qPrintable(QString::fromStdString(file.name) + ": " + error));
            openWorkInProgress(window);
            ++opened;
        }
    }
    qInfo("%d corrupt projects refused with the project kept, %d readable ones opened", refused,
          opened);
    QVERIFY(refused >= 50);
    window.document()->markSaved();
}

void TestCorruptFilesInStudio::corruptProjectErrorIsShownInADialog() {
    MainWindow window;
    openWorkInProgress(window);
    window.show();
    QVERIFY(window.openFile(QString::fromStdString(kFolder + "/graph-good.json")));
    QVERIFY(!window.openFile(QString::fromStdString(kFolder + "/graph-version-999.json")));
    auto* box = window.findChild<QMessageBox*>();
    QVERIFY(box && box->isVisible());
    QVERIFY2(box->text().contains(
                 "graph-version-999.json: at /version: the file was written by a newer MiniFlow"),
             qPrintable(box->text()));
    box->close();
    window.document()->markSaved();
}

void TestCorruptFilesInStudio::corruptCsvFilesShowTheirErrorInThePanel() {
    GraphDocument document;
    document.load(ProjectFiles::read(QStringLiteral(":/examples/spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    const miniflow::GraphFile before = document.file();
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    int shown = 0;
    for (const miniflow::corpus::CorpusFile& file : files_) {
        if (expected(file, "csv") != miniflow::corpus::Outcome::Error ||
            expected(file, "csv-classes") != miniflow::corpus::Outcome::Error)
            continue;
        panel.chooseCsv(corpusPath(file));
        QTRY_VERIFY2_WITH_TIMEOUT(!panel.isLoading(), file.name.c_str(), 5000);
        QVERIFY2(panel.hasError(), file.name.c_str());
        QVERIFY2(panel.statusText().contains(QString::fromStdString(file.name)),
                 qPrintable(panel.statusText()));
        QVERIFY2(document.file() == before, file.name.c_str());
        ++shown;
    }
    qInfo("%d corrupt CSV files: error shown in the dataset panel, document unchanged", shown);
    QVERIFY(shown >= 40);
}

QTEST_MAIN(TestCorruptFilesInStudio)
#include "tst_corrupt_files_in_studio.moc"
