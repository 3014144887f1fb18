// The views fed by training snapshots: LossPlot, EdgeInspector and the gradient colour key.
#include "app/editor/GradientLegend.h"
#include "app/inspector/EdgeInspector.h"
#include "app/plot/LossPlot.h"

#include <QtTest>
#include <cmath>

using miniflow::Edge;
using miniflow::NodeId;

namespace {

TrainingSnapshot lossesFrom(long firstStep, int count, int epoch, float base) {
    TrainingSnapshot s;
    for (int i = 0; i < count; ++i)
        s.losses.push_back({firstStep + i, epoch, base + static_cast<float>(i % 3)});
    return s;
}

} // namespace

class TrainingViewsTest : public QObject {
    Q_OBJECT
  private slots:
    void lossPlotKeepsEveryStepAndPlacesEpochs();
    void lossPlotSmoothingIsDebiasedAndRecomputed();
    void lossPlotRedrawsAreThrottledAndBounded();
    void lossPlotLogScaleAndClear();
    void gradientMappingIsMonotonicOnALogScale();
    void gradientLegendTicksSpanTheRange();
    void edgeInspectorShowsOnlyItsEdge();
};

void TrainingViewsTest::lossPlotKeepsEveryStepAndPlacesEpochs() {
    LossPlot plot;
    TrainingSnapshot first = lossesFrom(1, 10, 1, 1.0f);
    first.epochs.push_back({1, 1.5, 1.2, 0.6, std::nullopt});
    plot.append(first);
    TrainingSnapshot second = lossesFrom(11, 10, 2, 0.5f);
    second.epochs.push_back({2, 0.9, 0.8, std::nullopt, std::nullopt});
    plot.append(second);
    QCOMPARE(plot.trainingPointCount(), 20);
    QCOMPARE(plot.lastStep(), 20L);
    QCOMPARE(plot.validationPointCount(), 2);
    QCOMPARE(plot.accuracyPointCount(), 1);
}

void TrainingViewsTest::lossPlotSmoothingIsDebiasedAndRecomputed() {
    LossPlot plot;
    plot.setSmoothing(0.9);
    TrainingSnapshot constant;
    for (long s = 1; s <= 5; ++s)
        constant.losses.push_back({s, 1, 2.0f});
    plot.append(constant);
    QCOMPARE(plot.lastSmoothedLoss(), 2.0); // debiased: a constant stays constant from step 1
    TrainingSnapshot jump;
    jump.losses.push_back({6, 1, 12.0f});
    plot.append(jump);
    const double smoothed = plot.lastSmoothedLoss();
    QVERIFY(smoothed > 2.0 && smoothed < 12.0);
    plot.setSmoothing(0.0);
    QCOMPARE(plot.lastSmoothedLoss(), 12.0);
    plot.setSmoothing(0.9);
    QCOMPARE(plot.lastSmoothedLoss(), smoothed);
}

void TrainingViewsTest::lossPlotRedrawsAreThrottledAndBounded() {
    LossPlot plot;
    plot.resize(500, 300);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const int before = plot.replotCount();
    for (int i = 0; i < 100; ++i)
        plot.append(lossesFrom(1 + i * 1000L, 1000, i + 1, 1.0f));
    QTRY_VERIFY(plot.replotCount() > before);
    QTest::qWait(3 * LossPlot::kReplotInterval);
    QVERIFY(plot.replotCount() - before <= 2); // 100 appends, one or two redraws
    QCOMPARE(plot.trainingPointCount(), 100000);
    QVERIFY(plot.drawnPointCount() <= 2 * LossPlot::kMaxBuckets);
    QVERIFY(plot.drawnPointCount() > LossPlot::kMaxBuckets);
}

void TrainingViewsTest::lossPlotLogScaleAndClear() {
    LossPlot plot;
    plot.setLogScale(true);
    QVERIFY(plot.logScale());
    plot.append(lossesFrom(1, 50, 1, 0.1f));
    plot.clear();
    QCOMPARE(plot.trainingPointCount(), 0);
    QCOMPARE(plot.lastStep(), 0L);
    plot.setLogScale(false);
    QVERIFY(!plot.logScale());
}

void TrainingViewsTest::gradientMappingIsMonotonicOnALogScale() {
    const GradientScale scale(1e-4, 1.0);
    QCOMPARE(scale.position(1e-4), 0.0);
    QCOMPARE(scale.position(1.0), 1.0);
    QCOMPARE(scale.position(1e-2), 0.5); // log scale: the middle decade
    QCOMPARE(scale.position(0.0), 0.0);
    QCOMPARE(scale.position(10.0), 1.0); // clamped
    double previousWidth = 0;
    for (double norm : {1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0}) {
        const double width = scale.width(norm);
        QVERIFY(width >= previousWidth);
        previousWidth = width;
    }
    QCOMPARE(scale.width(1.0), GradientScale::kMaxWidth);
    QCOMPARE(scale.colour(1e-4), GradientScale::rampColour(0.0));
    QCOMPARE(scale.colour(1.0), GradientScale::rampColour(1.0));
    QCOMPARE(scale.colour(std::nan("")), QColor(Qt::magenta));
    QVERIFY(GradientScale::rampColour(1.0).red() > GradientScale::rampColour(0.0).red());
}

void TrainingViewsTest::gradientLegendTicksSpanTheRange() {
    GradientLegend legend;
    legend.setScale(GradientScale(2e-5, 3.0));
    const QList<double> ticks = legend.ticks();
    QCOMPARE(ticks.front(), 2e-5);
    QCOMPARE(ticks.back(), 3.0);
    QVERIFY(ticks.size() >= 3 && ticks.size() <= 7);
    QVERIFY(std::is_sorted(ticks.begin(), ticks.end()));
    QVERIFY(legend.caption().contains("fixed range"));
    legend.setScale(GradientScale()); // run-wide, no data yet: says so, draws no ticks
    QVERIFY(legend.ticks().isEmpty());
    QVERIFY2(legend.caption().contains("no data yet"), qPrintable(legend.caption()));
    legend.resize(legend.sizeHint());
    QVERIFY(!legend.grab().isNull());
}

void TrainingViewsTest::edgeInspectorShowsOnlyItsEdge() {
    EdgeInspector inspector;
    const Edge shown{NodeId{3}, 0, NodeId{5}, 1};
    const Edge other{NodeId{4}, 0, NodeId{5}, 2};
    TrainingSnapshot snapshot;
    miniflow::Tensor g(2, 3);
    g << -1, 0, 1, 2, -2, 0.5f;
    snapshot.edgeGradients = {{other, miniflow::summarize(miniflow::Tensor::Ones(1, 3))},
                              {shown, miniflow::summarize(g)}};
    snapshot.watchedEdge = shown;
    snapshot.watchedGradient = g;
    inspector.updateFrom(snapshot);
    QVERIFY(!inspector.summary()); // nothing shown yet
    inspector.showEdge(shown, QStringLiteral("W1 -> dense1"));
    inspector.updateFrom(snapshot);
    QVERIFY(inspector.summary());
    QCOMPARE(inspector.summary()->rows, 2);
    QCOMPARE(inspector.summary()->zeroFraction, 1.0 / 6.0);
    QCOMPARE(inspector.histogramTotal(), 6.0);
    QCOMPARE(inspector.heatMapCells(), QSize(3, 2));
    // A large tensor is reduced block-wise for the heat map.
    snapshot.watchedGradient = miniflow::Tensor::Random(1000, 300);
    inspector.updateFrom(snapshot);
    QCOMPARE(inspector.heatMapCells(), QSize(EdgeInspector::kMaxCells, EdgeInspector::kMaxCells));
    QCOMPARE(inspector.histogramTotal(), 300000.0);
    inspector.clearEdge();
    QVERIFY(!inspector.summary());
    QCOMPARE(inspector.heatMapCells(), QSize(0, 0));
}

QTEST_MAIN(TrainingViewsTest)
#include "tst_training_views.moc"
