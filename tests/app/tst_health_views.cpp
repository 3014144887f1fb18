/// Gradient health and the decision boundary in the studio window, fed by real training
/// through the TrainingController: badges with their sentence, the alert list, sparklines,
/// thresholds kept in QSettings, and the boundary map with a hovered node's units.
#include "AppTestSupport.h"
#include "GraphBuilder.h"

#include "app/MainWindow.h"
#include "app/editor/overlays/HealthBadgeItem.h"
#include "app/editor/overlays/HealthOverlay.h"
#include "app/editor/overlays/SparklineItem.h"
#include "app/inspector/HealthPanel.h"
#include "app/plot/DecisionBoundaryView.h"
#include "app/training/HealthController.h"
#include "app/training/HealthSettings.h"
#include "app/training/TrainingController.h"
#include "app/window/TrainingToolBar.h"

#include <QAction>
#include <QGraphicsView>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>

using apptest::idOf;
using miniflow::NodeId;

namespace {

/// xor points -> Linear(16) with bias -40 -> ReLU -> Linear(1) -> MSE: every unit is dead.
miniflow::GraphFile deadReluProject() {
    using miniflow::test::addEdge;
    using miniflow::test::addNode;
    miniflow::GraphFile file;
    miniflow::Graph& g = file.graph;
    const NodeId x = addNode(g, "Input", "x", {{"role", "features"}, {"features", 2}});
    const NodeId y = addNode(g, "Input", "y", {{"role", "labels"}, {"features", 1}});
    const NodeId w1 = addNode(g, "Parameter", "W1",
                              {{"rows", 2}, {"cols", 16}, {"initializer", "glorot_uniform"}});
    const NodeId b1 =
        addNode(g, "Parameter", "b1",
                {{"rows", 1}, {"cols", 16}, {"initializer", "constant"}, {"value", -40}});
    const NodeId dense = addNode(g, "Linear", "dense1", {{"units", 16}});
    const NodeId relu = addNode(g, "ReLU", "relu1");
    const NodeId w2 = addNode(g, "Parameter", "W2",
                              {{"rows", 16}, {"cols", 1}, {"initializer", "glorot_uniform"}});
    const NodeId b2 =
        addNode(g, "Parameter", "b2", {{"rows", 1}, {"cols", 1}, {"initializer", "zeros"}});
    const NodeId out = addNode(g, "Linear", "out", {{"units", 1}});
    const NodeId loss = addNode(g, "MSE", "loss");
    const std::vector<std::tuple<NodeId, NodeId, int>> edges = {
        {x, dense, 0}, {w1, dense, 1}, {b1, dense, 2}, {dense, relu, 0}, {relu, out, 0},
        {w2, out, 1},  {b2, out, 2},   {y, loss, 0},   {out, loss, 1}};
    for (const auto& [from, to, port] : edges)
        addEdge(g, from, to, port);
    double column = 0;
    for (const miniflow::Node& n : std::vector<miniflow::Node>(g.nodes()))
        g.find(n.id)->position = {column += 170, 100};
    file.dataset.source = "builtin";
    file.dataset.name = "xor";
    file.training.optimizer = "sgd";
    file.training.learningRate = 0.05;
    file.training.epochs = 100000;
    return file;
}

template <typename Item> std::vector<Item*> drawingsOn(QGraphicsItem* item) {
    std::vector<Item*> found;
    for (QGraphicsItem* child : item->childItems())
        if (child->type() == Item::Type)
            found.push_back(static_cast<Item*>(child));
    return found;
}

} // namespace

class TestHealthViews : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // QSettings: not the user's
        QSettings().remove("health");
    }
    void init() {
        window_ = std::make_unique<MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanup() {
        window_->trainingController()->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->document()->structureLocked(), 20000);
        window_.reset();
    }
    void deadReluGetsABadgeWithItsSentence();
    void sparklinesFollowTheRun();
    void thresholdsPersistAndReevaluate();
    void boundaryUpdatesLiveAndShowsHoveredUnits();

  private:
    void trainUntil(const std::function<bool()>& condition);
    void openLongSpiral();
    GraphDocument* doc() { return window_->document(); }
    std::unique_ptr<MainWindow> window_;
};

/// The spiral example with epochs enough to still run while the test looks.
void TestHealthViews::openLongSpiral() {
    QVERIFY(window_->openExample("spiral"));
    miniflow::TrainingConfig config = doc()->file().training;
    config.epochs = 100000;
    doc()->setTrainingConfig(config);
}

/// Presses Train (full speed, snapshots as a person gets them) until `condition` holds.
void TestHealthViews::trainUntil(const std::function<bool()>& condition) {
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(condition(), 30000);
    window_->trainingToolBar()->stopAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!doc()->structureLocked(), 20000);
}

void TestHealthViews::deadReluGetsABadgeWithItsSentence() {
    doc()->load(deadReluProject(), QString());
    NodeItem* relu = window_->scene()->nodeItem(idOf(*doc(), "relu1"));
    QVERIFY(drawingsOn<HealthBadgeItem>(relu).empty());
    trainUntil([&] { return !drawingsOn<HealthBadgeItem>(relu).empty(); });
    const HealthBadgeItem* badge = drawingsOn<HealthBadgeItem>(relu).front();
    QVERIFY2(badge->toolTip().contains("ReLU relu1 dead: 100% of outputs are 0"),
             qPrintable(badge->toolTip()));
    QVERIFY(badge->toolTip().contains("LeakyReLU"));
    QListWidget* list = window_->healthPanel()->list();
    QVERIFY(!list->findItems("ReLU relu1 dead", Qt::MatchStartsWith).isEmpty());
    // Activating the row selects the node on the canvas.
    emit list->itemActivated(list->findItems("ReLU relu1 dead", Qt::MatchStartsWith).front());
    QCOMPARE(window_->scene()->selectedNodes(), std::vector<NodeId>{idOf(*doc(), "relu1")});
    // The output bias still learns: no badge there; a reset clears the badges.
    QVERIFY(drawingsOn<HealthBadgeItem>(window_->scene()->nodeItem(idOf(*doc(), "b2"))).empty());
    window_->trainingController()->reset();
    QTRY_VERIFY(drawingsOn<HealthBadgeItem>(relu).empty());
    QCOMPARE(list->count(), 0);
}

void TestHealthViews::sparklinesFollowTheRun() {
    openLongSpiral();
    const miniflow::GradientHealth& health = window_->healthController()->health();
    const NodeId dense1 = idOf(*doc(), "dense1");
    const miniflow::Edge w1{idOf(*doc(), "W1"), 0, dense1, 1};
    const miniflow::Edge b1{idOf(*doc(), "b1"), 0, dense1, 2};
    NodeItem* target = window_->scene()->nodeItem(dense1); // edge drawings belong to their target
    NodeItem* parameter = window_->scene()->nodeItem(w1.from);
    trainUntil([&] { return health.edgeNormHistory(w1).size() >= 8; });
    QVERIFY(drawingsOn<SparklineItem>(target).empty()); // off by default
    window_->sparklinesAction()->trigger();
    QVERIFY(window_->healthOverlay()->sparklinesVisible());
    // dense1's inputs: W1 and b1 carry gradients, points (an Input) none: two lines.
    const std::vector<SparklineItem*> lines = drawingsOn<SparklineItem>(target);
    QCOMPARE(lines.size(), size_t{2});
    const auto drawn = [&](const miniflow::Edge& e) {
        return std::any_of(lines.begin(), lines.end(), [&](SparklineItem* l) {
            return l->values() == health.edgeNormHistory(e);
        });
    };
    QVERIFY(drawn(w1) && drawn(b1));
    const std::vector<double>& norms = health.edgeNormHistory(w1);
    QVERIFY(std::all_of(norms.begin(), norms.end(),
                        [](double n) { return n > 0 && std::isfinite(n); }));
    // The Parameter's ||ΔW||/||W|| under the node.
    QCOMPARE(drawingsOn<SparklineItem>(parameter).size(), size_t{1});
    QVERIFY(drawingsOn<SparklineItem>(parameter).front()->values() ==
            health.updateRatioHistory(w1.from));
    QVERIFY(health.updateRatioHistory(w1.from).size() >= 7);
    window_->sparklinesAction()->trigger();
    QVERIFY(drawingsOn<SparklineItem>(target).empty());
    QVERIFY(drawingsOn<SparklineItem>(parameter).empty());
}

void TestHealthViews::thresholdsPersistAndReevaluate() {
    doc()->load(deadReluProject(), QString());
    trainUntil([&] { return !window_->healthController()->health().alerts().empty(); });
    miniflow::HealthThresholds lenient = window_->healthController()->health().thresholds();
    lenient.deadShare = 1.5; // no share reaches it
    lenient.vanishingRatio = 0;
    window_->healthController()->setThresholds(lenient);
    QVERIFY(window_->healthController()->health().alerts().empty());
    QCOMPARE(window_->healthPanel()->list()->count(), 0);
    QVERIFY(HealthSettings::load() == lenient);
    QSettings().remove("health");
    QVERIFY(HealthSettings::load() == miniflow::HealthThresholds{});
    QSettings().setValue("health/sustain", "not a number");
    QCOMPARE(HealthSettings::load().sustain, miniflow::HealthThresholds{}.sustain);
    QSettings().remove("health");
}

void TestHealthViews::boundaryUpdatesLiveAndShowsHoveredUnits() {
    openLongSpiral();
    DecisionBoundaryView* view = window_->boundaryView();
    QVERIFY(!view->map());
    std::vector<long> steps;
    connect(window_->trainingController(), &TrainingController::snapshotReady, this,
            [&](const TrainingSnapshot& s) {
                if (s.boundary)
                    steps.push_back(s.boundary->step);
            });
    trainUntil([&] { return steps.size() >= 3 && steps.back() > steps.front(); });
    QVERIFY(view->map());
    QCOMPARE(view->map()->output.rows(),
             miniflow::Index(view->map()->resolution) * view->map()->resolution);
    QCOMPARE(view->map()->output.cols(), miniflow::Index(2));
    // Hovering tanh1 on the canvas shows its 16 units; leaving it shows the output again.
    GraphView* canvas = window_->view();
    const NodeId tanh1 = idOf(*doc(), "tanh1");
    const QPointF centre = window_->scene()->nodeItem(tanh1)->sceneBoundingRect().center();
    QTest::mouseMove(canvas->viewport(), canvas->mapFromScene(centre));
    QTRY_COMPARE(view->shownNode(), tanh1);
    QCOMPARE(view->map()->units.at(tanh1).cols(), miniflow::Index(16));
    // Empty canvas below it, within the view at the readable zoom fitting keeps.
    QTest::mouseMove(canvas->viewport(), canvas->mapFromScene(centre + QPointF(0, 150)));
    QTRY_COMPARE(view->shownNode(), NodeId{});
    window_->trainingController()->reset();
    QTRY_VERIFY(!view->map());
}

QTEST_MAIN(TestHealthViews)
#include "tst_health_views.moc"
