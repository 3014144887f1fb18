/// LossDivergence and the divergence alert of GradientHealth, on hand-made loss series.
#include "inspect/GradientHealth.h"
#include "inspect/LossDivergence.h"

#include <QtTest>
#include <cmath>

using namespace miniflow;

class TestLossDivergence : public QObject {
    Q_OBJECT
  private slots:
    void fallingLossIsNotDivergence() {
        LossDivergence d;
        for (double loss : {1.1, 0.9, 0.95, 0.7, 0.72, 0.5, 0.45})
            d.observe(loss);
        QVERIFY(!d.verdict({10, 2, 5, 4}));
        QCOMPARE(*d.runningMinimum(), 0.45);
    }
    void tenTimesTheMinimumIsDivergence() {
        LossDivergence d;
        for (double loss : {0.7, 0.6, 3.0, 5.9})
            d.observe(loss);
        QVERIFY(!d.verdict({10, 0, 5, 0})); // 5.9 < 10 x 0.6
        d.observe(6.1);
        const auto why = d.verdict({10, 0, 5, 0});
        QVERIFY(why);
        QVERIFY2(why->find("running minimum 0.6") != std::string::npos, why->c_str());
    }
    void risingForNSnapshotsIsDivergence() {
        LossDivergence d;
        for (double loss : {0.5, 0.51, 0.52, 0.53})
            d.observe(loss);
        QVERIFY(!d.verdict({10, 0, 5, 4})); // three rises
        d.observe(0.54);
        QVERIFY(d.verdict({10, 0, 5, 4}));  // four
        QVERIFY(!d.verdict({10, 0, 5, 0})); // rising check off
        d.observe(0.535);
        QVERIFY(!d.verdict({10, 0, 5, 4}));
    }
    void nonFiniteLossIsDivergence() {
        LossDivergence d;
        d.observe(0.5);
        d.observe(std::nan(""));
        QVERIFY(d.verdict({10, 0, 5, 0}));
    }
    /// SGD at learning rate 5 on the spiral: ~6 from the first snapshot on, against 0.69 at the
    /// first step (under 10x, but worse than the untrained model for good).
    void worseThanAtTheStartForSustainedSnapshotsIsDivergence() {
        LossDivergence d;
        d.observe(6.2, 0.69);
        for (double loss : {5.8, 6.5, 5.9})
            d.observe(loss, 0.69);
        QVERIFY(!d.verdict({10, 2, 5, 0})); // four snapshots
        d.observe(6.1, 0.69);
        const auto why = d.verdict({10, 2, 5, 0});
        QVERIFY(why);
        QVERIFY2(why->find("worse than the untrained model") != std::string::npos, why->c_str());
        d.observe(1.0, 0.69); // back below 2 x 0.69
        QVERIFY(!d.verdict({10, 2, 5, 0}));
    }
    void healthRaisesItAtTheLossNamingTheLearningRate() {
        Graph g;
        GradientHealth health(g);
        HealthSample sample;
        sample.lossNode = NodeId{7};
        sample.learningRate = 5;
        for (long step = 1; step <= 6; ++step) {
            sample.step = step;
            sample.loss = step < 4 ? 0.7 : 40.0;
            health.observe(sample, {});
        }
        QCOMPARE(health.alerts().size(), size_t(1));
        const HealthAlert& alert = health.alerts().front();
        QVERIFY(alert.kind == AlertKind::Divergence);
        QVERIFY(alert.node == NodeId{7});
        QVERIFY2(alert.message.find("learning rate (now 5)") != std::string::npos,
                 alert.message.c_str());
        QCOMPARE(health.alertsAt(NodeId{7}).size(), size_t(1));
        health.reset(g);
        QVERIFY(health.alerts().empty());
    }
};

QTEST_APPLESS_MAIN(TestLossDivergence)
#include "tst_loss_divergence.moc"
