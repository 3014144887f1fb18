/// The studio window: files, title, menus, training toolbar, inspector switching and the
/// structure lock while training, acting through its widgets.
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/editor/overlays/ActivationOverlay.h"
#include "app/editor/overlays/BadgeOverlay.h"
#include "app/inspector/EdgeInspector.h"
#include "app/inspector/NodeInspector.h"
#include "app/training/TrainingController.h"
#include "app/window/TrainingToolBar.h"

#include <QAction>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>

using apptest::idOf;

class TestMainWindow : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
    } // recent files: not the user's
    void init();
    void cleanup();
    void closingWithASelectionIsSafe();
    void opensOnSpiralReadyToTrain();
    void titleMarksUnsavedChanges();
    void saveThenOpenGivesSameProject();
    void badFileShowsMessageAndKeepsProject();
    void menusHaveTheirEntries();
    void settingsAreBoundBothWays();
    void selectionChoosesInspector();
    void trainingLocksStructureAndStylesEdges();
    void decorationsGoWithTheirDocument();

  private:
    std::unique_ptr<MainWindow> window_;
    GraphDocument* doc() { return window_->document(); }
    QAction* menuAction(const QString& menu, const QString& text);
};

void TestMainWindow::init() {
    window_ = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window_->openExample("spiral", &error), qPrintable(error));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestMainWindow::cleanup() {
    if (!window_)
        return;         // a test closed it itself
    doc()->markSaved(); // no "save changes?" question when the window closes
    window_.reset();
}

QAction* TestMainWindow::menuAction(const QString& menu, const QString& text) {
    for (QAction* top : window_->menuBar()->actions()) {
        if (top->text().remove('&') != menu)
            continue;
        for (QAction* action : top->menu()->actions())
            if (action->text().remove('&').startsWith(text))
                return action;
    }
    return nullptr;
}

void TestMainWindow::opensOnSpiralReadyToTrain() {
    QCOMPARE(doc()->graph().nodes().size(), size_t(14));
    QCOMPARE(doc()->path(), QString(":/examples/spiral.json"));
    TrainingToolBar* bar = window_->trainingToolBar();
    QVERIFY(bar->trainAction()->isEnabled() && bar->stepAction()->isEnabled());
    QVERIFY(!bar->pauseAction()->isEnabled() && !bar->stopAction()->isEnabled());
    QVERIFY(window_->windowTitle().startsWith("spiral (example)"));
}

void TestMainWindow::titleMarksUnsavedChanges() {
    QVERIFY(!window_->isWindowModified());
    window_->scene()->selectNodes({idOf(*doc(), "tanh1")});
    window_->view()->deleteAction()->trigger();
    QVERIFY(window_->isWindowModified());
    QVERIFY(window_->windowTitle().contains("[*]"));
    doc()->undo();
    QVERIFY(!window_->isWindowModified());
}

void TestMainWindow::saveThenOpenGivesSameProject() {
    window_->scene()->selectNodes({idOf(*doc(), "W1")});
    window_->view()->duplicateAction()->trigger();
    window_->trainingToolBar()->seedBox()->setValue(42);
    doc()->setParameters({{idOf(*doc(), "b2"), miniflow::Tensor::Constant(1, 16, 0.125f)}});
    const miniflow::GraphFile saved = doc()->file();
    QTemporaryDir dir;
    const QString path = dir.filePath("mine.json");
    QString error;
    QVERIFY2(window_->saveTo(path, &error), qPrintable(error));
    QVERIFY(!window_->isWindowModified());
    QVERIFY(window_->windowTitle().startsWith("mine"));
    QVERIFY(window_->openExample("add", &error));
    QVERIFY(window_->openFile(path, &error));
    QVERIFY(doc()->file() == saved);
    QCOMPARE(doc()->file().training.seed, std::uint64_t(42));
    QCOMPARE(window_->trainingToolBar()->seedBox()->value(), 42);
}

void TestMainWindow::badFileShowsMessageAndKeepsProject() {
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        R"({"format": "miniflow-graph", "version": 1, "nodes": [{"id": "one"}], "edges": []})");
    file.close();
    window_->scene()->selectNodes({idOf(*doc(), "tanh1")});
    window_->view()->deleteAction()->trigger();
    const miniflow::GraphFile before = doc()->file();
    QVERIFY(!window_->openFile(path));
    QVERIFY(doc()->file() == before);
    QCOMPARE(doc()->path(), QString(":/examples/spiral.json"));
    QVERIFY(doc()->isModified());
    auto* box = window_->findChild<QMessageBox*>();
    QVERIFY(box && box->isVisible());
    QVERIFY2(box->text().contains("broken.json"), qPrintable(box->text()));
    box->close();
}

void TestMainWindow::menusHaveTheirEntries() {
    for (const char* entry : {"New", "Open...", "Open Recent", "Save", "Save As...", "Quit"})
        QVERIFY2(menuAction("File", entry), qPrintable(entry));
    for (const char* entry :
         {"Undo", "Redo", "Cut", "Copy", "Paste", "Duplicate", "Delete", "Select All"})
        QVERIFY2(menuAction("Edit", entry), qPrintable(entry));
    QVERIFY(menuAction("View", "Fit to View"));
    QCOMPARE(menuAction("View", "Fit to View")->shortcuts(), (QList<QKeySequence>{Qt::Key_F}));
    QCOMPARE(menuAction("View", "Actual Size (100 %)")->shortcuts(),
             (QList<QKeySequence>{Qt::CTRL | Qt::Key_0}));
    QCOMPARE(menuAction("View", "Zoom Out")->shortcuts(),
             (QList<QKeySequence>{Qt::CTRL | Qt::Key_Minus}));
    QVERIFY(menuAction("View", "Zoom In")->shortcuts().contains(Qt::CTRL | Qt::Key_Equal));
    QCOMPARE(menuAction("Edit", "Redo")->shortcuts(),
             (QList<QKeySequence>{Qt::CTRL | Qt::SHIFT | Qt::Key_Z, Qt::CTRL | Qt::Key_Y}));
    for (const QString& example : ProjectFiles::exampleNames())
        QVERIFY2(menuAction("Examples", example), qPrintable(example));
    menuAction("Examples", "mnist-mlp")->trigger();
    QCOMPARE(doc()->path(), QString(":/examples/mnist-mlp.json"));
    QVERIFY(doc()->graph().findByName("flatten"));
}

void TestMainWindow::settingsAreBoundBothWays() {
    QDoubleSpinBox* rate = window_->trainingToolBar()->learningRateBox();
    QCOMPARE(rate->value(), 0.01);
    rate->setFocus();
    rate->selectAll();
    QTest::keyClicks(rate, "0.05");
    QTest::keyClick(rate, Qt::Key_Return);
    QCOMPARE(doc()->file().training.learningRate, 0.05);
    QVERIFY(window_->isWindowModified());
    doc()->undo();
    QCOMPARE(rate->value(), 0.01);
    miniflow::TrainingConfig config = doc()->file().training;
    config.epochs = 7;
    doc()->setTrainingConfig(config);
    QCOMPARE(window_->trainingToolBar()->epochsBox()->value(), 7);
}

void TestMainWindow::selectionChoosesInspector() {
    auto* stack = window_->findChild<QStackedWidget*>();
    window_->scene()->selectNodes({idOf(*doc(), "dense2")});
    QCOMPARE(stack->currentWidget(), window_->nodeInspector());
    QCOMPARE(window_->nodeInspector()->node(), idOf(*doc(), "dense2"));
    window_->scene()->clearSelection();
    const miniflow::Edge edge = doc()->graph().edges().front();
    window_->scene()->edgeItem(edge)->setSelected(true);
    QCOMPARE(stack->currentWidget(), window_->edgeInspector());
    window_->scene()->clearSelection();
    QCOMPARE(stack->currentWidget(), window_->nodeInspector());
    QVERIFY(!window_->nodeInspector()->node().valid());
}

void TestMainWindow::trainingLocksStructureAndStylesEdges() {
    TrainingController* controller = window_->trainingController();
    miniflow::TrainingConfig config = doc()->file().training;
    config.epochs = 100000; // long enough to still run while the test looks
    doc()->setTrainingConfig(config);
    QSignalSpy snapshots(controller, &TrainingController::snapshotReady);
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() > 0, 20000);
    QVERIFY(doc()->structureLocked());
    const miniflow::Graph before = doc()->graph();
    window_->scene()->selectNodes({idOf(*doc(), "tanh1")});
    window_->view()->deleteAction()->trigger();
    QCOMPARE(doc()->graph(), before);
    QVERIFY2(window_->statusBar()->currentMessage().contains("stop"),
             qPrintable(window_->statusBar()->currentMessage()));
    // points -> dense1 leaves an Input: training computes no gradient there, and says so;
    // W1 -> dense1 carries one.
    const miniflow::Edge fromInput = before.edges().front();
    QCOMPARE(before.find(fromInput.from)->op, std::string("Input"));
    QVERIFY(window_->scene()->edgeItem(fromInput)->toolTip().contains("no gradient"));
    const miniflow::Edge fromWeights{idOf(*doc(), "W1"), 0, idOf(*doc(), "dense1"), 1};
    EdgeItem* edge = window_->scene()->edgeItem(fromWeights);
    QVERIFY(edge->gradient().has_value());
    QVERIFY(edge->toolTip().contains("L2 norm"));
    QCOMPARE(controller->state(), TrainingState::Running);
    QVERIFY(!window_->trainingToolBar()->trainAction()->isEnabled());
    QVERIFY(window_->trainingToolBar()->pauseAction()->isEnabled() &&
            window_->trainingToolBar()->stopAction()->isEnabled());
    window_->trainingToolBar()->stopAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!doc()->structureLocked(), 20000);
    window_->view()->deleteAction()->trigger();
    QVERIFY(!doc()->graph().findByName("tanh1"));
}

/// Destroying the window while a node is selected (and a run exists) must not reach the
/// already destroyed controller through the scene's selectionChanged.
void TestMainWindow::closingWithASelectionIsSafe() {
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingController()->state() == TrainingState::Running,
                             20000);
    window_->scene()->selectNodes({idOf(*doc(), "tanh1")});
    QCOMPARE(window_->scene()->selectedNodes().size(), size_t{1});
    window_.reset(); // crashed before MainWindow's destructor disconnected the scene
    QVERIFY(!window_);
}

QTEST_MAIN(TestMainWindow)
/// Issue 18's crash scenario without the crash: activation strips and badges drawn through the
/// window's own connections, a dock floated and re-docked, then another example replaces the
/// document: nothing drawn for the old graph stays in the scene.
void TestMainWindow::decorationsGoWithTheirDocument() {
    ConfusionPanel* confusion = window_->confusionPanel();
    QSignalSpy computed(confusion, &ConfusionPanel::computed);
    confusion->compute();
    QVERIFY(computed.wait(20000));
    const miniflow::ConfusionMatrix& m = *confusion->matrix();
    confusion->showCell(0, m.count(0, 0) > 0 ? 0 : 1);
    confusion->showSample(confusion->listedRows().front());
    GradientCheckPanel* checks = window_->gradientCheckPanel();
    QSignalSpy checked(checks, &GradientCheckPanel::checked);
    checks->checkNode(apptest::idOf(*doc(), "W1"));
    QVERIFY(checked.wait(20000));
    GraphScene* scene = window_->scene();
    QVERIFY(!scene->activationOverlay()->cellsOn(apptest::idOf(*doc(), "dense1")).empty());
    QVERIFY(!scene->badgeOverlay()->badgeTextOn(apptest::idOf(*doc(), "W1")).isEmpty());
    auto* dock = window_->findChild<QDockWidget*>("datasetDock");
    dock->setFloating(true);
    QTest::qWait(20);
    dock->setFloating(false);

    QString error;
    QVERIFY2(window_->openExample("mnist-mlp", &error), qPrintable(error));
    QTest::qWait(50); // queued refreshes and deferred deletions run
    QVERIFY(CanvasOverlay::allDrawings(scene).isEmpty());
    for (QGraphicsItem* item : scene->items())
        QVERIFY2(item->type() == NodeItem::Type || item->type() == PortItem::Type ||
                     item->type() == EdgeItem::Type,
                 qPrintable(QString("item of type %1 left").arg(item->type())));
}

#include "tst_mainwindow.moc"
