/// The window on small screens (NOTE [Window layout]): it opens inside the available area,
/// fits 1366x768 and 1024x700 with every dock, the toolbar's fields, the tabs and the status
/// bar on screen and not overlapping, keeps a small minimum size whatever the panels show,
/// restores its default arrangement, refuses a stored geometry that is off the screen, and
/// a new graph trains without a binding step (NOTE [Binding at once]).
/// Runs on an offscreen platform with two screens: 1366x768 and, to its right, 1024x700.
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/data/DatasetPanel.h"
#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/training/TrainingController.h"
#include "app/window/DocumentActions.h"
#include "app/window/TrainingToolBar.h"
#include "app/window/WindowLayout.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QToolButton>

namespace {

const QSize kLaptop(1366, 768);
const QSize kSmall(1024, 700);

QScreen* screenOfSize(QSize size) {
    for (QScreen* screen : QGuiApplication::screens())
        if (screen->geometry().size() == size)
            return screen;
    return nullptr;
}

/// `w`'s rectangle in `window`'s coordinates.
QRect rectIn(const QWidget* w, const QWidget* window) {
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
}

QString describe(const QWidget* w, const QWidget* window) {
    const QRect r = rectIn(w, window);
    return QStringLiteral("%1 at %2,%3 %4x%5")
        .arg(w->objectName().isEmpty() ? w->metaObject()->className() : w->objectName())
        .arg(r.x())
        .arg(r.y())
        .arg(r.width())
        .arg(r.height());
}

} // namespace

class TestWindowLayout : public QObject {
    Q_OBJECT
  private slots:
    void init();
    void cleanup();
    void opensWithinTheAvailableArea();
    void fitsTheScreen_data();
    void fitsTheScreen();
    void minimumSizeStaysSmall();
    void resetLayoutRestoresTheArrangement();
    void restoreRefusesAnOffScreenGeometry();
    void newGraphTrainsWithoutABindingStep();

  private:
    /// Shows the window at `size` on the screen of that size, in the default arrangement.
    void showOn(QSize size);
    QList<QDockWidget*> docks() const {
        return window_->findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly);
    }

    std::unique_ptr<MainWindow> window_;
};

void TestWindowLayout::init() {
    window_ = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window_->openExample("spiral", &error), qPrintable(error));
}

void TestWindowLayout::cleanup() {
    if (!window_)
        return;
    window_->document()->markSaved();
    window_.reset();
}

void TestWindowLayout::showOn(QSize size) {
    QScreen* screen = screenOfSize(size);
    QVERIFY2(screen, "the test's offscreen configuration has no screen of this size");
    window_->setGeometry(WindowLayout::fittedGeometry(screen->availableGeometry()));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QCOMPARE(window_->screen(), screen);
    window_->windowLayout()->arrangeDefault();
    QTest::qWait(50);
}

void TestWindowLayout::opensWithinTheAvailableArea() {
    // The window placed itself on the primary (1366x768) screen when it was built.
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    QCOMPARE(available.size(), kLaptop);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY2(available.contains(window_->frameGeometry()),
             qPrintable(QStringLiteral("frame %1,%2 %3x%4")
                            .arg(window_->frameGeometry().x())
                            .arg(window_->frameGeometry().y())
                            .arg(window_->frameGeometry().width())
                            .arg(window_->frameGeometry().height())));
    // The preferred size where there is room, the screen less a title bar where there is not.
    QCOMPARE(WindowLayout::fittedGeometry(QRect(0, 0, 2560, 1440)).size(), QSize(1600, 1000));
    QCOMPARE(WindowLayout::fittedGeometry(QRect(0, 0, 1366, 768)).size(), QSize(1366, 736));
}

void TestWindowLayout::fitsTheScreen_data() {
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1366x768") << kLaptop;
    QTest::newRow("1024x700") << kSmall;
}

void TestWindowLayout::fitsTheScreen() {
    QFETCH(QSize, screen);
    showOn(screen);
    const QRect available = window_->screen()->availableGeometry();
    // The window kept the size it was given: no minimum size pushed it past the screen.
    QVERIFY(available.contains(window_->frameGeometry()));
    QVERIFY2(window_->minimumSizeHint().height() <= available.height() &&
                 window_->minimumSizeHint().width() <= available.width(),
             qPrintable(QStringLiteral("minimum %1x%2")
                            .arg(window_->minimumSizeHint().width())
                            .arg(window_->minimumSizeHint().height())));
    const QRect inside = window_->rect();

    // The parts that must all be on screen, side by side, never on top of each other.
    std::vector<QWidget*> parts{window_->menuBar(), window_->trainingToolBar(),
                                window_->centralWidget(), window_->statusBar()};
    for (QDockWidget* d : docks()) {
        QVERIFY2(!d->isFloating(), qPrintable(d->objectName()));
        if (d->isVisible() && !d->visibleRegion().isEmpty())
            parts.push_back(d);
        else // a tab behind another: the tab with its title is what must be visible
            QVERIFY2(!window_->tabifiedDockWidgets(d).isEmpty(), qPrintable(d->objectName()));
    }
    for (QWidget* part : parts) {
        QVERIFY2(part->isVisible(), qPrintable(describe(part, window_.get())));
        const QRect r = rectIn(part, window_.get());
        QVERIFY2(inside.contains(r), qPrintable(describe(part, window_.get())));
        QVERIFY2(!part->visibleRegion().isEmpty(), qPrintable(describe(part, window_.get())));
    }
    for (size_t i = 0; i < parts.size(); ++i)
        for (size_t j = i + 1; j < parts.size(); ++j)
            QVERIFY2(!rectIn(parts[i], window_.get()).intersects(rectIn(parts[j], window_.get())),
                     qPrintable(describe(parts[i], window_.get()) + " overlaps " +
                                describe(parts[j], window_.get())));

    // Each shown dock has room to be used, and so has the canvas.
    for (QWidget* part : parts)
        if (auto* d = qobject_cast<QDockWidget*>(part)) {
            QVERIFY2(d->widget()->height() >= 100 && d->widget()->width() >= 140,
                     qPrintable(describe(d->widget(), window_.get())));
        }
    QVERIFY2(window_->centralWidget()->width() >= 300 && window_->centralWidget()->height() >= 180,
             qPrintable(describe(window_->centralWidget(), window_.get())));

    // Every tab title of the tabbed docks is on screen.
    int tabs = 0;
    for (QTabBar* bar : window_->findChildren<QTabBar*>()) {
        if (!bar->isVisible() || bar->parentWidget() != window_.get())
            continue;
        for (int t = 0; t < bar->count(); ++t, ++tabs)
            QVERIFY2(inside.contains(QRect(bar->mapTo(window_.get(), bar->tabRect(t).topLeft()),
                                           bar->tabRect(t).size())),
                     qPrintable(bar->tabText(t)));
    }
    // Loss, Gradient health, Kernels | Dataset, Step through, Gradient check, Confusion, Runs |
    // Decision boundary, Feature maps
    QCOMPARE(tabs, 10);

    // The toolbar's fields: shown inside the toolbar, or behind its extension button.
    TrainingToolBar* bar = window_->trainingToolBar();
    const auto* extension = bar->findChild<QToolButton*>("qt_toolbar_ext_button");
    bool hidden = false;
    for (QAction* action : bar->actions()) {
        QWidget* w = bar->widgetForAction(action);
        if (!w || action->isSeparator())
            continue;
        if (w->isVisible())
            QVERIFY2(bar->rect().contains(QRect(w->mapTo(bar, QPoint(0, 0)), w->size())),
                     qPrintable(describe(w, bar)));
        else
            hidden = true;
    }
    if (hidden)
        QVERIFY2(extension && extension->isVisible(), "a toolbar field is hidden with no overflow");
    QVERIFY(bar->widgetForAction(bar->trainAction())->isVisible());

    // The status bar's fields (state, progress) are inside it.
    for (QWidget* field : window_->statusBar()->findChildren<QLabel*>())
        if (field->isVisible())
            QVERIFY2(window_->statusBar()->rect().contains(
                         QRect(field->mapTo(window_->statusBar(), QPoint(0, 0)), field->size())),
                     qPrintable(describe(field, window_.get())));
}

/// Whatever the panels show (each example, every node selected in turn, switching files),
/// the window's minimum size stays below the small screen.
void TestWindowLayout::minimumSizeStaysSmall() {
    showOn(kSmall);
    int tallest = 0, widest = 0;
    for (const QString& name : ProjectFiles::exampleNames()) {
        QString error;
        QVERIFY2(window_->openExample(name, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!window_->datasetPanel()->isLoading(), 20000);
        for (const miniflow::Node& node : window_->document()->graph().nodes()) {
            window_->scene()->selectNodes({node.id});
            QCoreApplication::processEvents();
            tallest = std::max(tallest, window_->minimumSizeHint().height());
            widest = std::max(widest, window_->minimumSizeHint().width());
        }
        tallest = std::max(tallest, window_->minimumSizeHint().height());
        widest = std::max(widest, window_->minimumSizeHint().width());
    }
    qInfo("largest minimum size over the examples: %dx%d", widest, tallest);
    for (QDockWidget* d : docks()) { // what each panel would ask for without its scroll area
        const auto* scroll = qobject_cast<QScrollArea*>(d->widget());
        QVERIFY2(scroll, qPrintable(d->objectName()));
        const QSize hint = scroll->widget()->minimumSizeHint();
        qInfo("%s content: minimum %dx%d", qPrintable(d->objectName()), hint.width(),
              hint.height());
    }
    QVERIFY2(tallest <= kSmall.height() - 32 && widest <= kSmall.width(),
             qPrintable(QStringLiteral("%1x%2").arg(widest).arg(tallest)));
    QVERIFY(window_->screen()->availableGeometry().contains(window_->frameGeometry()));
}

void TestWindowLayout::resetLayoutRestoresTheArrangement() {
    showOn(kLaptop);
    std::map<QString, Qt::DockWidgetArea> areas;
    std::map<QString, int> tabbed;
    for (QDockWidget* d : docks()) {
        areas[d->objectName()] = window_->dockWidgetArea(d);
        tabbed[d->objectName()] = static_cast<int>(window_->tabifiedDockWidgets(d).size());
    }
    QCOMPARE(areas["paletteDock"], Qt::LeftDockWidgetArea);
    QCOMPARE(areas["inspectorDock"], Qt::RightDockWidgetArea);
    QCOMPARE(areas["boundaryDock"], Qt::RightDockWidgetArea);
    QCOMPARE(areas["lossDock"], Qt::BottomDockWidgetArea);
    QCOMPARE(areas["datasetDock"], Qt::BottomDockWidgetArea);
    QCOMPARE(areas["healthDock"], Qt::BottomDockWidgetArea);
    QCOMPARE(tabbed["datasetDock"], 4);  // Step through, Gradient check, Confusion, Runs
    QCOMPARE(tabbed["lossDock"], 2);     // Gradient health, Kernels
    QCOMPARE(tabbed["boundaryDock"], 1); // Feature maps
    QCOMPARE(areas["featureMapDock"], Qt::RightDockWidgetArea);
    QCOMPARE(areas["kernelDock"], Qt::BottomDockWidgetArea);

    // A user's mess: a dock closed, one floating, one moved, the toolbar hidden.
    auto* palette = window_->findChild<QDockWidget*>("paletteDock");
    auto* loss = window_->findChild<QDockWidget*>("lossDock");
    auto* boundary = window_->findChild<QDockWidget*>("boundaryDock");
    palette->close();
    loss->setFloating(true);
    window_->addDockWidget(Qt::LeftDockWidgetArea, boundary);
    window_->trainingToolBar()->hide();
    QVERIFY(!palette->isVisible());

    QAction* reset = window_->findChild<QAction*>("resetLayoutAction");
    QVERIFY(reset);
    QVERIFY(window_->menuBar()->actions().size() > 0);
    reset->trigger();
    QTest::qWait(50);
    for (QDockWidget* d : docks()) {
        QCOMPARE(window_->dockWidgetArea(d), areas[d->objectName()]);
        QCOMPARE(static_cast<int>(window_->tabifiedDockWidgets(d).size()), tabbed[d->objectName()]);
        QVERIFY(!d->isFloating());
        QVERIFY(!d->isHidden());
    }
    QVERIFY(palette->isVisible());
    QVERIFY(window_->trainingToolBar()->isVisible());
}

void TestWindowLayout::restoreRefusesAnOffScreenGeometry() {
    showOn(kLaptop);
    QTemporaryDir folder;
    QSettings settings(folder.filePath("layout.ini"), QSettings::IniFormat);
    const QRect placed(QPoint(60, 40), QSize(1100, 640));
    window_->setGeometry(placed);
    auto* health = window_->findChild<QDockWidget*>("healthDock");
    health->close(); // part of the dock state
    QTest::qWait(50);
    window_->windowLayout()->save(settings);
    const QRect saved = window_->geometry();

    { // Restored where it fits.
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.windowLayout()->restore(settings));
        QVERIFY(!again.windowLayout()->geometryRefused());
        QTest::qWait(50);
        QCOMPARE(again.geometry(), saved);
        QVERIFY(again.findChild<QDockWidget*>("healthDock")->isHidden());
    }
    { // Saved on a screen that is no longer there: refused, the window stays on screen.
        settings.setValue("window/frame", QRect(QPoint(4000, 3000), QSize(1100, 640)));
        MainWindow again;
        const QRect before = again.geometry();
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.windowLayout()->restore(settings));
        QVERIFY(again.windowLayout()->geometryRefused());
        QCOMPARE(again.geometry(), before);
        QVERIFY(again.screen()->availableGeometry().contains(again.frameGeometry()));
    }
    { // A layout of another version is ignored.
        settings.setValue("window/version", WindowLayout::kVersion + 1);
        MainWindow again;
        QVERIFY(!again.windowLayout()->restore(settings));
        QVERIFY(!again.findChild<QDockWidget*>("healthDock")->isHidden());
    }
}

/// File > New, a generated dataset, a small network and Train: no Fit step, no failure.
void TestWindowLayout::newGraphTrainsWithoutABindingStep() {
    showOn(kLaptop);
    window_->documentActions()->newProject();
    GraphDocument* doc = window_->document();
    QVERIFY(doc->graph().nodes().empty());
    QCOMPARE(doc->file().dataset.name, std::string("spiral")); // what was chosen stays chosen
    QVERIFY(!doc->isModified());
    DatasetPanel* panel = window_->datasetPanel();
    QSignalSpy loaded(panel, &DatasetPanel::previewLoaded);
    panel->chooseBuiltin("circle");
    QTRY_COMPARE_WITH_TIMEOUT(doc->file().dataset.name, std::string("circle"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading(), 5000);

    // Inputs as the palette makes them (1 feature), then Dense 2 -> 8 -> tanh -> 2 -> loss.
    const auto node = [](int id, const char* op, const char* name, nlohmann::json attributes) {
        miniflow::Node n;
        n.id = miniflow::NodeId{id};
        n.op = op;
        n.name = name;
        n.attributes = std::move(attributes);
        return n;
    };
    const std::vector<miniflow::Node> nodes{
        node(1, "Input", "x", {{"role", "features"}, {"features", 1}}),
        node(2, "Input", "y", {{"role", "labels"}, {"features", 1}}),
        node(3, "Parameter", "W1", {{"rows", 2}, {"cols", 8}, {"initializer", "glorot_uniform"}}),
        node(4, "Parameter", "b1", {{"rows", 1}, {"cols", 8}, {"initializer", "zeros"}}),
        node(5, "Linear", "dense1", {{"units", 8}}),
        node(6, "Tanh", "tanh1", nlohmann::json::object()),
        node(7, "Parameter", "W2", {{"rows", 8}, {"cols", 2}, {"initializer", "glorot_uniform"}}),
        node(8, "Parameter", "b2", {{"rows", 1}, {"cols", 2}, {"initializer", "zeros"}}),
        node(9, "Linear", "dense2", {{"units", 2}}),
        node(10, "SoftmaxCrossEntropy", "loss", nlohmann::json::object())};
    for (const miniflow::Node& n : nodes)
        QVERIFY(doc->push(new AddNodeCommand(doc, n)));
    const std::vector<miniflow::Edge> edges{{miniflow::NodeId{1}, 0, miniflow::NodeId{5}, 0},
                                            {miniflow::NodeId{3}, 0, miniflow::NodeId{5}, 1},
                                            {miniflow::NodeId{4}, 0, miniflow::NodeId{5}, 2},
                                            {miniflow::NodeId{5}, 0, miniflow::NodeId{6}, 0},
                                            {miniflow::NodeId{6}, 0, miniflow::NodeId{9}, 0},
                                            {miniflow::NodeId{7}, 0, miniflow::NodeId{9}, 1},
                                            {miniflow::NodeId{8}, 0, miniflow::NodeId{9}, 2},
                                            {miniflow::NodeId{9}, 0, miniflow::NodeId{10}, 0},
                                            {miniflow::NodeId{2}, 0, miniflow::NodeId{10}, 1}};
    for (const miniflow::Edge& e : edges)
        QVERIFY(doc->push(new AddEdgeCommand(doc, e)));
    // The features Input follows the data (2 columns) without anyone pressing Fit.
    QTRY_COMPARE_WITH_TIMEOUT(doc->graph().findByName("x")->attributes["features"].get<int>(), 2,
                              2000);
    QVERIFY(panel->bindingFits());

    TrainingController* controller = window_->trainingController();
    QSignalSpy failed(controller, &TrainingController::failed);
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(controller->state() == TrainingState::Finished ||
                                 controller->state() == TrainingState::Failed,
                             20000);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
    QCOMPARE(controller->state(), TrainingState::Finished);
    QVERIFY(!doc->file().parameters.empty()); // the trained weights reached the document
}

/// Two offscreen screens: the 1366x768 laptop (primary) and a 1024x700 one to its right.
int main(int argc, char** argv) {
    QTemporaryDir folder;
    const QString config = folder.filePath("screens.json");
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(config));
    file.write(R"({"windowFrameMargins": false, "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
        {"name": "small", "x": 1366, "y": 0, "width": 1024, "height": 700, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + config).toUtf8());
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    Q_INIT_RESOURCE(resources);
    TestWindowLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_window_layout.moc"
