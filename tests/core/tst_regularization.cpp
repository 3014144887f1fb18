// Parameter attributes "trainable", "l2" and "l1" (NOTE [Parameter training attributes]) and
// the "adamw" optimizer: AdamW against a hand computation and against PyTorch 1.13's
// torch.optim.AdamW, the penalties' exact effect on a step, frozen Parameters bit-identical
// through training, and bad values refused naming the node.
#include "GraphBuilder.h"

#include "autograd/Session.h"
#include "inspect/GradientCheck.h"
#include "inspect/HealthSample.h"
#include "inspect/UpdateRatio.h"
#include "io/GraphFile.h"
#include "optim/Optimizer.h"
#include "train/Trainer.h"

#include <QtTest>

#include <cmath>
#include <cstring>

using namespace miniflow;
using test::addEdge;
using test::addNode;

namespace {

/// x (4 features) -> Linear(W 4x3, b) -> Tanh -> Linear(V 3x2, c) -> SoftmaxCrossEntropy.
struct Mlp {
    Graph graph;
    NodeId w, b, v, c;
};

Mlp makeMlp(const nlohmann::json& wExtra = nlohmann::json::object(),
            const nlohmann::json& vExtra = nlohmann::json::object()) {
    Mlp m;
    Graph& g = m.graph;
    const NodeId x = addNode(g, "Input", "x", {{"role", "features"}, {"features", 4}});
    const NodeId y = addNode(g, "Input", "y", {{"role", "labels"}, {"features", 1}});
    nlohmann::json wa = {{"rows", 4}, {"cols", 3}, {"initializer", "glorot_uniform"}};
    wa.update(wExtra);
    nlohmann::json va = {{"rows", 3}, {"cols", 2}, {"initializer", "glorot_uniform"}};
    va.update(vExtra);
    m.w = addNode(g, "Parameter", "W", wa);
    m.b = addNode(g, "Parameter", "b", {{"rows", 1}, {"cols", 3}, {"initializer", "uniform"}});
    m.v = addNode(g, "Parameter", "V", va);
    m.c = addNode(g, "Parameter", "c", {{"rows", 1}, {"cols", 2}, {"initializer", "zeros"}});
    const NodeId h = addNode(g, "Linear", "h", {{"units", 3}});
    const NodeId t = addNode(g, "Tanh", "t");
    const NodeId o = addNode(g, "Linear", "o", {{"units", 2}});
    const NodeId loss = addNode(g, "SoftmaxCrossEntropy", "loss");
    addEdge(g, x, h, 0);
    addEdge(g, m.w, h, 1);
    addEdge(g, m.b, h, 2);
    addEdge(g, h, t, 0);
    addEdge(g, t, o, 0);
    addEdge(g, m.v, o, 1);
    addEdge(g, m.c, o, 2);
    addEdge(g, o, loss, 0);
    addEdge(g, y, loss, 1);
    return m;
}

TrainingData someData() {
    Rng rng(21);
    Dataset d;
    d.features.resize(32, 4);
    d.targets.resize(32, 1);
    for (Index r = 0; r < 32; ++r) {
        for (Index k = 0; k < 4; ++k)
            d.features(r, k) = static_cast<float>(rng.uniform(-1.0, 1.0));
        d.targets(r, 0) = d.features(r, 0) + d.features(r, 1) > 0 ? 1.0f : 0.0f;
    }
    d.classes = 2;
    return {d, {}, {}};
}

bool sameBits(const Tensor& a, const Tensor& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

float sign(float v) {
    return v > 0 ? 1.0f : v < 0 ? -1.0f : 0.0f;
}

} // namespace

class TestRegularization : public QObject {
    Q_OBJECT
  private slots:
    /// Three AdamW steps against PyTorch 1.13's torch.optim.AdamW([w], lr=0.01,
    /// weight_decay=0.1) (float32, printed with 9 digits), and the first step by hand.
    void adamwMatchesTorch() {
        AdamW adamw(0.01, 0.1);
        Tensor w{{0.5f, -1.0f, 2.0f, 0.0f, -0.25f}};
        const Tensor grads[] = {Tensor{{0.1f, -0.2f, 0.3f, 0.0f, 1e-3f}},
                                Tensor{{-0.05f, 0.4f, 0.1f, 1.0f, -2.0f}},
                                Tensor{{0.2f, 0.2f, -0.3f, 0.5f, 0.0f}}};
        const Tensor torch[] = {
            Tensor{{0.489500016f, -0.989000022f, 1.98800004f, 0.0f, -0.259749889f}},
            Tensor{{0.486347139f, -0.991672099f, 1.97730148f, -0.00744136795f, -0.252052128f}},
            Tensor{{0.479279667f, -0.995872855f, 1.97484028f, -0.0154363392f, -0.246050477f}}};
        // By hand, step 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², so the Adam part is
        // lr g / (|g| + 1e-8) = ±lr, after W *= 1 - lr wd.
        const Tensor w0 = w;
        for (int step = 0; step < 3; ++step) {
            adamw.beginStep();
            adamw.apply(NodeId{1}, w, grads[step], w);
            if (step == 0)
                for (Index i = 0; i < w.size(); ++i) {
                    const double g = grads[0](0, i);
                    const double hand =
                        w0(0, i) * (1 - 0.01 * 0.1) - 0.01 * g / (std::abs(g) + 1e-8);
                    QVERIFY2(std::abs(w(0, i) - hand) < 1e-7,
                             qPrintable(QString("%1: %2 vs %3").arg(i).arg(w(0, i)).arg(hand)));
                }
            for (Index i = 0; i < w.size(); ++i)
                QVERIFY2(std::abs(w(0, i) - torch[step](0, i)) <= 2e-7,
                         qPrintable(QString("step %1, %2: %3 vs torch %4")
                                        .arg(step + 1)
                                        .arg(i)
                                        .arg(w(0, i), 0, 'g', 9)
                                        .arg(torch[step](0, i), 0, 'g', 9)));
        }
    }

    /// weightDecay reaches AdamW from the training settings and the project file.
    void weightDecayFlowsFromTheFile() {
        GraphFile file;
        file.graph = makeMlp().graph;
        file.training.optimizer = "adamw";
        file.training.weightDecay = 0.25;
        const GraphFile back = graphFileFromJson(toJson(file), "test");
        QCOMPARE(back.training.optimizer, std::string("adamw"));
        QCOMPARE(back.training.weightDecay, 0.25);
        Trainer trainer(Plan::build(back.graph), back.training, someData());
        auto* adamw = dynamic_cast<AdamW*>(&trainer.optimizer());
        QVERIFY(adamw);
        QCOMPARE(adamw->weightDecay(), 0.25);
        // Files that do not use AdamW are written as before.
        file.training.optimizer = "adam";
        file.training.weightDecay = TrainingConfig{}.weightDecay;
        QVERIFY(!toJson(file)["training"].contains("weightDecay"));
        nlohmann::json bad = toJson(file);
        bad["training"]["weightDecay"] = -0.1;
        try {
            graphFileFromJson(bad, "bad.json");
            QFAIL("a negative weight decay was accepted");
        } catch (const std::exception& e) {
            QVERIFY2(QString(e.what()).contains("/training/weightDecay"), e.what());
        }
    }

    /// One SGD step: the penalties add exactly l2 W + l1 sign(W) to the gradient, so the step
    /// differs from the unpenalized one by -lr (l2 W + l1 sign(W)); the reported loss is the
    /// data loss in both.
    void penaltiesChangeTheGradientExactly() {
        TrainingConfig config;
        config.optimizer = "sgd";
        config.learningRate = 0.5;
        config.batchSize = 8;
        const double l2 = 0.3, l1 = 0.05;
        const Mlp plain = makeMlp();
        const Mlp penalized = makeMlp({{"l2", l2}, {"l1", l1}}, {{"l2", l2}});
        Trainer a(Plan::build(plain.graph), config, someData());
        Trainer b(Plan::build(penalized.graph), config, someData());
        const Tensor w0 = a.session().value(plain.w), v0 = a.session().value(plain.v);
        QVERIFY(sameBits(w0, b.session().value(penalized.w)));
        const std::vector<Index> rows{0, 3, 5, 8, 13, 21, 22, 30};
        const float lossA = a.step(rows), lossB = b.step(rows);
        QCOMPARE(lossB, lossA); // the data loss, without the penalty terms
        const Tensor& wa = a.session().value(plain.w);
        const Tensor& wb = b.session().value(penalized.w);
        for (Index i = 0; i < w0.size(); ++i) {
            const double expected =
                wa.data()[i] - 0.5 * (l2 * w0.data()[i] + l1 * sign(w0.data()[i]));
            QVERIFY2(std::abs(wb.data()[i] - expected) < 1e-6,
                     qPrintable(QString("W[%1]: %2 vs %3").arg(i).arg(wb.data()[i]).arg(expected)));
        }
        const Tensor& va = a.session().value(plain.v);
        const Tensor& vb = b.session().value(penalized.v);
        for (Index i = 0; i < v0.size(); ++i)
            QVERIFY(std::abs(vb.data()[i] - (va.data()[i] - 0.5 * l2 * v0.data()[i])) < 1e-6);
        // b and c have no penalty: the same step in both.
        QVERIFY(sameBits(a.session().value(plain.b), b.session().value(penalized.b)));
    }

    /// A frozen Parameter stays bit-identical through training (Adam, AdamW, with an l2 that
    /// would otherwise move it), gets no gradient, no health entry and no update ratio, while
    /// the others train; it is saved with the project's parameters like any other.
    void frozenParametersStayBitIdentical_data() {
        QTest::addColumn<QString>("optimizer");
        QTest::newRow("adam") << "adam";
        QTest::newRow("adamw") << "adamw";
        QTest::newRow("momentum") << "momentum";
    }
    void frozenParametersStayBitIdentical() {
        QFETCH(QString, optimizer);
        const Mlp m = makeMlp({{"trainable", false}, {"l2", 0.5}});
        TrainingConfig config;
        config.optimizer = optimizer.toStdString();
        config.learningRate = 0.05;
        config.batchSize = 8;
        config.epochs = 3;
        config.clipGradientNorm = 0.5;
        Trainer trainer(Plan::build(m.graph), config, someData());
        QVERIFY(!trainer.session().isTrainable(m.w));
        QVERIFY(trainer.session().isTrainable(m.v));
        QCOMPARE(trainer.session().trainableParameterIds().size(), size_t{3});
        const Tensor w0 = trainer.session().value(m.w), v0 = trainer.session().value(m.v);
        trainer.run();
        QVERIFY(sameBits(trainer.session().value(m.w), w0));
        QVERIFY(!sameBits(trainer.session().value(m.v), v0));
        const HealthSample health = measureHealth(trainer.session(), trainer.stepsDone());
        QCOMPARE(health.parameters.size(), size_t{3});
        for (const ParameterStats& p : health.parameters)
            QVERIFY(p.node != m.w);
        QVERIFY(trainer.valuesBeforeLastUpdate());
        const std::map<NodeId, double> ratios =
            measureUpdateRatios(trainer.session(), *trainer.valuesBeforeLastUpdate());
        QVERIFY(!ratios.count(m.w));
        QVERIFY(ratios.count(m.v) && ratios.at(m.v) > 0);
        // Gradient checks leave it out too.
        Session& s = trainer.session();
        s.setGradientScope(GradientScope::AllEdges);
        for (const GradientCheckResult& r : checkGradients(s))
            QVERIFY(r.node != m.w);
        // Saved and loaded with the other parameters, the attribute with it.
        GraphFile file;
        file.graph = m.graph;
        for (NodeId id : s.parameterIds())
            file.parameters[id] = s.parameter(id);
        const GraphFile back = graphFileFromJson(toJson(file), "test");
        QVERIFY(sameBits(back.parameters.at(m.w), w0));
        QVERIFY(back.graph.find(m.w)->attributes.at("trainable") == false);
    }

    /// Bad values are refused by Plan, naming the node and the attribute.
    void badValuesNameTheNode_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("negative l2") << "l2"
                                     << "-0.1";
        QTest::newRow("negative l1") << "l1"
                                     << "-1";
        QTest::newRow("text l2") << "l2"
                                 << "\"much\"";
        QTest::newRow("trainable as a number") << "trainable"
                                               << "0";
        QTest::newRow("trainable as text") << "trainable"
                                           << "\"no\"";
    }
    void badValuesNameTheNode() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        const Mlp m = makeMlp({{key.toStdString(), nlohmann::json::parse(value.toStdString())}});
        const std::vector<Diagnostic> problems = Plan::check(m.graph);
        QCOMPARE(problems.size(), size_t{1});
        QCOMPARE(problems[0].kind, Diagnostic::Kind::BadAttribute);
        QCOMPARE(problems[0].nodes, std::vector<NodeId>{m.w});
        const QString message = QString::fromStdString(problems[0].message);
        QVERIFY2(message.contains("\"W\"") && message.contains(key), qPrintable(message));
    }

    void optimizerNamesIncludeAdamw() {
        QVERIFY(isOptimizerName("adamw"));
        QVERIFY(dynamic_cast<AdamW*>(makeOptimizer("adamw", 1e-3).get()));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeOptimizer("adamw", 1e-3, 0.9, -1.0));
        try {
            makeOptimizer("lamb", 1e-3);
            QFAIL("unknown optimizer accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("adamw"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestRegularization)
#include "tst_regularization.moc"
