// The studio's training pipeline end to end: GraphDocument -> TrainingController ->
// TrainingWorker (own thread) -> snapshots -> LossPlot / EdgeInspector, offscreen.
#include "SharedData.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/inspector/EdgeInspector.h"
#include "app/plot/LossPlot.h"
#include "app/training/TrainingController.h"
#include "app/training/TrainingPace.h"
#include "io/GraphFile.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QtTest>
#include <cmath>

using miniflow::Edge;
using miniflow::GraphFile;
using miniflow::NodeId;

namespace {

/// `name` is "boston.json" etc.: the example compiled into the studio's resources.
GraphFile readExample(const QString& name) {
    return ProjectFiles::read(QStringLiteral(":/examples/") + name);
}

/// The spiral example with so many epochs that a run lasts until the test stops it.
void loadLongSpiral(GraphDocument& document, double learningRate = 0.01) {
    GraphFile file = readExample(QStringLiteral("spiral.json"));
    file.training.epochs = 1000000;
    file.training.learningRate = learningRate;
    document.load(std::move(file), QStringLiteral(":/examples/spiral.json"));
}

/// A Boston-like table: 13 features, target MEDV linear in them plus a little noise.
QString writeRegressionCsv(const QTemporaryDir& folder, int rows) {
    const QString path = folder.filePath(QStringLiteral("regression13.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        qFatal("cannot write %s", qPrintable(path));
    QTextStream out(&file);
    for (int c = 0; c < 13; ++c)
        out << "x" << c << ",";
    out << "MEDV\n";
    std::uint32_t state = 12345;
    auto uniform = [&state] {
        state = state * 1664525u + 1013904223u;
        return static_cast<double>(state >> 8) / static_cast<double>(1u << 24);
    };
    for (int r = 0; r < rows; ++r) {
        double target = 22;
        for (int c = 0; c < 13; ++c) {
            const double x = uniform() * 10;
            target += (c % 3 - 1) * 0.8 * x;
            out << x << ",";
        }
        out << target + uniform() << "\n";
    }
    return path;
}

bool allParametersFinite(const GraphDocument& document) {
    for (const auto& [id, value] : document.file().parameters)
        if (!value.allFinite())
            return false;
    return true;
}

/// Every snapshot's content, as the GUI received it.
struct Recorder {
    explicit Recorder(TrainingController& controller) {
        QObject::connect(&controller, &TrainingController::snapshotReady, &context,
                         [this](const TrainingSnapshot& s) { record(s); });
    }
    void record(const TrainingSnapshot& s) {
        ++snapshots;
        for (const LossPoint& p : s.losses)
            losses.push_back(p);
        for (const EpochPoint& e : s.epochs)
            epochs.push_back(e);
        if (!s.edgeGradients.empty())
            summaries.push_back(s.edgeGradients);
        last = s;
    }
    long lastStep() const { return losses.empty() ? 0 : losses.back().step; }
    /// Steps firstStep, firstStep + 1, ... with nothing missing or repeated.
    bool contiguousFrom(long firstStep) const {
        for (size_t i = 0; i < losses.size(); ++i)
            if (losses[i].step != firstStep + static_cast<long>(i))
                return false;
        return true;
    }
    QObject context;
    int snapshots = 0;
    std::vector<LossPoint> losses;
    std::vector<EpochPoint> epochs;
    std::vector<std::vector<std::pair<Edge, miniflow::GradientSummary>>> summaries;
    TrainingSnapshot last;
};

/// Measures the longest gap between ticks of a 10 ms timer on the GUI thread.
class GuiProbe {
  public:
    GuiProbe() {
        timer_.setInterval(10);
        QObject::connect(&timer_, &QTimer::timeout,
                         [this] { worst_ = std::max(worst_, clock_.restart()); });
        clock_.start();
        timer_.start();
    }
    qint64 worstGapMs() const { return worst_; }

  private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 worst_ = 0;
};

} // namespace

class TrainingControllerTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase();
    void lossPointsArriveWhileGuiStaysResponsive();
    void edgeSummariesCoverEveryTrainedEdgeAndChange();
    void snapshotsAreThrottledAndNeverPileUp();
    void stopEndsTheWorkerQuickly();
    void pauseHoldsAndStepAdvancesExactlyOne();
    void stepWhenIdleRunsOneStep();
    void resetThenTrainReproducesTheCurve();
    void trainAfterStopContinuesTheNumbering();
    void watchedEdgeTensorReachesTheInspector();
    void nonFiniteLossFailsNamingANode();
    void graphErrorFailsNamingANode();
    void badDataFailsWithoutLocking();
    void bostonNetworkLearns();
    void destructorStopsARunningWorker();
};

void TrainingControllerTest::initTestCase() {
    Q_INIT_RESOURCE(resources);
}

void TrainingControllerTest::lossPointsArriveWhileGuiStaysResponsive() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    LossPlot plot;
    plot.resize(640, 400);
    plot.show();
    QObject::connect(&controller, &TrainingController::snapshotReady, &plot, &LossPlot::append);
    Recorder recorder(controller);
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QTest::qWait(100); // first paint (fonts) done before measuring
    GuiProbe probe;

    QVERIFY(!document.structureLocked());
    controller.train();
    QCOMPARE(controller.state(), TrainingState::Running);
    QVERIFY(document.structureLocked());
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= 3000 && plot.replotCount() >= 5, 10000);
    QTest::qWait(2000); // a long curve: redraws must not get slower
    QVERIFY(plot.drawnPointCount() <= 2 * LossPlot::kMaxBuckets);
    const int countSoFar = plot.trainingPointCount();
    QTRY_VERIFY_WITH_TIMEOUT(plot.trainingPointCount() > countSoFar, 2000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 2000);

    QVERIFY(recorder.contiguousFrom(1));
    // Every point while the history is below its bound; thinned (bounded) beyond it.
    const auto kept = [](size_t received, size_t bound) {
        return static_cast<int>(received <= bound ? received : bound);
    };
    if (recorder.losses.size() <= LossPlot::kMaxStoredPoints)
        QCOMPARE(plot.trainingPointCount(), static_cast<int>(recorder.losses.size()));
    else
        QVERIFY(plot.trainingPointCount() <=
                kept(recorder.losses.size(), LossPlot::kMaxStoredPoints));
    QCOMPARE(plot.lastStep(), recorder.lastStep());
    QVERIFY(!recorder.epochs.empty());
    if (recorder.epochs.size() <= LossPlot::kMaxEpochPoints) {
        QCOMPARE(plot.validationPointCount(), static_cast<int>(recorder.epochs.size()));
        QCOMPARE(plot.accuracyPointCount(), static_cast<int>(recorder.epochs.size()));
    } else {
        QVERIFY(plot.validationPointCount() <=
                kept(recorder.epochs.size(), LossPlot::kMaxEpochPoints));
        QVERIFY(plot.validationPointCount() > static_cast<int>(LossPlot::kMaxEpochPoints) / 2);
        QCOMPARE(plot.accuracyPointCount(), plot.validationPointCount());
    }
    QVERIFY(recorder.last.final);
    QVERIFY(!document.structureLocked());
    qInfo("GUI thread worst gap between 10 ms ticks: %lld ms (%zu steps, %d snapshots, %d replots)",
          probe.worstGapMs(), recorder.losses.size(), recorder.snapshots, plot.replotCount());
    QVERIFY2(probe.worstGapMs() < 100, qPrintable(QString::number(probe.worstGapMs())));
}

void TrainingControllerTest::edgeSummariesCoverEveryTrainedEdgeAndChange() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.summaries.size() >= 4, 5000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 2000);

    // Every edge with something trainable upstream: all but the two leaving Input nodes.
    std::vector<Edge> edges;
    for (const Edge& e : document.graph().edges())
        if (document.graph().find(e.from)->op != "Input")
            edges.push_back(e);
    QCOMPARE(edges.size(), document.graph().edges().size() - 2);
    for (const auto& summaries : recorder.summaries) {
        QCOMPARE(summaries.size(), edges.size());
        for (size_t i = 0; i < edges.size(); ++i) {
            QVERIFY(summaries[i].first == edges[i]);
            QVERIFY(summaries[i].second.finite);
            QVERIFY(summaries[i].second.rows > 0 && summaries[i].second.cols > 0);
        }
    }
    // The W1 -> dense1 gradient is 2 x 16 and its norm moves from snapshot to snapshot.
    const auto& first = recorder.summaries[1];
    const auto& later = recorder.summaries[2];
    const auto w1 = std::find_if(first.begin(), first.end(),
                                 [](const auto& e) { return e.first.from.value == 3; });
    QVERIFY(w1 != first.end());
    QCOMPARE(w1->second.rows, 2);
    QCOMPARE(w1->second.cols, 16);
    bool changed = false;
    for (size_t i = 0; i < first.size(); ++i)
        changed |= first[i].second.l2Norm != later[i].second.l2Norm;
    QVERIFY(changed);
}

void TrainingControllerTest::snapshotsAreThrottledAndNeverPileUp() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    // A slow GUI: every snapshot costs 120 ms of GUI time.
    QObject::connect(&controller, &TrainingController::snapshotReady, &recorder.context,
                     [] { QThread::msleep(120); });
    QElapsedTimer clock;
    clock.start();
    controller.train();
    QTest::qWait(1200);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 2000);
    const double seconds = clock.elapsed() / 1000.0;
    qInfo("slow GUI: %d snapshots in %.2f s carrying %zu steps", recorder.snapshots, seconds,
          recorder.losses.size());
    QVERIFY(recorder.snapshots <= static_cast<int>(seconds / 0.12) + 2);
    QVERIFY(recorder.contiguousFrom(1));
    QVERIFY(recorder.losses.size() > static_cast<size_t>(recorder.snapshots));

    // A fast GUI gets at most ~25 snapshots a second.
    GraphDocument fastDocument;
    loadLongSpiral(fastDocument);
    TrainingController fast(&fastDocument);
    fast.setStepsPerSecond(TrainingPace::kMax);
    Recorder fastRecorder(fast);
    fast.train();
    QTest::qWait(1000);
    fast.stop();
    QTRY_COMPARE_WITH_TIMEOUT(fast.state(), TrainingState::Stopped, 2000);
    qInfo("fast GUI: %d snapshots in ~1 s", fastRecorder.snapshots);
    QVERIFY(fastRecorder.snapshots >= 10 && fastRecorder.snapshots <= 30);
    QVERIFY(fastRecorder.contiguousFrom(1));
}

void TrainingControllerTest::stopEndsTheWorkerQuickly() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    QSignalSpy parameters(&document, &GraphDocument::parametersChanged);
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.snapshots >= 3, 5000);
    QElapsedTimer clock;
    qint64 latency = -1;
    QObject::connect(&controller, &TrainingController::stateChanged, &recorder.context,
                     [&](TrainingState state) {
                         if (state == TrainingState::Stopped)
                             latency = clock.elapsed();
                     });
    clock.start();
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
    qInfo("stop latency: %lld ms", latency);
    QVERIFY2(latency < 200, qPrintable(QString::number(latency)));
    QVERIFY(!document.structureLocked());
    QVERIFY(parameters.count() >= 1);
    QCOMPARE(document.file().parameters.size(), size_t{6});
    QVERIFY(allParametersFinite(document));
}

void TrainingControllerTest::pauseHoldsAndStepAdvancesExactlyOne() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    QSignalSpy parameters(&document, &GraphDocument::parametersChanged);
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStep() > 200, 5000);
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Paused, 1000);
    QVERIFY(document.structureLocked());
    QCOMPARE(parameters.count(), 1);
    const long held = recorder.lastStep();
    QCOMPARE(recorder.last.step, held);
    QTest::qWait(300);
    QCOMPARE(recorder.lastStep(), held);

    controller.step();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.lastStep(), held + 1, 1000);
    QTest::qWait(200);
    QCOMPARE(recorder.lastStep(), held + 1);
    QCOMPARE(controller.state(), TrainingState::Paused);
    QTRY_COMPARE_WITH_TIMEOUT(parameters.count(), 2, 1000);

    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStep() > held + 100, 2000);
    QCOMPARE(controller.state(), TrainingState::Running);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
    QVERIFY(recorder.contiguousFrom(1));
}

void TrainingControllerTest::stepWhenIdleRunsOneStep() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    controller.step();
    QVERIFY(document.structureLocked());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.lastStep(), 1L, 2000);
    QTest::qWait(150);
    QCOMPARE(recorder.losses.size(), size_t{1});
    QCOMPARE(controller.state(), TrainingState::Paused);
    controller.step();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.lastStep(), 2L, 1000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
}

void TrainingControllerTest::resetThenTrainReproducesTheCurve() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= 100, 5000);
    const std::vector<LossPoint> firstRun(recorder.losses.begin(), recorder.losses.begin() + 100);

    controller.reset();
    QCOMPARE(controller.state(), TrainingState::Idle);
    QVERIFY(!document.structureLocked());
    QVERIFY(document.file().parameters.empty());
    recorder.losses.clear();
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= 100, 5000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
    QVERIFY(recorder.contiguousFrom(1));
    for (size_t i = 0; i < firstRun.size(); ++i)
        QCOMPARE(recorder.losses[i].loss, firstRun[i].loss);
}

void TrainingControllerTest::trainAfterStopContinuesTheNumbering() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= 400, 5000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
    const size_t firstRunSteps = recorder.losses.size();
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= firstRunSteps + 100, 5000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
    QVERIFY(recorder.contiguousFrom(1));
    // The second run starts from the trained parameters, not from the seed: its first losses
    // are closer to the first run's last ones than to its first ones. Means over 20 steps, as
    // single batches are noisy (a slow sanitizer build stops the first run after few steps).
    const auto meanLoss = [&](size_t from) {
        double sum = 0;
        for (size_t i = from; i < from + 20; ++i)
            sum += recorder.losses[i].loss;
        return sum / 20;
    };
    const double lastLoss = meanLoss(firstRunSteps - 20);
    QVERIFY(std::abs(meanLoss(firstRunSteps) - lastLoss) < std::abs(meanLoss(0) - lastLoss));
}

void TrainingControllerTest::watchedEdgeTensorReachesTheInspector() {
    GraphDocument document;
    loadLongSpiral(document);
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    EdgeInspector inspector;
    QObject::connect(&controller, &TrainingController::snapshotReady, &inspector,
                     &EdgeInspector::updateFrom);
    const Edge w1{NodeId{3}, 0, NodeId{5}, 1};    // W1 -> dense1: 2 x 16
    const Edge tanh1{NodeId{6}, 0, NodeId{9}, 0}; // tanh1 -> dense2: batch x 16
    inspector.showEdge(w1, QStringLiteral("W1 -> dense1"));
    controller.setWatchedEdge(w1);
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last.watchedGradient.size() == 32, 5000);
    QVERIFY(recorder.last.watchedEdge == w1);
    QTRY_VERIFY_WITH_TIMEOUT(inspector.summary().has_value(), 1000);
    QCOMPARE(inspector.histogramTotal(), 32.0);
    QCOMPARE(inspector.heatMapCells(), QSize(16, 2));

    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Paused, 1000);
    inspector.showEdge(tanh1, QStringLiteral("tanh1 -> dense2"));
    controller.setWatchedEdge(tanh1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.last.watchedEdge == tanh1, 1000);
    QCOMPARE(recorder.last.watchedGradient.rows(), 16); // batch size
    QCOMPARE(recorder.last.watchedGradient.cols(), 16);
    QCOMPARE(inspector.histogramTotal(), 256.0);
    QCOMPARE(inspector.summary()->rows, 16);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Stopped, 1000);
}

void TrainingControllerTest::nonFiniteLossFailsNamingANode() {
    QTemporaryDir folder;
    GraphFile file = readExample(QStringLiteral("boston.json"));
    file.dataset.path = writeRegressionCsv(folder, 200).toStdString();
    file.training.learningRate = 1e6;
    GraphDocument document;
    document.load(std::move(file), folder.filePath(QStringLiteral("boston.json")));
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    QSignalSpy failed(&controller, &TrainingController::failed);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Failed, 5000);
    QCOMPARE(failed.count(), 1);
    const QString message = failed.front().at(0).toString();
    const NodeId node = failed.front().at(1).value<NodeId>();
    qInfo("NaN message: %s", qPrintable(message));
    QVERIFY(node.valid());
    const miniflow::Node* named = document.graph().find(node);
    QVERIFY(named);
    QVERIFY(message.contains(QString::fromStdString(named->name)));
    QVERIFY(message.contains(QStringLiteral("NaN or Inf")));
    QVERIFY(!document.file().parameters.empty());
    QVERIFY(allParametersFinite(document));
    QVERIFY(!document.structureLocked());
}

void TrainingControllerTest::graphErrorFailsNamingANode() {
    GraphDocument document;
    GraphFile file = readExample(QStringLiteral("spiral.json"));
    file.graph.removeEdge(Edge{NodeId{3}, 0, NodeId{5}, 1}); // dense1 loses its weights
    document.load(std::move(file), QStringLiteral(":/examples/spiral.json"));
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    QSignalSpy failed(&controller, &TrainingController::failed);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Failed, 2000);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.front().at(1).value<NodeId>(), NodeId{5});
    QVERIFY(!document.structureLocked());
}

void TrainingControllerTest::badDataFailsWithoutLocking() {
    GraphDocument document;
    GraphFile file = readExample(QStringLiteral("boston.json"));
    file.dataset.path = "/nonexistent/folder/boston.csv";
    document.load(std::move(file), QStringLiteral(":/examples/boston.json"));
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    QSignalSpy failed(&controller, &TrainingController::failed);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Failed, 2000);
    QCOMPARE(failed.count(), 1);
    QVERIFY(
        failed.front().at(0).toString().contains(QStringLiteral("/nonexistent/folder/boston.csv")));
    QVERIFY(!failed.front().at(1).value<NodeId>().valid());
    QVERIFY(!document.structureLocked());
    QVERIFY(document.file().parameters.empty());
}

void TrainingControllerTest::bostonNetworkLearns() {
    QTemporaryDir folder;
    GraphFile file = readExample(QStringLiteral("boston.json"));
    const std::string shared =
        miniflow::test::sharedDataPath(QStringLiteral("csv/boston_housing.csv"));
    if (shared.empty())
        qInfo("shared Boston data absent: using a generated 13-feature regression table");
    file.dataset.path = shared.empty() ? writeRegressionCsv(folder, 506).toStdString() : shared;
    file.training.epochs = 30;
    file.dataset.validationFraction = 0.2;
    GraphDocument document;
    document.load(std::move(file), QStringLiteral(":/examples/boston.json"));
    TrainingController controller(&document);
    controller.setStepsPerSecond(TrainingPace::kMax); // mechanics at full speed
    Recorder recorder(controller);
    QSignalSpy failed(&controller, &TrainingController::failed);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Finished, 20000);
    QCOMPARE(failed.count(), 0);
    QVERIFY(recorder.contiguousFrom(1));
    QCOMPARE(recorder.epochs.size(), size_t{30});
    QVERIFY(recorder.epochs.front().validationLoss.has_value());
    QVERIFY(!recorder.epochs.front().validationAccuracy.has_value());
    const double firstValidation = *recorder.epochs.front().validationLoss;
    const double lastValidation = *recorder.epochs.back().validationLoss;
    qInfo("Boston: validation loss epoch 1 %.3f -> epoch 30 %.3f; train loss epoch 1 %.3f -> %.3f",
          firstValidation, lastValidation, recorder.epochs.front().trainLoss,
          recorder.epochs.back().trainLoss);
    QVERIFY(recorder.epochs.back().trainLoss < 0.5 * recorder.epochs.front().trainLoss);
    QVERIFY(lastValidation < firstValidation);
    QVERIFY(!document.structureLocked());
    QVERIFY(allParametersFinite(document));
}

void TrainingControllerTest::destructorStopsARunningWorker() {
    GraphDocument document;
    loadLongSpiral(document);
    auto controller = std::make_unique<TrainingController>(&document);
    Recorder recorder(*controller);
    controller->train();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.snapshots >= 2, 5000);
    QElapsedTimer clock;
    clock.start();
    controller.reset();
    qInfo("destructor joined the worker in %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < 500);
}

QTEST_MAIN(TrainingControllerTest)
#include "tst_training_controller.moc"
