// Gradient-health alerts from real training (Trainer): a deep sigmoid chain vanishes, a ReLU
// layer behind a large negative bias dies, a huge learning rate explodes, and the healthy
// spiral example raises nothing. Also: the one-step update ratio and the decision boundary.
#include "GraphBuilder.h"
#include "SharedData.h"

#include "inspect/DecisionBoundary.h"
#include "inspect/GradientHealth.h"
#include "inspect/GradientSummary.h"
#include "inspect/UpdateRatio.h"
#include "io/DataSource.h"
#include "io/GraphFile.h"
#include "train/Trainer.h"

#include <QtTest>

#include <cmath>

using namespace miniflow;

namespace {

TrainingData builtin(const std::string& name) {
    DatasetSpec spec;
    spec.source = "builtin";
    spec.name = name;
    spec.samples = 200;
    spec.noise = 0.1;
    return loadTrainingData(spec, "");
}

/// Linear(units) on `from` (fan-in `in`) with its own W and b, then `activation` (if any).
NodeId addDense(Graph& g, NodeId from, int in, int units, const std::string& activation,
                const std::string& tag, nlohmann::json bias = {{"initializer", "zeros"}}) {
    const NodeId w =
        test::addNode(g, "Parameter", "W" + tag,
                      {{"rows", in}, {"cols", units}, {"initializer", "glorot_uniform"}});
    bias["rows"] = 1;
    bias["cols"] = units;
    const NodeId b = test::addNode(g, "Parameter", "b" + tag, bias);
    const NodeId linear = test::addNode(g, "Linear", "dense" + tag, {{"units", units}});
    test::addEdge(g, from, linear, 0);
    test::addEdge(g, w, linear, 1);
    test::addEdge(g, b, linear, 2);
    if (activation.empty())
        return linear;
    const NodeId act = test::addNode(g, activation, activation + tag);
    test::addEdge(g, linear, act);
    return act;
}

/// Input(2) -> hidden layers -> Linear(1) -> MSE against the 0/1 class labels.
Graph regressionNet(const std::vector<std::pair<int, std::string>>& hidden,
                    nlohmann::json firstBias = {{"initializer", "zeros"}}) {
    Graph g;
    const NodeId x = test::addNode(g, "Input", "x", {{"role", "features"}, {"features", 2}});
    const NodeId y = test::addNode(g, "Input", "y", {{"role", "labels"}, {"features", 1}});
    NodeId last = x;
    int width = 2;
    for (size_t i = 0; i < hidden.size(); ++i) {
        last = addDense(g, last, width, hidden[i].first, hidden[i].second, std::to_string(i + 1),
                        i == 0 ? firstBias : nlohmann::json{{"initializer", "zeros"}});
        width = hidden[i].first;
    }
    const NodeId out = addDense(g, last, width, 1, "", "out");
    const NodeId loss = test::addNode(g, "MSE", "loss");
    test::addEdge(g, y, loss, 0);
    test::addEdge(g, out, loss, 1);
    return g;
}

TrainingConfig sgd(double learningRate) {
    TrainingConfig c;
    c.optimizer = "sgd";
    c.learningRate = learningRate;
    c.batchSize = 32;
    c.epochs = 1000;
    return c;
}

/// Trains `steps` steps and, every `every` steps, does what the studio's worker does at
/// snapshot time (measure, with the one-step update ratio) and what the GUI does with it
/// (observe). Returns every alert raised at any snapshot; stops early on NaN/Inf.
struct Watched {
    std::vector<HealthAlert> raised;
    GradientHealth health;
    int snapshots = 0;
    double smallestGradientRatio =
        INFINITY;                 ///< min over snapshots and parameters of ||dL/dW||/||W||
    double largestSaturation = 0; ///< max share of sigmoid/tanh outputs near an asymptote
    double largestZeroShare = 0;  ///< max share of ReLU outputs exactly 0
};

Watched train(const Graph& graph, TrainingConfig config, TrainingData data, int steps, int every) {
    Trainer trainer(Plan::build(graph), config, std::move(data));
    Watched w{{}, GradientHealth(graph), 0};
    for (int s = 1; s <= steps; ++s) {
        try {
            trainer.step();
        } catch (const NonFiniteError&) {
            break;
        }
        if (s % every != 0)
            continue;
        HealthSample sample = measureHealth(trainer.session(), s);
        std::map<NodeId, double> updates;
        if (const std::vector<Tensor>* before = trainer.valuesBeforeLastUpdate())
            updates = measureUpdateRatios(trainer.session(), *before);
        for (ParameterStats& p : sample.parameters)
            if (updates.count(p.node))
                p.updateRatio = updates[p.node];
        for (const ParameterStats& p : sample.parameters)
            w.smallestGradientRatio =
                std::min(w.smallestGradientRatio, p.gradientNorm / p.weightNorm);
        for (const ActivationStats& a : sample.activations) {
            w.largestSaturation = std::max(w.largestSaturation, a.saturatedFraction());
            if (a.op == "ReLU")
                w.largestZeroShare = std::max(w.largestZeroShare, a.zeroFraction);
        }
        w.health.observe(sample, summarizeEdgeGradients(trainer.session()));
        w.raised.insert(w.raised.end(), w.health.alerts().begin(), w.health.alerts().end());
        ++w.snapshots;
    }
    return w;
}

bool raisedAt(const Watched& w, AlertKind kind, const Graph& g, const std::string& node) {
    const NodeId id = g.findByName(node)->id;
    return std::any_of(w.raised.begin(), w.raised.end(),
                       [&](const HealthAlert& a) { return a.kind == kind && a.node == id; });
}

QString describe(const std::vector<HealthAlert>& alerts) {
    QStringList lines;
    for (const HealthAlert& a : alerts)
        lines << QString::fromStdString(a.message);
    lines.removeDuplicates();
    return lines.join("\n");
}

} // namespace

class TestGradientHealth : public QObject {
    Q_OBJECT
  private slots:
    /// SGD moves W by lr * dL/dW, so the ratio read from the Trainer's double buffer must be
    /// lr * ||dL/dW|| / ||W_after|| for every parameter, and there is none before a step.
    void updateRatioIsTheLatestSgdStep() {
        const double rate = 0.1;
        Trainer trainer(Plan::build(regressionNet({{8, "Tanh"}})), sgd(rate), builtin("xor"));
        QVERIFY(trainer.valuesBeforeLastUpdate() == nullptr);
        trainer.step();
        trainer.step();
        const std::map<NodeId, double> ratios =
            measureUpdateRatios(trainer.session(), *trainer.valuesBeforeLastUpdate());
        QCOMPARE(ratios.size(), trainer.session().parameterIds().size());
        for (NodeId id : trainer.session().parameterIds()) {
            const double gradient = trainer.session().nodeGradient(id).norm();
            const double weight = trainer.session().value(id).norm();
            QVERIFY(gradient > 0);
            QVERIFY2(
                std::abs(ratios.at(id) - rate * gradient / weight) <= 1e-5 * ratios.at(id),
                qPrintable(QString("%1 vs %2").arg(ratios.at(id)).arg(rate * gradient / weight)));
        }
    }

    void deepSigmoidChainVanishes() {
        std::vector<std::pair<int, std::string>> layers(10, {8, "Sigmoid"});
        const Graph g = regressionNet(layers);
        const Watched w = train(g, sgd(0.1), builtin("xor"), 60, 2);
        QVERIFY2(raisedAt(w, AlertKind::Vanishing, g, "W1"), qPrintable(describe(w.raised)));
        const auto alert = std::find_if(w.raised.begin(), w.raised.end(), [](const HealthAlert& a) {
            return a.kind == AlertKind::Vanishing;
        });
        QVERIFY(QString::fromStdString(alert->message).contains("barely learns"));
        QVERIFY(!raisedAt(w, AlertKind::Vanishing, g, "Wout")); // the last layer still learns
        qInfo("%s", alert->message.c_str());
        HealthThresholds noSpread;
        noSpread.vanishingSpread = 1e12; // the first layer is not that far below the last
        Watched strict = w;
        strict.health.setThresholds(noSpread);
        QVERIFY(strict.health.alerts().empty());
        QVERIFY(!raisedAt(w, AlertKind::Exploding, g, "denseout"));
    }

    void reluBehindLargeNegativeBiasIsDead() {
        const Graph g =
            regressionNet({{16, "ReLU"}}, {{"initializer", "constant"}, {"value", -40.0}});
        const Watched w = train(g, sgd(0.05), builtin("xor"), 30, 2);
        QVERIFY2(raisedAt(w, AlertKind::DeadRelu, g, "ReLU1"), qPrintable(describe(w.raised)));
        const auto dead = std::find_if(w.raised.begin(), w.raised.end(), [](const HealthAlert& a) {
            return a.kind == AlertKind::DeadRelu;
        });
        QVERIFY2(
            QString::fromStdString(dead->message).contains("100% of outputs are 0 (16 of 16 units"),
            dead->message.c_str());
        qInfo("%s", dead->message.c_str());
        // The same net with zero biases has live units.
        const Graph live = regressionNet({{16, "ReLU"}});
        const Watched alive = train(live, sgd(0.05), builtin("xor"), 30, 2);
        QVERIFY(!raisedAt(alive, AlertKind::DeadRelu, live, "ReLU1"));
        qInfo("zero biases: largest share of zero ReLU outputs %.3f", alive.largestZeroShare);
    }

    /// GELU registers a rectifier's health (off at or below -3): behind a bias of -40 its
    /// units are dead, with the same alert kind as ReLU's; with zero biases they are not.
    void geluBehindLargeNegativeBiasIsDead() {
        const Graph g =
            regressionNet({{16, "GELU"}}, {{"initializer", "constant"}, {"value", -40.0}});
        const Watched w = train(g, sgd(0.05), builtin("xor"), 30, 2);
        QVERIFY2(raisedAt(w, AlertKind::DeadRelu, g, "GELU1"), qPrintable(describe(w.raised)));
        const auto dead = std::find_if(w.raised.begin(), w.raised.end(), [](const HealthAlert& a) {
            return a.kind == AlertKind::DeadRelu;
        });
        QVERIFY2(
            QString::fromStdString(dead->message)
                .contains("GELU GELU1 dead: 100% of outputs are near 0 (inputs at or below -3)"),
            dead->message.c_str());
        qInfo("%s", dead->message.c_str());
        const Watched alive =
            train(regressionNet({{16, "GELU"}}), sgd(0.05), builtin("xor"), 30, 2);
        QVERIFY2(alive.raised.empty() || std::none_of(alive.raised.begin(), alive.raised.end(),
                                                      [](const HealthAlert& a) {
                                                          return a.kind == AlertKind::DeadRelu;
                                                      }),
                 qPrintable(describe(alive.raised)));
    }

    void hugeLearningRateExplodes() {
        const Graph g = regressionNet({{16, "ReLU"}});
        const Watched w = train(g, sgd(2.0), builtin("xor"), 60, 1);
        const bool exploded =
            std::any_of(w.raised.begin(), w.raised.end(), [](const HealthAlert& a) {
                return a.kind == AlertKind::Exploding && a.edge.has_value();
            });
        QVERIFY2(exploded, qPrintable(describe(w.raised)));
        qInfo("after %d snapshots: %s", w.snapshots, w.raised.front().message.c_str());
        // A sane rate on the same net raises nothing of the kind.
        const Watched sane = train(g, sgd(0.01), builtin("xor"), 60, 1);
        QVERIFY2(sane.raised.empty(), qPrintable(describe(sane.raised)));
    }

    void healthySpiralRaisesNothing() {
        const GraphFile file = readGraphFile(test::examplePath("spiral.json"));
        const Watched w =
            train(file.graph, file.training, loadTrainingData(file.dataset, ""), 600, 4);
        QCOMPARE(w.snapshots, 150);
        QVERIFY2(w.raised.empty(), qPrintable(describe(w.raised)));
        qInfo("spiral margins: smallest ||dL/dW||/||W|| %.3g, largest tanh saturation %.3f",
              w.smallestGradientRatio, w.largestSaturation);
        // The sparkline data: one-step ||ΔW||/||W|| of each parameter, positive and small.
        const std::vector<double>& ratios =
            w.health.updateRatioHistory(file.graph.findByName("W1")->id);
        QCOMPARE(ratios.size(), size_t(150)); // every snapshot: each follows a step
        QVERIFY(
            std::all_of(ratios.begin(), ratios.end(), [](double r) { return r > 0 && r < 0.5; }));
        QVERIFY(
            !w.health
                 .edgeNormHistory(file.graph.edgesFrom(file.graph.findByName("dense1")->id).front())
                 .empty());
    }

    /// A model that has learned its training set has tiny gradients everywhere: that is
    /// convergence, not a vanishing gradient (no layer lags behind the others). (Adam at
    /// lr 0.01 on this converged net then has loss spikes, which the exploding rule may
    /// rightly report: they are the learning rate's doing.)
    void convergedSpiralIsNotVanishing() {
        const GraphFile file = readGraphFile(test::examplePath("spiral.json"));
        TrainingConfig config = file.training;
        config.epochs = 100000;
        const Watched w = train(file.graph, config, loadTrainingData(file.dataset, ""), 12000, 40);
        qInfo("converged spiral: smallest ||dL/dW||/||W|| %.3g", w.smallestGradientRatio);
        QVERIFY(w.smallestGradientRatio < w.health.thresholds().vanishingRatio); // tiny indeed
        const bool vanishing =
            std::any_of(w.raised.begin(), w.raised.end(),
                        [](const HealthAlert& a) { return a.kind == AlertKind::Vanishing; });
        QVERIFY2(!vanishing, qPrintable(describe(w.raised)));
        if (!w.raised.empty())
            qInfo("also raised: %s", w.raised.front().message.c_str());
    }

    void thresholdsAreSettings() {
        std::vector<std::pair<int, std::string>> layers(10, {8, "Sigmoid"});
        const Graph g = regressionNet(layers);
        Watched w = train(g, sgd(0.1), builtin("xor"), 20, 2);
        QVERIFY(!w.health.alerts().empty());
        HealthThresholds lenient = w.health.thresholds();
        lenient.vanishingRatio = 0;
        lenient.saturatedShare = 1.01;
        w.health.setThresholds(lenient); // re-evaluated from the history, no new data
        QVERIFY2(w.health.alerts().empty(), qPrintable(describe(w.health.alerts())));
    }

    void historyKeepsTheWholeRunWithinTheCap() {
        const Graph g = regressionNet({{4, "Tanh"}});
        const Watched w = train(g, sgd(0.01), builtin("xor"), 600, 1);
        const auto& history =
            w.health.edgeNormHistory(g.edgesFrom(g.findByName("Tanh1")->id).front());
        QVERIFY(history.size() <= GradientHealth::kHistoryCap);
        QVERIFY(history.size() >= GradientHealth::kHistoryCap / 2);
    }

    void decisionBoundaryFollowsTheTrainedSpiral() {
        const GraphFile file = readGraphFile(test::examplePath("spiral.json"));
        TrainingConfig config = file.training;
        config.epochs = 60;
        TrainingData data = loadTrainingData(file.dataset, "");
        Trainer trainer(Plan::build(file.graph), config, data);
        trainer.run();
        QVERIFY(DecisionBoundary::applies(trainer.session().plan()));
        DecisionBoundary boundary(trainer.session().plan(), data.train, 60);
        const BoundaryMap map = boundary.evaluate(trainer.session(), trainer.stepsDone());
        QCOMPARE(map.output.rows(), Index(3600));
        QCOMPARE(map.output.cols(), Index(2));
        QVERIFY(map.probabilities);
        QCOMPARE(map.units.at(file.graph.findByName("tanh1")->id).cols(), Index(16));
        // Each drawn point's grid cell predicts its class (the map really is the model).
        Index agree = 0;
        for (Index r = 0; r < map.points.rows(); ++r) {
            const int j =
                std::clamp(int((map.points(r, 0) - map.xMin) / (map.xMax - map.xMin) * 60), 0, 59);
            const int i =
                std::clamp(int((map.yMax - map.points(r, 1)) / (map.yMax - map.yMin) * 60), 0, 59);
            const Index cell = Index(i) * 60 + j;
            agree += (map.output(cell, 1) > 0.5f) == (map.labels(r, 0) > 0.5f);
        }
        const double share = double(agree) / double(map.points.rows());
        const double trainAccuracy = trainer.evaluate(data.train).accuracy.value();
        qInfo("spiral after %ld steps: train accuracy %.3f, map agrees on %.3f of drawn points",
              trainer.stepsDone(), trainAccuracy, share);
        QVERIFY(trainAccuracy > 0.9);
        QVERIFY(share > trainAccuracy - 0.08); // a 60 x 60 grid cell is coarser than a point
    }

    void decisionBoundaryRefusesOtherInputs() {
        Graph g = regressionNet({{4, "Tanh"}});
        const Plan plan = Plan::build(g);
        QVERIFY(DecisionBoundary::applies(plan));
        g.find(g.findByName("x")->id)->attributes["features"] = 3;
        g.find(g.findByName("W1")->id)->attributes["rows"] = 3;
        const Plan wide = Plan::build(g);
        QVERIFY(!DecisionBoundary::applies(wide));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DecisionBoundary(wide, Dataset{}, 10));
    }
};

QTEST_GUILESS_MAIN(TestGradientHealth)
#include "tst_gradient_health.moc"
