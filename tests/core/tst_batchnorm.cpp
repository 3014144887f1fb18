// BatchNorm (per feature and per channel): gradients against finite differences in training
// mode, evaluation with the running statistics, the running statistics after k training steps
// against a computation in double, and which passes may update them (NOTE [Op state]).
#include "BatchNormGraph.h"

#include "autograd/Session.h"
#include "inspect/GradientCheck.h"
#include "inspect/NodeGradientCheck.h"
#include "inspect/StepThrough.h"
#include "io/GraphFile.h"
#include "io/StoredParameters.h"
#include "ops/OpRegistry.h"
#include "train/Trainer.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace miniflow;
using test::addBatchNorm;
using test::addEdge;
using test::addNode;
using test::BatchNormNodes;

namespace {

Tensor randomTensor(Index rows, Index cols, Rng& rng, double low = -2.0, double high = 2.0) {
    Tensor t(rows, cols);
    for (Index i = 0; i < t.size(); ++i)
        t.data()[i] = static_cast<float>(rng.uniform(low, high));
    return t;
}

/// x (sampleDims `dims`, or flat when `dims` has one entry) -> BatchNorm -> MSE against
/// random labels: a training graph whose loss depends on every output value.
struct Net {
    Graph graph;
    NodeId x, labels, loss;
    BatchNormNodes bn;
    Index channels = 0, features = 0;
};

Net makeNet(const std::vector<Index>& dims, nlohmann::json attributes = nlohmann::json::object()) {
    Net n;
    n.channels = dims.front();
    n.features = 1;
    for (Index d : dims)
        n.features *= d;
    nlohmann::json input = {{"role", "features"}, {"features", n.features}};
    if (dims.size() > 1)
        input["sampleDims"] = dims;
    n.x = addNode(n.graph, "Input", "x", input);
    n.bn = addBatchNorm(n.graph, n.x, n.channels, "bn", std::move(attributes));
    n.labels = addNode(n.graph, "Input", "y", {{"role", "labels"}, {"features", n.features}});
    n.loss = addNode(n.graph, "MSE", "loss");
    addEdge(n.graph, n.labels, n.loss, 0);
    addEdge(n.graph, n.bn.node, n.loss, 1);
    return n;
}

/// Mean and biased variance per channel of `x` (rows = samples, channel-major columns).
void channelStatistics(const Tensor& x, Index channels, std::vector<double>& mean,
                       std::vector<double>& variance) {
    const Index positions = x.cols() / channels;
    const auto count = static_cast<double>(x.rows() * positions);
    mean.assign(static_cast<size_t>(channels), 0.0);
    variance.assign(static_cast<size_t>(channels), 0.0);
    for (Index c = 0; c < channels; ++c) {
        for (Index r = 0; r < x.rows(); ++r)
            for (Index s = 0; s < positions; ++s)
                mean[static_cast<size_t>(c)] += x(r, c * positions + s);
        mean[static_cast<size_t>(c)] /= count;
        for (Index r = 0; r < x.rows(); ++r)
            for (Index s = 0; s < positions; ++s) {
                const double d = x(r, c * positions + s) - mean[static_cast<size_t>(c)];
                variance[static_cast<size_t>(c)] += d * d;
            }
        variance[static_cast<size_t>(c)] /= count;
    }
}

bool sameBits(const Tensor& a, const Tensor& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

} // namespace

class TestBatchNorm : public QObject {
    Q_OBJECT
  private slots:
    /// Finite differences in training mode through the batch statistics, for x, scale and
    /// shift; per feature (flat rows) and per channel (C x H x W), several shapes.
    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<QVector<int>>("dims");
        QTest::addColumn<int>("batch");
        QTest::addColumn<double>("epsilon");
        QTest::newRow("flat 3 features, batch 4") << QVector<int>{3} << 4 << 1e-5;
        QTest::newRow("flat 7 features, batch 2") << QVector<int>{7} << 2 << 1e-5;
        QTest::newRow("flat 5 features, batch 9, eps 0.1") << QVector<int>{5} << 9 << 0.1;
        QTest::newRow("image 2x3x3, batch 3") << QVector<int>{2, 3, 3} << 3 << 1e-5;
        QTest::newRow("image 3x2x4, batch 2") << QVector<int>{3, 2, 4} << 2 << 1e-5;
        QTest::newRow("image 1x5x1, batch 4") << QVector<int>{1, 5, 1} << 4 << 1e-3;
        QTest::newRow("image 4x1x1, batch 5") << QVector<int>{4, 1, 1} << 5 << 1e-5;
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(QVector<int>, dims);
        QFETCH(int, batch);
        QFETCH(double, epsilon);
        Net net = makeNet(std::vector<Index>(dims.begin(), dims.end()), {{"epsilon", epsilon}});
        Session session(Plan::build(net.graph), 3);
        Rng rng(static_cast<std::uint64_t>(batch * 31 + dims.size()));
        session.input(net.x) = randomTensor(batch, net.features, rng, -1.0, 3.0);
        session.input(net.labels) = randomTensor(batch, net.features, rng);
        session.parameter(net.bn.scale) = randomTensor(1, net.channels, rng, 0.5, 2.0);
        session.parameter(net.bn.shift) = randomTensor(1, net.channels, rng);
        GradientCheckOptions options;
        options.maxElements = 200;
        options.epsilon = 3e-3;
        const std::vector<GradientCheckResult> results = checkGradients(session, options);
        QStringList checked;
        for (const GradientCheckResult& r : results) {
            checked << QString::fromStdString(r.name);
            QVERIFY2(r.passed, qPrintable(QString("%1: relative error %2, max difference %3")
                                              .arg(QString::fromStdString(r.name))
                                              .arg(r.relativeError)
                                              .arg(r.maxAbsDifference)));
        }
        // The running statistics are state, not trained: not checked (and not moved).
        checked.sort();
        QCOMPARE(checked, QStringList({"bn_scale", "bn_shift", "x", "y"}));
        QCOMPARE(session.parameter(net.bn.mean), Tensor::Zero(1, net.channels).eval());
        QCOMPARE(session.parameter(net.bn.variance), Tensor::Ones(1, net.channels).eval());
    }

    /// The op alone, as the studio's per-node check isolates it: green.
    void nodeCheckIsolatesTheOp() {
        Net net = makeNet({2, 2, 3});
        Session session(Plan::build(net.graph), 3);
        Rng rng(5);
        session.input(net.x) = randomTensor(4, net.features, rng);
        session.input(net.labels) = randomTensor(4, net.features, rng);
        const std::optional<NodeCheck> check = checkNode(session, net.bn.node);
        QVERIFY(check);
        QCOMPARE(check->grade, CheckGrade::Green);
    }

    /// Evaluation normalizes with the running statistics, whatever the batch holds.
    void evaluationUsesRunningStatistics() {
        Net net = makeNet({2, 1, 3}, {{"epsilon", 0.01}});
        Session session(Plan::build(net.graph), 3);
        Rng rng(8);
        const Tensor x = randomTensor(5, net.features, rng);
        session.input(net.x) = x;
        session.input(net.labels) = Tensor::Zero(5, net.features);
        const Tensor mean{{0.5f, -1.0f}}, variance{{4.0f, 0.25f}}, scale{{2.0f, -0.5f}},
            shift{{0.1f, 0.2f}};
        session.parameter(net.bn.mean) = mean;
        session.parameter(net.bn.variance) = variance;
        session.parameter(net.bn.scale) = scale;
        session.parameter(net.bn.shift) = shift;
        session.forward(Mode::Eval);
        const Tensor& out = session.value(net.bn.node);
        for (Index r = 0; r < x.rows(); ++r)
            for (Index k = 0; k < x.cols(); ++k) {
                const Index c = k / 3;
                const double expected =
                    scale(0, c) * (x(r, k) - mean(0, c)) / std::sqrt(variance(0, c) + 0.01) +
                    shift(0, c);
                QVERIFY2(
                    std::abs(out(r, k) - expected) < 1e-5,
                    qPrintable(
                        QString("(%1, %2): %3 vs %4").arg(r).arg(k).arg(out(r, k)).arg(expected)));
            }
        // One sample is enough in evaluation.
        const float first = out(0, 0);
        session.input(net.x) = x.topRows(1);
        session.input(net.labels) = Tensor::Zero(1, net.features);
        session.forward(Mode::Eval);
        QCOMPARE(session.value(net.bn.node)(0, 0), first);
    }

    /// Training needs two values per channel (PyTorch refuses fewer too): one flat sample is
    /// refused with a message naming the node; one image of 2 x 3 positions is fine.
    void trainingRefusesOneValuePerChannel() {
        Net flat = makeNet({3});
        Session session(Plan::build(flat.graph), 3);
        session.input(flat.x) = Tensor::Ones(1, 3);
        session.input(flat.labels) = Tensor::Zero(1, 3);
        try {
            session.forward(Mode::Train);
            QFAIL("a one-sample training batch was normalized");
        } catch (const RunError& e) {
            QVERIFY2(QString(e.what()).contains("\"bn\"") &&
                         QString(e.what()).contains("at least 2"),
                     e.what());
        }
        session.forward(Mode::Eval); // evaluation of one sample is fine
        Net image = makeNet({2, 1, 3});
        Session images(Plan::build(image.graph), 3);
        images.input(image.x) = Tensor::Random(1, 6);
        images.input(image.labels) = Tensor::Zero(1, 6);
        images.forward(Mode::Train);
        QVERIFY(allFinite(images.value(image.bn.node)));
    }

    /// Training mode normalizes with the batch's statistics: each channel of the output has
    /// mean shift and (biased) standard deviation |scale| (up to epsilon).
    void trainingUsesBatchStatistics() {
        Net net = makeNet({3, 2, 2}, {{"epsilon", 1e-6}});
        Session session(Plan::build(net.graph), 3);
        Rng rng(9);
        session.input(net.x) = randomTensor(6, net.features, rng, 1.0, 5.0);
        session.input(net.labels) = Tensor::Zero(6, net.features);
        session.parameter(net.bn.scale) = Tensor{{2.0f, 1.0f, 0.5f}};
        session.parameter(net.bn.shift) = Tensor{{-1.0f, 0.0f, 3.0f}};
        session.parameter(net.bn.mean) = Tensor{{100.0f, 100.0f, 100.0f}}; // ignored in training
        session.forward(Mode::Train);
        std::vector<double> mean, variance;
        channelStatistics(session.value(net.bn.node), 3, mean, variance);
        const double shifts[] = {-1.0, 0.0, 3.0}, scales[] = {2.0, 1.0, 0.5};
        for (size_t c = 0; c < 3; ++c) {
            QVERIFY(std::abs(mean[c] - shifts[c]) < 1e-5);
            QVERIFY(std::abs(std::sqrt(variance[c]) - scales[c]) < 1e-4);
        }
    }

    /// k Trainer steps on known batches: running = (1 - m) running + m batch, the variance
    /// unbiased, compared with the same rule computed in double from the batches.
    void runningStatisticsAfterSteps_data() {
        QTest::addColumn<QVector<int>>("dims");
        QTest::addColumn<double>("momentum");
        QTest::newRow("flat 4 features, momentum 0.1") << QVector<int>{4} << 0.1;
        QTest::newRow("image 2x2x3, momentum 0.1") << QVector<int>{2, 2, 3} << 0.1;
        QTest::newRow("image 3x1x2, momentum 0.5") << QVector<int>{3, 1, 2} << 0.5;
    }
    void runningStatisticsAfterSteps() {
        QFETCH(QVector<int>, dims);
        QFETCH(double, momentum);
        Net net = makeNet(std::vector<Index>(dims.begin(), dims.end()), {{"momentum", momentum}});
        Rng rng(11);
        Dataset train;
        train.features = randomTensor(40, net.features, rng, -3.0, 5.0);
        train.targets = randomTensor(40, net.features, rng);
        TrainingConfig config;
        config.optimizer = "sgd";
        config.learningRate = 0.1;
        Trainer trainer(Plan::build(net.graph), config, {train, {}, {}});
        std::vector<double> runningMean(static_cast<size_t>(net.channels), 0.0);
        std::vector<double> runningVariance(static_cast<size_t>(net.channels), 1.0);
        const int steps = 6;
        for (int k = 0; k < steps; ++k) {
            std::vector<Index> rows;
            for (Index r = 0; r < 3 + k; ++r)
                rows.push_back((7 * k + 3 * r) % 40);
            Tensor batch(static_cast<Index>(rows.size()), net.features);
            for (size_t r = 0; r < rows.size(); ++r)
                batch.row(static_cast<Index>(r)) = train.features.row(rows[r]);
            std::vector<double> mean, variance;
            channelStatistics(batch, net.channels, mean, variance);
            const double count = static_cast<double>(batch.size() / net.channels);
            for (size_t c = 0; c < mean.size(); ++c) {
                runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c];
                runningVariance[c] = (1 - momentum) * runningVariance[c] +
                                     momentum * variance[c] * count / (count - 1);
            }
            trainer.step(rows);
        }
        const Tensor& mean = trainer.session().value(net.bn.mean);
        const Tensor& variance = trainer.session().value(net.bn.variance);
        for (Index c = 0; c < net.channels; ++c) {
            const auto k = static_cast<size_t>(c);
            QVERIFY2(std::abs(mean(0, c) - runningMean[k]) < 1e-5 * (1 + std::abs(runningMean[k])),
                     qPrintable(QString("mean %1 vs %2").arg(mean(0, c)).arg(runningMean[k])));
            QVERIFY2(std::abs(variance(0, c) - runningVariance[k]) <
                         1e-5 * (1 + runningVariance[k]),
                     qPrintable(
                         QString("variance %1 vs %2").arg(variance(0, c)).arg(runningVariance[k])));
        }
        // Saved and restored with the project's parameters like any other.
        GraphFile file;
        file.graph = net.graph;
        for (NodeId id : trainer.session().parameterIds())
            file.parameters[id] = trainer.session().value(id);
        Session reopened(Plan::build(graphFileFromJson(toJson(file), "test").graph), 99);
        restoreParameters(reopened, graphFileFromJson(toJson(file), "test"));
        QVERIFY(sameBits(reopened.value(net.bn.mean), mean));
        QVERIFY(sameBits(reopened.value(net.bn.variance), variance));
        // Evaluation reads them and leaves them alone.
        const Tensor meanBefore = mean, varianceBefore = variance;
        trainer.evaluate(train);
        QVERIFY(sameBits(trainer.session().value(net.bn.mean), meanBefore));
        QVERIFY(sameBits(trainer.session().value(net.bn.variance), varianceBefore));
        // Reset starts them over from their initializers.
        trainer.reset();
        QCOMPARE(trainer.session().value(net.bn.mean), Tensor::Zero(1, net.channels).eval());
        QCOMPARE(trainer.session().value(net.bn.variance), Tensor::Ones(1, net.channels).eval());
    }

    /// Only the Trainer's step moves the running statistics: a plain training forward, an
    /// evaluation, a gradient check, a node check and a step-through leave them bit-identical.
    void looksDoNotChangeTheModel() {
        Net net = makeNet({2, 2, 2});
        Session session(Plan::build(net.graph), 3);
        Rng rng(12);
        session.input(net.x) = randomTensor(5, net.features, rng, 2.0, 6.0);
        session.input(net.labels) = randomTensor(5, net.features, rng);
        const Tensor mean{{0.25f, -0.5f}}, variance{{2.0f, 3.0f}};
        session.parameter(net.bn.mean) = mean;
        session.parameter(net.bn.variance) = variance;
        const auto unchanged = [&] {
            return sameBits(session.value(net.bn.mean), mean) &&
                   sameBits(session.value(net.bn.variance), variance);
        };
        session.forward(Mode::Train);
        session.backward();
        QVERIFY(unchanged());
        session.forward(Mode::Eval);
        QVERIFY(unchanged());
        checkGradients(session);
        QVERIFY(unchanged());
        checkAllNodes(session);
        QVERIFY(unchanged());
        StepThrough steps(session);
        QVERIFY(unchanged());
        // The one pass that may: a training forward with StateUpdate::Apply.
        session.forward(Mode::Train, StateUpdate::Apply);
        QVERIFY(!sameBits(session.value(net.bn.mean), mean));
        QVERIFY(!sameBits(session.value(net.bn.variance), variance));
        // Evaluation never does, even when asked.
        const Tensor meanAfter = session.value(net.bn.mean);
        session.forward(Mode::Eval, StateUpdate::Apply);
        QVERIFY(sameBits(session.value(net.bn.mean), meanAfter));
    }

    /// A step that fails (NaN in the batch) leaves the running statistics as they were.
    void failedStepRestoresRunningStatistics() {
        Net net = makeNet({3});
        Dataset train;
        Rng rng(13);
        train.features = randomTensor(8, 3, rng);
        train.targets = randomTensor(8, 3, rng);
        train.features(5, 1) = std::numeric_limits<float>::quiet_NaN();
        TrainingConfig config;
        config.optimizer = "sgd";
        Trainer trainer(Plan::build(net.graph), config, {train, {}, {}});
        trainer.step({0, 1, 2, 3});
        const Tensor mean = trainer.session().value(net.bn.mean);
        const Tensor variance = trainer.session().value(net.bn.variance);
        QVERIFY(!sameBits(mean, Tensor::Zero(1, 3)));
        QVERIFY_THROWS_EXCEPTION(NonFiniteError, trainer.step({4, 5, 6, 7}));
        QVERIFY(sameBits(trainer.session().value(net.bn.mean), mean));
        QVERIFY(sameBits(trainer.session().value(net.bn.variance), variance));
    }

    /// Plan refuses state ports that are not fed by a Parameter of their own with
    /// "trainable": false, and bad attributes, naming the nodes.
    void planChecksStatePortsAndAttributes() {
        {
            Net net = makeNet({3});
            net.graph.find(net.bn.mean)->attributes["trainable"] = true;
            const std::vector<Diagnostic> problems = Plan::check(net.graph);
            QCOMPARE(problems.size(), size_t{1});
            QCOMPARE(problems[0].kind, Diagnostic::Kind::BadAttribute);
            QVERIFY2(QString::fromStdString(problems[0].message).contains("\"bn_mean\""),
                     problems[0].message.c_str());
        }
        {
            Net net = makeNet({3});
            net.graph.removeEdge({net.bn.variance, 0, net.bn.node, 4});
            addEdge(net.graph, net.bn.mean, net.bn.node, 4); // one Parameter for both
            const std::vector<Diagnostic> problems = Plan::check(net.graph);
            QVERIFY(!problems.empty());
            QVERIFY(QString::fromStdString(problems[0].message).contains("its own Parameter"));
        }
        {
            Net net = makeNet({3});
            net.graph.removeEdge({net.bn.variance, 0, net.bn.node, 4});
            const NodeId c = addNode(net.graph, "Constant", "c", {{"value", {{1.0, 1.0, 1.0}}}});
            addEdge(net.graph, c, net.bn.node, 4);
            const std::vector<Diagnostic> problems = Plan::check(net.graph);
            QVERIFY(!problems.empty());
            QCOMPARE(problems[0].kind, Diagnostic::Kind::BadEdge);
            QVERIFY(
                QString::fromStdString(problems[0].message).contains("must be fed by a Parameter"));
        }
        for (const auto& [key, value] : {std::pair{"momentum", 1.5}, std::pair{"epsilon", 0.0}}) {
            Net net = makeNet({3}, {{key, value}});
            const std::vector<Diagnostic> problems = Plan::check(net.graph);
            QCOMPARE(problems.size(), size_t{1});
            QVERIFY2(QString::fromStdString(problems[0].message).contains("\"bn\"") &&
                         QString::fromStdString(problems[0].message).contains(key),
                     problems[0].message.c_str());
        }
        {
            Net net = makeNet({2, 2, 2});
            net.graph.find(net.bn.scale)->attributes["cols"] = 8; // per value, not channel
            const std::vector<Diagnostic> problems = Plan::check(net.graph);
            QCOMPARE(problems.size(), size_t{1});
            const QString message = QString::fromStdString(problems[0].message);
            QVERIFY2(message.contains("1 x 2") && message.contains("1 x 8") &&
                         message.contains("channel"),
                     qPrintable(message));
        }
    }
};

QTEST_APPLESS_MAIN(TestBatchNorm)
#include "tst_batchnorm.moc"
