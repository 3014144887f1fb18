// Numerical faults during training: NaN/Inf injected in the data, in a parameter, through
// an overflowing learning rate, and in a gradient only; each stops the step, names the node
// where it first appeared and leaves the last finite parameters. Gradient-norm clipping
// bounds the update and round-trips through the graph file.
#include "GraphBuilder.h"
#include "SharedData.h"

#include "io/GraphFile.h"
#include "tensor/Rng.h"
#include "train/Trainer.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace miniflow;

namespace {

using Parameters = std::map<NodeId, Tensor>;

GraphFile boston() {
    return readGraphFile(test::examplePath("boston.json"));
}

/// 64 rows like Boston's: 13 standard-normal features, a linear target.
TrainingData bostonLike() {
    Rng rng(5);
    Dataset d;
    d.features.resize(64, 13);
    d.targets.resize(64, 1);
    for (Index r = 0; r < 64; ++r) {
        double y = 22;
        for (Index c = 0; c < 13; ++c) {
            d.features(r, c) = static_cast<float>(rng.normal());
            y += (c % 2 ? 2.0 : -1.0) * d.features(r, c);
        }
        d.targets(r, 0) = static_cast<float>(y);
    }
    return {d, {}, {}};
}

Parameters parametersOf(Trainer& trainer) {
    Parameters values;
    for (NodeId id : trainer.session().parameterIds())
        values[id] = trainer.session().parameter(id);
    return values;
}

bool allParametersFinite(Trainer& trainer) {
    for (NodeId id : trainer.session().parameterIds())
        if (!allFinite(trainer.session().parameter(id)))
            return false;
    return true;
}

std::string nameOf(Trainer& trainer, NodeId id) {
    const Node* node = trainer.session().plan().graph().find(id);
    return node ? node->name : "?";
}

/// Runs `trainer.step(rows)` (or the Batcher's next batch when rows is empty) and returns
/// the NonFiniteError it throws; fails the test when it does not throw.
std::optional<NonFiniteError> failingStep(Trainer& trainer, const std::vector<Index>& rows = {}) {
    try {
        rows.empty() ? trainer.step() : trainer.step(rows);
    } catch (const NonFiniteError& e) {
        return e;
    }
    return std::nullopt;
}

/// Sum of squares of (after - before) over every parameter.
double squaredDistance(const Parameters& before, const Parameters& after) {
    double sum = 0;
    for (const auto& [id, value] : before)
        sum += (after.at(id) - value).cast<double>().squaredNorm();
    return sum;
}

} // namespace

class TestNumericalFaults : public QObject {
    Q_OBJECT
  private slots:
    /// A NaN cell in the batch: the loss is NaN, the Input is named, nothing changes.
    void nanInTheDataNamesTheInput() {
        TrainingData data = bostonLike();
        data.train.features(7, 3) = std::numeric_limits<float>::quiet_NaN();
        Trainer trainer(Plan::build(boston().graph), boston().training, data);
        trainer.step({0, 1, 2});
        const Parameters before = parametersOf(trainer);
        const auto error = failingStep(trainer, {5, 6, 7});
        QVERIFY(error);
        QCOMPARE(nameOf(trainer, error->node), std::string("X"));
        QVERIFY2(QString(error->what()).contains("value of \"X\""), error->what());
        QVERIFY(!error->rolledBack);
        QVERIFY(parametersOf(trainer) == before);
        QCOMPARE(trainer.stepsDone(), 1L);
    }

    /// An Inf cell saturates the sigmoid (the loss stays finite) but makes the gradient of
    /// W1 NaN: the gradient check catches it and still names the data Input as the origin.
    void infInTheDataWithAFiniteLossIsCaughtByTheGradientCheck() {
        TrainingData data = bostonLike();
        data.train.features(2, 0) = std::numeric_limits<float>::infinity();
        Trainer trainer(Plan::build(boston().graph), boston().training, data);
        const Parameters before = parametersOf(trainer);
        const auto error = failingStep(trainer, {1, 2});
        QVERIFY(error);
        QVERIFY2(std::isfinite(trainer.session().loss()), "this case needs a finite loss");
        QCOMPARE(nameOf(trainer, error->node), std::string("X"));
        QVERIFY(parametersOf(trainer) == before);
    }

    /// A parameter turned NaN between steps (as a bad update would): the next step names
    /// it and rolls every parameter back to the values before the latest update.
    void nanInAParameterIsRolledBack() {
        Trainer trainer(Plan::build(boston().graph), boston().training, bostonLike());
        for (int i = 0; i < 4; ++i)
            trainer.step();
        const Parameters lastFinite = parametersOf(trainer);
        trainer.step();
        const NodeId w2 = trainer.session().plan().graph().findByName("W2")->id;
        trainer.session().parameter(w2)(3, 0) = std::numeric_limits<float>::quiet_NaN();
        const auto error = failingStep(trainer);
        QVERIFY(error);
        QCOMPARE(nameOf(trainer, error->node), std::string("W2"));
        QVERIFY(error->rolledBack);
        QVERIFY2(QString(error->what()).contains("rolled back"), error->what());
        QVERIFY(allParametersFinite(trainer));
        QVERIFY(parametersOf(trainer) == lastFinite);
    }

    /// A learning rate of 1e38 overflows the first update to Inf; the next step names a
    /// parameter and restores the initial values; training can go on at a sane rate.
    void overflowingLearningRateIsRolledBack() {
        GraphFile file = boston();
        file.training.learningRate = 1e38;
        Trainer trainer(Plan::build(file.graph), file.training, bostonLike());
        const Parameters initial = parametersOf(trainer);
        trainer.step();
        QVERIFY2(!allParametersFinite(trainer), "the update was expected to overflow");
        const auto error = failingStep(trainer);
        QVERIFY(error);
        QVERIFY(error->rolledBack);
        const SourceKind kind =
            trainer.session()
                .plan()
                .nodes()[static_cast<size_t>(trainer.session().plan().indexOf(error->node))]
                .info->source;
        QVERIFY2(kind == SourceKind::Parameter, error->what());
        QVERIFY(parametersOf(trainer) == initial);
        trainer.optimizer().setLearningRate(0.01);
        QVERIFY(std::isfinite(trainer.step()));
    }

    /// Values and loss finite, only a parameter's gradient overflows (x = 1e30 times an
    /// error of ~1e18): the gradient check names that parameter.
    void overflowingGradientNamesTheParameter() {
        Graph g;
        const NodeId x = test::addNode(g, "Input", "x", {{"role", "features"}, {"features", 1}});
        const NodeId y = test::addNode(g, "Input", "y", {{"role", "labels"}, {"features", 1}});
        const NodeId w = test::addNode(
            g, "Parameter", "w",
            {{"rows", 1}, {"cols", 1}, {"initializer", "constant"}, {"value", 1e-30}});
        const NodeId product = test::addNode(g, "Mul", "product");
        const NodeId loss = test::addNode(g, "MSE", "loss");
        test::addEdge(g, x, product, 0);
        test::addEdge(g, w, product, 1);
        test::addEdge(g, y, loss, 0);
        test::addEdge(g, product, loss, 1);
        Dataset d;
        d.features = Tensor::Constant(4, 1, 1e30f);
        d.targets = Tensor::Constant(4, 1, 5e18f);
        TrainingConfig config;
        config.optimizer = "sgd";
        config.batchSize = 4;
        Trainer trainer(Plan::build(g), config, {d, {}, {}});
        const auto error = failingStep(trainer);
        QVERIFY(error);
        QVERIFY2(std::isfinite(trainer.session().loss()), "this case needs a finite loss");
        QCOMPARE(nameOf(trainer, error->node), std::string("w"));
        QVERIFY2(QString(error->what()).contains("gradient of \"w\""), error->what());
        QCOMPARE(trainer.session().parameter(w)(0, 0), 1e-30f);
    }

    /// With SGD the update is -lr * gradient, so |update| / lr is the norm the step used:
    /// clipped to the setting when the gradient is larger, in the same direction.
    void clippingBoundsTheGlobalGradientNorm() {
        GraphFile file = boston();
        const double lr = file.training.learningRate;
        Trainer free(Plan::build(file.graph), file.training, bostonLike());
        const Parameters start = parametersOf(free);
        free.step();
        const double norm = std::sqrt(squaredDistance(start, parametersOf(free))) / lr;
        QVERIFY2(norm > 1.0, qPrintable(QString("gradient norm %1 too small to clip").arg(norm)));

        file.training.clipGradientNorm = 1.0;
        Trainer clipped(Plan::build(file.graph), file.training, bostonLike());
        clipped.step();
        const Parameters after = parametersOf(clipped);
        QVERIFY(std::abs(std::sqrt(squaredDistance(start, after)) / lr - 1.0) < 1e-3);
        const Parameters freeAfter = parametersOf(free);
        for (const auto& [id, value] : start) {
            const Tensor expected =
                value + (freeAfter.at(id) - value) * static_cast<float>(1.0 / norm);
            QVERIFY((after.at(id) - expected).cwiseAbs().maxCoeff() < 1e-5f);
        }

        file.training.clipGradientNorm = 10 * norm; // above the norm: the step is untouched
        Trainer loose(Plan::build(file.graph), file.training, bostonLike());
        loose.step();
        QVERIFY(parametersOf(loose) == freeAfter);
    }

    void clippingRoundTripsThroughTheGraphFile() {
        GraphFile file = boston();
        QVERIFY(!toJson(file)["training"].contains("clipGradientNorm")); // off: not written
        file.training.clipGradientNorm = 2.5;
        const GraphFile back = graphFileFromJson(toJson(file));
        QCOMPARE(back.training.clipGradientNorm, 2.5);
        QVERIFY(back == file);
        nlohmann::json bad = toJson(file);
        bad["training"]["clipGradientNorm"] = -1;
        try {
            graphFileFromJson(bad, "bad.json");
            QFAIL("a negative clipping norm was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(QString(e.what()).contains("bad.json: at /training/clipGradientNorm"),
                     e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestNumericalFaults)
#include "tst_numerical_faults.moc"
