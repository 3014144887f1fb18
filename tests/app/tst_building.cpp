/// Building a network in the studio keeps it valid: Fit Inputs and units changes resize the
/// Parameters that depend on them (one undo step), a classifier narrower than the class
/// count is marked before Train with a fix, the pre-Train check lists what stops a run with
/// buttons that mend it, templates train, and data that needs scaling says so. Through the
/// window's widgets (NOTE [Shape repair], NOTE [Pre-Train check], NOTE [Needs scaling]).
#include "AppTestSupport.h"
#include "IdxFiles.h"
#include "app/MainWindow.h"
#include "app/check/PreTrainDialog.h"
#include "app/check/PreTrainGate.h"
#include "app/data/DatasetPanel.h"
#include "app/data/ScaleHint.h"
#include "app/document/ModelTemplates.h"
#include "app/inspector/NodeInspector.h"
#include "app/training/TrainingController.h"
#include "app/window/TrainingToolBar.h"
#include "autograd/ClassCount.h"
#include "autograd/Plan.h"
#include "io/DataSource.h"
#include "train/Trainer.h"

#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using apptest::idOf;
using miniflow::GraphFile;
using miniflow::NodeId;

namespace {

using miniflow::test::writeIdx;

/// An MNIST-style folder: 40 images of 4 x 4 pixels per split (values up to 255), labels
/// r % 3. Returns the train images file.
QString writeIdxFolder(const QTemporaryDir& folder) {
    QByteArray pixels, labels;
    for (quint32 r = 0; r < 40; ++r) {
        for (int p = 0; p < 16; ++p)
            pixels.append(
                static_cast<char>(p == static_cast<int>(r % 16) ? 255 : (r * 7 + p) % 200));
        labels.append(static_cast<char>(r % 3));
    }
    for (const QString& split : {QStringLiteral("train"), QStringLiteral("t10k")}) {
        writeIdx(folder.filePath(split + "-images-idx3-ubyte"), 0x803, {40, 4, 4}, pixels);
        writeIdx(folder.filePath(split + "-labels-idx1-ubyte"), 0x801, {40}, labels);
    }
    return folder.filePath(QStringLiteral("train-images-idx3-ubyte"));
}

/// Mean loss of the first 10 and of the last 10 of 400 steps on the graph's own data.
std::pair<double, double> firstAndLaterLoss(const GraphFile& file) {
    miniflow::TrainingData data = miniflow::loadTrainingData(file.dataset, ".");
    miniflow::Trainer trainer(miniflow::Plan::build(file.graph), file.training, std::move(data));
    double first = 0, later = 0;
    for (int s = 0; s < 400; ++s) {
        const float loss = trainer.step();
        if (s < 10)
            first += loss / 10;
        if (s >= 390)
            later += loss / 10;
    }
    return {first, later};
}

} // namespace

class TestBuilding : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void fitInputsKeepsTheGraphValidInOneUndo();
    void unitsChangeKeepsTheGraphValid();
    void classCountMismatchIsFlaggedAndFixedBeforeTrain();
    void preTrainCheckListsUnboundInputAndMissingLoss();
    void templatesTrain();
    void imagesAreScaledAndUnscaledDataSaysSo();
    void imageShapeReachesAGraphWithFlatten();

  private:
    std::unique_ptr<MainWindow> window_;
    GraphDocument* doc() { return window_->document(); }
    DatasetPanel* panel() { return window_->datasetPanel(); }
    /// Sets the data through the document and waits until the panel loaded it.
    void useData(const miniflow::DatasetSpec& spec);
    void waitLoaded() {
        QTRY_VERIFY_WITH_TIMEOUT(!panel()->isLoading(), 10000);
        QVERIFY2(!panel()->hasError(), qPrintable(panel()->statusText()));
    }
};

void TestBuilding::init() {
    window_ = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window_->openExample("spiral", &error), qPrintable(error));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    waitLoaded();
}

void TestBuilding::cleanup() {
    if (auto* dialog = window_->preTrainGate()->dialog())
        dialog->close();
    window_->trainingController()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!doc()->structureLocked(), 10000);
    doc()->markSaved();
    window_.reset();
}

void TestBuilding::useData(const miniflow::DatasetSpec& spec) {
    QSignalSpy loaded(panel(), &DatasetPanel::previewLoaded);
    doc()->setDataset(spec);
    QVERIFY(loaded.wait(10000));
    waitLoaded();
}

void TestBuilding::fitInputsKeepsTheGraphValidInOneUndo() {
    QTemporaryDir folder;
    // 5 features, 2 classes: the spiral's Input takes 2, its W1 2 x 16.
    QFile csv(folder.filePath("five.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Text));
    QTextStream out(&csv);
    out << "a,b,c,d,e,kind\n";
    for (int r = 0; r < 60; ++r)
        out << r % 5 << "," << r % 3 << "," << r % 7 << "," << r % 2 << "," << r % 11 << ","
            << r % 2 << "\n";
    csv.close();
    const GraphFile before = doc()->file();
    const int stepsBefore = doc()->undoStack()->count();
    // NOTE [Binding at once]: choosing the data fits the Inputs (no Fit click), and the shape
    // repair carries W1 along in the same undo step.
    panel()->chooseCsv(csv.fileName());
    QTRY_VERIFY_WITH_TIMEOUT(doc()->file().dataset.classification, 10000);
    waitLoaded();
    QTRY_COMPARE_WITH_TIMEOUT(
        doc()->graph().findByName("points")->attributes["features"].get<int>(), 5, 10000);
    QCOMPARE(doc()->graph().findByName("points")->attributes["features"].get<int>(), 5);
    QCOMPARE(doc()->graph().findByName("W1")->attributes["rows"].get<int>(), 5);
    QCOMPARE(doc()->graph().findByName("W1")->attributes["cols"].get<int>(), 16);
    const auto problems = miniflow::Plan::check(doc()->graph());
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().message.c_str());
    QVERIFY(!window_->scene()->nodeItem(idOf(*doc(), "dense1"))->toolTip().contains("mismatch"));
    QCOMPARE(doc()->undoStack()->count(), stepsBefore + 1); // the fit is one step
    doc()->undo();
    QVERIFY(doc()->graph() == before.graph);
}

void TestBuilding::unitsChangeKeepsTheGraphValid() {
    const GraphFile before = doc()->file();
    window_->scene()->selectNodes({idOf(*doc(), "dense2")});
    auto* units = qobject_cast<QSpinBox*>(window_->nodeInspector()->editorFor("units"));
    QVERIFY(units);
    units->setFocus();
    units->selectAll();
    QTest::keyClicks(units, "7");
    QTest::keyClick(units, Qt::Key_Return);
    const miniflow::Graph& g = doc()->graph();
    QCOMPARE(g.findByName("W2")->attributes["cols"].get<int>(), 7);
    QCOMPARE(g.findByName("b2")->attributes["cols"].get<int>(), 7);
    QCOMPARE(g.findByName("W3")->attributes["rows"].get<int>(), 7); // through tanh2
    QCOMPARE(g.findByName("W3")->attributes["cols"].get<int>(), 2);
    QVERIFY(miniflow::Plan::check(g).empty());
    doc()->undo();
    QVERIFY(doc()->graph() == before.graph);
}

void TestBuilding::classCountMismatchIsFlaggedAndFixedBeforeTrain() {
    miniflow::DatasetSpec three = doc()->file().dataset;
    three.classes = 3; // the example's last layer has 2 units
    useData(three);
    QCOMPARE(panel()->preview().classes, 3);
    NodeItem* last = window_->scene()->nodeItem(idOf(*doc(), "dense3"));
    QTRY_VERIFY(last->toolTip().contains("3 classes")); // marked before any Train
    QVERIFY(!last->toolTip().contains("--"));

    window_->trainingToolBar()->trainAction()->trigger();
    QCOMPARE(window_->trainingController()->state(), TrainingState::Idle); // not started
    PreTrainDialog* dialog = window_->preTrainGate()->dialog();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->problems().size(), size_t{1});
    QVERIFY(dialog->problems()[0].text.contains("3 classes"));
    QVERIFY(!dialog->trainButton()->isEnabled());
    QPushButton* fix = dialog->fixButton(0);
    QVERIFY(fix);
    QTest::mouseClick(fix, Qt::LeftButton);
    QCOMPARE(doc()->graph().findByName("W3")->attributes["cols"].get<int>(), 3);
    QCOMPARE(doc()->graph().findByName("b3")->attributes["cols"].get<int>(), 3);
    QVERIFY(miniflow::checkClassCount(doc()->graph(), 3).empty());
    QVERIFY(dialog->problems().empty());
    QVERIFY(!last->toolTip().contains("3 classes"));
    QVERIFY(dialog->trainButton()->isEnabled());
    QTest::mouseClick(dialog->trainButton(), Qt::LeftButton);
    QTRY_VERIFY(window_->trainingController()->state() != TrainingState::Idle);
    QVERIFY(window_->trainingController()->state() != TrainingState::Failed);
}

void TestBuilding::preTrainCheckListsUnboundInputAndMissingLoss() {
    // Features Input of the wrong width and no loss: what a newcomer's graph looks like.
    GraphFile file = doc()->file();
    file.graph.find(idOf(*doc(), "points"))->attributes["features"] = 5;
    file.graph.find(idOf(*doc(), "W1"))->attributes["rows"] = 5;
    const NodeId loss = idOf(*doc(), "loss");
    miniflow::Graph graph;
    for (const miniflow::Node& n : file.graph.nodes())
        if (n.id != loss)
            graph.addNode(n);
    for (const miniflow::Edge& e : file.graph.edges())
        if (e.to != loss)
            graph.addEdge(e);
    file.graph = graph;
    doc()->load(file, QString());
    waitLoaded();

    window_->trainingToolBar()->trainAction()->trigger();
    QCOMPARE(window_->trainingController()->state(), TrainingState::Idle);
    PreTrainDialog* dialog = window_->preTrainGate()->dialog();
    QVERIFY(dialog && dialog->isVisible());
    QStringList texts;
    for (const TrainProblem& p : dialog->problems())
        texts << p.text;
    const QString all = texts.join('\n');
    QVERIFY2(all.contains("Input \"points\" takes N x 5, but the data gives N x 2"),
             qPrintable(all));
    QVERIFY2(all.contains("no loss"), qPrintable(all));
    QVERIFY(!all.contains("--") && !all.contains("dataset.path"));
    // Each has a button; press them as listed, re-reading the list after each.
    for (int guard = 0; guard < 5 && !dialog->problems().empty(); ++guard) {
        QPushButton* fix = nullptr;
        for (int row = 0; row < static_cast<int>(dialog->problems().size()) && !fix; ++row)
            fix = dialog->fixButton(row);
        QVERIFY2(fix, qPrintable(dialog->problems().front().text));
        QTest::mouseClick(fix, Qt::LeftButton);
    }
    QVERIFY(dialog->problems().empty());
    QVERIFY(miniflow::Plan::check(doc()->graph()).empty());
    QCOMPARE(doc()->graph().findByName("W1")->attributes["rows"].get<int>(), 2);
    QTest::mouseClick(dialog->trainButton(), Qt::LeftButton);
    QTRY_VERIFY(window_->trainingController()->state() != TrainingState::Idle);
    QVERIFY(window_->trainingController()->state() != TrainingState::Failed);
}

void TestBuilding::templatesTrain() {
    QAction* classifier = nullptr;
    for (QAction* top : window_->menuBar()->actions())
        if (top->text().remove('&') == "File")
            for (QAction* a : top->menu()->actions())
                if (a->menu() && a->text().remove('&') == "New from Template")
                    for (QAction* t : a->menu()->actions())
                        if (t->text() == "MLP classifier")
                            classifier = t;
    QVERIFY(classifier);
    miniflow::DatasetSpec three = doc()->file().dataset;
    three.classes = 3;
    useData(three);
    doc()->markSaved();
    classifier->trigger();
    QVERIFY(doc()->graph().findByName("loss"));
    QCOMPARE(doc()->file().dataset, three);
    QVERIFY(miniflow::Plan::check(doc()->graph()).empty());
    QVERIFY(miniflow::checkClassCount(doc()->graph(), 3).empty());
    waitLoaded();
    QVERIFY(panel()->bindingFits());
    const auto [first, later] = firstAndLaterLoss(doc()->file());
    qInfo("MLP classifier on 3-class spiral: mean loss of steps 1-10 %.4f, 391-400 %.4f", first,
          later);
    QVERIFY(later < 0.8 * first);
    window_->trainingToolBar()->trainAction()->trigger(); // no dialog: ready to Train
    QVERIFY(!window_->preTrainGate()->dialog());
    QTRY_VERIFY(window_->trainingController()->state() != TrainingState::Idle);
    window_->trainingController()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!doc()->structureLocked(), 10000);

    QString error;
    QVERIFY(!window_->newFromTemplate("MLP regressor", &error)); // classes: says which to use
    QVERIFY(error.contains("MLP classifier"));
    miniflow::DatasetSpec regression;
    regression.source = "builtin";
    regression.name = "regression1d";
    regression.samples = 400;
    useData(regression);
    doc()->markSaved();
    QVERIFY2(window_->newFromTemplate("MLP regressor", &error), qPrintable(error));
    QVERIFY(doc()->graph().findByName("loss")->op == "MSE");
    QVERIFY(miniflow::Plan::check(doc()->graph()).empty());
    const auto [rFirst, rLater] = firstAndLaterLoss(doc()->file());
    qInfo("MLP regressor on regression1d: mean loss of steps 1-10 %.4f, 391-400 %.4f", rFirst,
          rLater);
    QVERIFY(rLater < 0.8 * rFirst);
}

void TestBuilding::imagesAreScaledAndUnscaledDataSaysSo() {
    QTemporaryDir folder;
    panel()->chooseIdxImages(writeIdxFolder(folder));
    QTRY_VERIFY_WITH_TIMEOUT(doc()->file().dataset.source == "mnist", 10000);
    waitLoaded();
    QCOMPARE(doc()->file().dataset.normalization, std::string("minmax"));
    QCOMPARE(panel()->preview().featureMagnitude, 1.0); // 255 / 255
    QVERIFY(!panel()->scaleHint()->isVisible());

    // The user turns scaling off: the panel says so, and its button turns it back on.
    miniflow::DatasetSpec raw = doc()->file().dataset;
    raw.normalization = "none";
    useData(raw);
    QCOMPARE(panel()->preview().featureMagnitude, 255.0);
    QVERIFY(panel()->scaleHint()->isVisible());
    QVERIFY(panel()->scaleHint()->text().contains("255"));
    QTest::mouseClick(panel()->scaleHint()->button(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(doc()->file().dataset.normalization, std::string("minmax"), 10000);
    waitLoaded();
    QVERIFY(!panel()->scaleHint()->isVisible());
}

void TestBuilding::imageShapeReachesAGraphWithFlatten() {
    QString error;
    QVERIFY2(window_->openExample("mnist-mlp", &error), qPrintable(error));
    QTemporaryDir folder;
    const miniflow::Graph graphBefore = doc()->graph();
    const int stepsBefore = doc()->undoStack()->count();
    panel()->chooseIdxImages(writeIdxFolder(folder));
    QTRY_VERIFY_WITH_TIMEOUT(doc()->file().dataset.path == folder.path().toStdString(), 20000);
    waitLoaded();
    QTRY_VERIFY_WITH_TIMEOUT(doc()->graph().findByName("images")->attributes["sampleDims"] ==
                                 nlohmann::json::array({1, 4, 4}),
                             10000); // bound at once (NOTE [Binding at once])
    const miniflow::Graph& g = doc()->graph();
    QCOMPARE(g.findByName("images")->attributes["sampleDims"], nlohmann::json::array({1, 4, 4}));
    QCOMPARE(g.findByName("W1")->attributes["rows"].get<int>(), 16);
    QVERIFY(miniflow::Plan::check(g).empty());
    QCOMPARE(doc()->undoStack()->count(), stepsBefore + 1); // the fit is one step
    doc()->undo();
    QVERIFY(doc()->graph() == graphBefore);
}

QTEST_MAIN(TestBuilding)
#include "tst_building.moc"
