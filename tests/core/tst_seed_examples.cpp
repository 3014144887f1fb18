// The values MiniFlow's seed document prints, reproduced from the example graphs.
#include "SharedData.h"

#include "autograd/Session.h"
#include "io/GraphFile.h"

#include <QtTest>

using namespace miniflow;

namespace {

Session runExample(const QString& name) {
    const GraphFile file = readGraphFile(test::examplePath(name));
    const bool hasLoss = file.graph.findByName("cost") != nullptr;
    Session session(
        Plan::build(file.graph, hasLoss ? PlanPurpose::Training : PlanPurpose::Forward));
    session.forward();
    return session;
}

const Tensor& valueOf(const Session& s, const std::string& name) {
    return s.value(s.plan().graph().findByName(name)->id);
}

const Tensor& gradientOf(const Session& s, const std::string& name) {
    return s.nodeGradient(s.plan().graph().findByName(name)->id);
}

/// max |a - e| / |e| over the elements (|e| > 0 everywhere in the seed's figures).
double maxRelativeError(const Tensor& actual, const std::vector<double>& expected) {
    if (actual.size() != static_cast<Index>(expected.size()))
        return 1e30;
    double worst = 0;
    for (Index i = 0; i < actual.size(); ++i)
        worst = std::max(worst, std::abs(actual.data()[i] - expected[static_cast<size_t>(i)]) /
                                    std::abs(expected[static_cast<size_t>(i)]));
    return worst;
}

} // namespace

class TestSeedExamples : public QObject {
    Q_OBJECT
  private slots:
    void addGives19() { QCOMPARE(valueOf(runExample("add.json"), "f")(0, 0), 19.0f); }
    void mulGives200() { QCOMPARE(valueOf(runExample("mul.json"), "f")(0, 0), 200.0f); }

    void linearGivesSeedMatrix() {
        const Session session = runExample("linear.json"); // outlives the reference below
        const Tensor& f = valueOf(session, "f");
        QCOMPARE(maxRelativeError(f, {18, 21, 42, 49}), 0.0);
    }

    void linearSigmoidGivesSeedValues() {
        const Session session = runExample("linear-sigmoid.json"); // outlives the reference below
        const Tensor& g = valueOf(session, "g");
        QVERIFY(maxRelativeError(
                    g, {1.23394576e-04, 9.82013790e-01, 1.23394576e-04, 9.82013790e-01}) <= 1e-4);
    }

    void mseGivesSeedValue() {
        const Session session = runExample("mse.json"); // outlives the reference below
        const Tensor& cost = valueOf(session, "cost");
        QVERIFY(std::abs(cost(0, 0) - 23.4166666667) / 23.4166666667 <= 1e-6);
    }

    /// The seed's "Expected output for case 1": gradients of X, y, W1 and b.
    void backpropGradientsMatchSeed() {
        Session s = runExample("backprop.json");
        QVERIFY(std::abs(s.loss() - 2.4999498960133932) / 2.4999498960133932 <= 1e-6);
        s.backward();
        const double x = maxRelativeError(gradientOf(s, "X"), {-3.34017280e-05, -5.01025919e-05,
                                                               -6.68040138e-05, -1.00206021e-04});
        const double y = maxRelativeError(gradientOf(s, "y"), {0.9999833, 1.9999833});
        const double w = maxRelativeError(gradientOf(s, "W1"), {5.01028709e-05, 1.00205742e-04});
        const double b = maxRelativeError(gradientOf(s, "b"), {-5.01028709e-05});
        qInfo("relative errors vs the seed: X %.2e, y %.2e, W1 %.2e, b %.2e", x, y, w, b);
        QVERIFY(x <= 1e-4);
        QVERIFY(y <= 1e-4);
        QVERIFY(w <= 1e-4);
        QVERIFY(b <= 1e-4);
    }

    /// The intermediate gradient the seed prints at "BP @ Sigmoid", read from the edge.
    void sigmoidEdgeGradientMatchesSeedTrace() {
        Session s = runExample("backprop.json");
        s.backward();
        const Graph& g = s.plan().graph();
        const Edge linearToSigmoid{g.findByName("f1")->id, 0, g.findByName("activation")->id, 0};
        QVERIFY(maxRelativeError(s.edgeGradient(linearToSigmoid),
                                 {-1.67008640e-05, -3.34020069e-05}) <= 1e-4);
        const Edge sigmoidToCost{g.findByName("activation")->id, 0, g.findByName("cost")->id, 1};
        QVERIFY(maxRelativeError(s.edgeGradient(sigmoidToCost), {-0.9999833, -1.9999833}) <= 1e-4);
    }
};

QTEST_APPLESS_MAIN(TestSeedExamples)
#include "tst_seed_examples.moc"
