// Confusion matrices: counts and the rows in each cell, from a classifier run on a small
// generated set whose answers are known by construction.
#include "GraphBuilder.h"

#include "inspect/ConfusionMatrix.h"

#include <QtTest>

using namespace miniflow;

namespace {

/// Inputs X (2 features) and labels; logits = X · I (so the predicted class is the larger
/// feature) feeding SoftmaxCrossEntropy, or one logit x1 - x0 feeding BinaryCrossEntropy.
Graph identityClassifier(bool binaryLogit) {
    Graph g;
    const NodeId x = test::addNode(g, "Input", "X", {{"features", 2}});
    const NodeId y = test::addNode(g, "Input", "y", {{"features", 1}, {"role", "labels"}});
    const nlohmann::json weights =
        nlohmann::json::parse(binaryLogit ? "[[-1], [1]]" : "[[1, 0], [0, 1]]");
    const NodeId w = test::addNode(g, "Parameter", "W", {{"value", weights}});
    const NodeId logits = test::addNode(g, "MatMul", "logits");
    const NodeId loss =
        test::addNode(g, binaryLogit ? "BinaryCrossEntropy" : "SoftmaxCrossEntropy", "loss");
    test::addEdge(g, x, logits, 0);
    test::addEdge(g, w, logits, 1);
    test::addEdge(g, logits, loss, 0);
    test::addEdge(g, y, loss, 1);
    return g;
}

/// 7 samples: the prediction is 0 when x0 > x1. Actual classes chosen so that the
/// matrix is [[2, 1], [3, 1]] (row = actual).
Dataset sevenSamples() {
    Dataset d;
    d.classes = 2;
    d.features.resize(7, 2);
    d.features << 2, 1, /**/ 3, 0, /**/ 0, 1, /**/ 5, 4, /**/ 1, 0, /**/ 2, 0, /**/ 0, 3;
    // predicted:   0          0          1          0          0          0          1
    d.targets.resize(7, 1);
    d.targets << 0, 0, 0, 1, 1, 1, 1;
    return d;
}

} // namespace

class TestConfusionMatrix : public QObject {
    Q_OBJECT
  private slots:
    void countsAndCellsFromVectors() {
        const ConfusionMatrix m(3, {0, 1, 2, 2, 1, 0}, {0, 2, 2, 1, 1, 0});
        QCOMPARE(m.count(0, 0), Index{2});
        QCOMPARE(m.count(1, 2), Index{1});
        QCOMPARE(m.count(2, 1), Index{1});
        QCOMPARE(m.count(2, 0), Index{0});
        QCOMPARE(m.total(), Index{6});
        QCOMPARE(m.samples(0, 0), (std::vector<Index>{0, 5}));
        QCOMPARE(m.samples(2, 1), (std::vector<Index>{3}));
        QCOMPARE(m.accuracy(), 4.0 / 6.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ConfusionMatrix(2, {0, 2}, {0, 1}));
    }

    void classifierOnGeneratedSet_data() {
        QTest::addColumn<bool>("binaryLogit");
        QTest::newRow("softmax, two outputs") << false;
        QTest::newRow("binary, one logit") << true;
    }

    void classifierOnGeneratedSet() {
        QFETCH(bool, binaryLogit);
        Session session(Plan::build(identityClassifier(binaryLogit)));
        const ConfusionMatrix m =
            computeConfusionMatrix(session, sevenSamples(), 3); // batches of 3, 3, 1
        QCOMPARE(m.classes(), 2);
        QCOMPARE(m.count(0, 0), Index{2});
        QCOMPARE(m.count(0, 1), Index{1});
        QCOMPARE(m.count(1, 0), Index{3});
        QCOMPARE(m.count(1, 1), Index{1});
        QCOMPARE(m.samples(1, 0), (std::vector<Index>{3, 4, 5}));
        QCOMPARE(m.samples(0, 1), (std::vector<Index>{2}));
        QCOMPARE(m.predictedOf(6), 1);
        QCOMPARE(m.actualOf(6), 1);
    }

    void regressionDataIsRefusedWithAReason() {
        Session session(Plan::build(identityClassifier(false)));
        Dataset d = sevenSamples();
        d.classes = 0;
        try {
            computeConfusionMatrix(session, d);
            QFAIL("expected a refusal");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString(e.what()).contains("not labelled with classes"));
        }
    }
};

QTEST_APPLESS_MAIN(TestConfusionMatrix)
#include "tst_confusion_matrix.moc"
