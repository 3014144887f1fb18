// DatasetPanel: sources load off the GUI thread, only loadable specs reach the document,
// errors stay in the panel, and a choice fits the Inputs to the data at once, as one undo
// step (NOTE [Binding at once]); typed paths load like picked ones.
#include "IdxFiles.h"
#include "app/data/DatasetPanel.h"
#include "app/data/DatasetPreviewView.h"
#include "app/data/pages/CsvPage.h"
#include "app/data/pages/PathField.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "autograd/Plan.h"
#include "io/GraphFile.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

using miniflow::GraphFile;
using miniflow::NodeId;

namespace {

using miniflow::test::writeIdx;

/// `name` is "boston.json" etc.: the example compiled into the studio's resources.
GraphFile readExample(const QString& name) {
    return ProjectFiles::read(QStringLiteral(":/examples/") + name);
}

/// A table with three features and a 0/1 class column named "kind".
QString writeCsv(const QTemporaryDir& folder, const QString& name, const QString& extraLine = {}) {
    const QString path = folder.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        qFatal("cannot write %s", qPrintable(path));
    QTextStream out(&file);
    out << "a,b,c,kind\n";
    for (int r = 0; r < 40; ++r)
        out << r << "," << r * 0.5 << "," << (r % 7) << "," << (r % 2) << "\n";
    out << extraLine;
    return path;
}

/// An MNIST-style folder with `count` 4 x 4 images per split, labels r % 10.
QString writeIdxFolder(const QTemporaryDir& folder, quint32 count) {
    QByteArray pixels, labels;
    for (quint32 r = 0; r < count; ++r) {
        for (int p = 0; p < 16; ++p)
            pixels.append(static_cast<char>((r * 16 + p) % 256));
        labels.append(static_cast<char>(r % 10));
    }
    for (const QString& split : {QStringLiteral("train"), QStringLiteral("t10k")}) {
        writeIdx(folder.filePath(split + "-images-idx3-ubyte"), 0x803, {count, 4, 4}, pixels);
        writeIdx(folder.filePath(split + "-labels-idx1-ubyte"), 0x801, {count}, labels);
    }
    return folder.filePath(QStringLiteral("train-images-idx3-ubyte"));
}

const miniflow::Node& nodeNamed(const GraphDocument& document, const std::string& name) {
    return *document.graph().findByName(name);
}

} // namespace

class DatasetPanelTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { Q_INIT_RESOURCE(resources); }
    void builtinSpiralFitsTheExample();
    void builtinChoiceReachesTheDocument();
    void csvPreviewAndFitInputsIsUndoable();
    void csvErrorLeavesTheDocumentUntouched();
    void fitIsRefusedWhileTrainingLocks();
    void idxFolderShowsImagesAndShape();
    void typedCsvPathLoads();
    void graphWithoutDatasetGetsTheShownChoice();
    void newInputIsFittedOnceAndUndoSticks();
};

void DatasetPanelTest::builtinSpiralFitsTheExample() {
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    QSignalSpy datasetChanged(&document, &GraphDocument::datasetChanged);
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(panel.isLoading());
    QVERIFY(loaded.wait(5000));
    QVERIFY2(!panel.hasError(), qPrintable(panel.statusText()));
    QCOMPARE(panel.preview().trainRows, 400);
    QCOMPARE(panel.preview().validationRows, 100);
    QVERIFY(panel.bindingFits());
    QCOMPARE(panel.bindings().front().inputName, std::string("points"));
    QCOMPARE(datasetChanged.count(), 0); // showing the document's own spec writes nothing
    QVERIFY(!panel.fitInputs());
}

void DatasetPanelTest::builtinChoiceReachesTheDocument() {
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    panel.chooseBuiltin(QStringLiteral("regression1d"));
    QVERIFY(loaded.wait(5000));
    QCOMPARE(document.file().dataset.name, std::string("regression1d"));
    QCOMPARE(panel.preview().featureCount, 1);
    // The spiral's Inputs took 2 columns and class indices; the choice fits them at once.
    QTRY_VERIFY_WITH_TIMEOUT(panel.bindingFits(), 2000);
    QCOMPARE(nodeNamed(document, "points").attributes["features"].get<int>(), 1);
    QCOMPARE(document.undoStack()->count(), 1);
    document.undoStack()->undo(); // undone stays undone: no second automatic fit
    QTest::qWait(50);
    QCOMPARE(nodeNamed(document, "points").attributes["features"].get<int>(), 2);
    QCOMPARE(document.undoStack()->count(), 1);
    QVERIFY(!panel.bindingFits());
}

void DatasetPanelTest::csvPreviewAndFitInputsIsUndoable() {
    QTemporaryDir folder;
    const QString csv = writeCsv(folder, QStringLiteral("table.csv"));
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  folder.filePath(QStringLiteral("graph.json")));
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    panel.chooseCsv(csv);
    QVERIFY(panel.isLoading()); // the file is read on the thread pool
    // First load as regression; the 0/1 target switches classification on, then reloads.
    QTRY_VERIFY_WITH_TIMEOUT(document.file().dataset.classification, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isLoading(), 5000);
    QVERIFY2(!panel.hasError(), qPrintable(panel.statusText()));
    QCOMPARE(document.file().dataset.source, std::string("csv"));
    QCOMPARE(document.file().dataset.path,
             std::string("table.csv")); // relative to the graph's folder
    QCOMPARE(panel.preview().csvColumns.size(), size_t{4});
    QCOMPARE(panel.preview().csvRows.size(), size_t{DatasetPreview::kTableRows});
    QCOMPARE(panel.previewView()->tableRows(), DatasetPreview::kTableRows);
    QCOMPARE(panel.preview().classes, 2);

    QTRY_VERIFY_WITH_TIMEOUT(panel.bindingFits(), 2000); // no separate step
    QCOMPARE(nodeNamed(document, "points").attributes["features"].get<int>(), 3);
    QCOMPARE(document.undoStack()->count(), 1);
    document.undoStack()->undo();
    QCOMPARE(nodeNamed(document, "points").attributes["features"].get<int>(), 2);
    QVERIFY(!panel.bindingFits());
    document.undoStack()->redo();
    QCOMPARE(nodeNamed(document, "points").attributes["features"].get<int>(), 3);
    document.undoStack()->undo();
    QVERIFY(panel.fitInputs()); // the button does what the choice did
    QCOMPARE(nodeNamed(document, "points").attributes["features"].get<int>(), 3);
}

void DatasetPanelTest::csvErrorLeavesTheDocumentUntouched() {
    QTemporaryDir folder;
    const QString csv =
        writeCsv(folder, QStringLiteral("broken.csv"), QStringLiteral("1,2,oops,0\n"));
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    const miniflow::DatasetSpec before = document.file().dataset;
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    panel.chooseCsv(csv);
    QVERIFY(loaded.wait(5000));
    QVERIFY(panel.hasError());
    QVERIFY2(panel.statusText().contains(QStringLiteral("broken.csv:42")),
             qPrintable(panel.statusText()));
    QVERIFY(document.file().dataset == before);
}

void DatasetPanelTest::fitIsRefusedWhileTrainingLocks() {
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    document.setStructureLocked(true,
                                QStringLiteral("Training is running: stop it to edit the graph"));
    panel.chooseBuiltin(QStringLiteral("regression1d"));
    QVERIFY(loaded.wait(5000));
    QTest::qWait(50); // the automatic fit waits too
    QVERIFY(!panel.fitInputs());
    QCOMPARE(document.undoStack()->count(), 0);
    QVERIFY(panel.statusText().contains(QStringLiteral("Training is running")));
    document.setStructureLocked(false); // the choice's fit happens once unlocked
    QTRY_COMPARE_WITH_TIMEOUT(document.undoStack()->count(), 1, 2000);
    QVERIFY(panel.bindingFits());
    QVERIFY(!panel.fitInputs());
}

void DatasetPanelTest::idxFolderShowsImagesAndShape() {
    QTemporaryDir folder;
    const QString images = writeIdxFolder(folder, 30);
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    panel.chooseIdxImages(images);
    QVERIFY(loaded.wait(5000));
    QVERIFY2(!panel.hasError(), qPrintable(panel.statusText()));
    QCOMPARE(document.file().dataset.source, std::string("mnist"));
    QCOMPARE(panel.preview().images.size(), size_t{DatasetPreview::kImages});
    QCOMPARE(panel.preview().images.front().size(), QSize(4, 4));
    QCOMPARE(panel.previewView()->imageCount(), DatasetPreview::kImages);
    QCOMPARE(panel.previewView()->tableRows(), 0);
    QCOMPARE(panel.preview().featureCount, 16);
    QCOMPARE(panel.preview().testRows, 30);
    QTRY_VERIFY_WITH_TIMEOUT(panel.bindingFits(), 2000);
    const nlohmann::json& attributes = nodeNamed(document, "points").attributes;
    QCOMPARE(attributes["features"].get<int>(), 16);
    // The spiral's Input feeds a Linear directly (no Flatten): Linear takes an image row as
    // its C*H*W features (NOTE [Image layout]), so the graph stays valid with the image
    // shape, and W1 follows the new width (NOTE [Shape repair]).
    QCOMPARE(attributes["sampleDims"], nlohmann::json::array({1, 4, 4}));
    QCOMPARE(nodeNamed(document, "W1").attributes["rows"].get<int>(), 16);
    QVERIFY(miniflow::Plan::check(document.graph()).empty());
    QVERIFY(panel.bindingFits());
}

/// A path typed into the CSV field (and confirmed with Enter) loads like an opened one.
void DatasetPanelTest::typedCsvPathLoads() {
    QTemporaryDir folder;
    const QString csv = writeCsv(folder, QStringLiteral("typed.csv"));
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    panel.show();
    auto* source = panel.findChild<QComboBox*>();
    QVERIFY(source);
    source->setCurrentIndex(source->findData(QStringLiteral("csv")));
    emit source->activated(source->currentIndex()); // as a click on the entry does
    QLineEdit* field = panel.csvPage()->pathField()->lineEdit();
    QVERIFY(!field->isReadOnly());
    QVERIFY(panel.statusText().contains(QStringLiteral("Type the path")));
    field->setFocus();
    QTest::keyClicks(field, csv);
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(document.file().dataset.source, std::string("csv"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isLoading(), 5000);
    QVERIFY2(!panel.hasError(), qPrintable(panel.statusText()));
    QCOMPARE(QString::fromStdString(document.file().dataset.path), csv);
    QCOMPARE(panel.preview().csvColumns.size(), size_t{4});
    QTRY_VERIFY_WITH_TIMEOUT(panel.bindingFits(), 2000);

    // A typed path that does not exist: said in red, the document keeps the loaded table.
    field->selectAll();
    QTest::keyClicks(field, folder.filePath(QStringLiteral("missing.csv")));
    QTest::keyClick(field, Qt::Key_Return);
    QVERIFY(loaded.wait(5000));
    QVERIFY(panel.hasError());
    QVERIFY2(panel.statusText().contains(QStringLiteral("missing.csv")),
             qPrintable(panel.statusText()));
    QCOMPARE(QString::fromStdString(document.file().dataset.path), csv);
}

/// File > New gives a graph without a dataset: it gets what the panel shows, so Train
/// never meets "no dataset".
void DatasetPanelTest::graphWithoutDatasetGetsTheShownChoice() {
    GraphDocument document;
    document.load(readExample(QStringLiteral("spiral.json")),
                  QStringLiteral(":/examples/spiral.json"));
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    document.load(GraphFile{}, QString());
    QCOMPARE(document.file().dataset.source, std::string("none"));
    QVERIFY(loaded.wait(5000));
    QCOMPARE(document.file().dataset.source, std::string("builtin"));
    QCOMPARE(document.file().dataset.name, std::string("spiral"));
    QVERIFY(!document.isModified());
}

/// An Input dropped into a graph is fitted to the data once; undoing that fit sticks, and
/// redoing the node's creation does not fit it again.
void DatasetPanelTest::newInputIsFittedOnceAndUndoSticks() {
    GraphDocument document;
    GraphFile empty;
    empty.dataset.source = "builtin";
    empty.dataset.name = "spiral";
    document.load(empty, QString());
    DatasetPanel panel(&document);
    QSignalSpy loaded(&panel, &DatasetPanel::previewLoaded);
    QVERIFY(loaded.wait(5000));
    miniflow::Node input;
    input.id = NodeId{1};
    input.op = "Input";
    input.name = "x";
    input.attributes = {{"role", "features"}, {"features", 1}};
    document.push(new AddNodeCommand(&document, input));
    QTRY_COMPARE_WITH_TIMEOUT(nodeNamed(document, "x").attributes["features"].get<int>(), 2, 2000);
    QCOMPARE(document.undoStack()->count(), 2);
    document.undoStack()->undo(); // the fit
    document.undoStack()->undo(); // the node
    document.undoStack()->redo(); // the node again, as it was created
    QTest::qWait(50);
    QCOMPARE(nodeNamed(document, "x").attributes["features"].get<int>(), 1);
    QCOMPARE(document.undoStack()->index(), 1);
    document.undoStack()->redo();
    QCOMPARE(nodeNamed(document, "x").attributes["features"].get<int>(), 2);
}

QTEST_MAIN(DatasetPanelTest)
#include "tst_dataset_panel.moc"
