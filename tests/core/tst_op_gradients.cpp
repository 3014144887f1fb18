// Every op's backward against central finite differences, on random shapes.
// Precision: float32 (the engine's type), h = 1e-2, loss L = sum(R * out) with random R;
// pass when ||analytic - numeric|| / (||analytic|| + ||numeric||) <= 1e-2 per input.
#include "GraphBuilder.h"

#include "autograd/Session.h"
#include "inspect/GradientCheck.h"
#include "ops/OpRegistry.h"

#include <QtTest>

using namespace miniflow;

namespace {

constexpr double kStep = 1e-2;
constexpr double kTolerance = 1e-2;

Tensor randomTensor(Index rows, Index cols, Rng& rng) {
    Tensor t(rows, cols);
    for (Index i = 0; i < t.size(); ++i) {
        double v = rng.uniform(-2.0, 2.0);
        if (std::abs(v) < 0.1)
            v += v < 0 ? -0.1 : 0.1; // away from ReLU's kink
        t.data()[i] = static_cast<float>(v);
    }
    return t;
}

/// An op, its inputs, and which inputs are differentiable.
struct Case {
    std::unique_ptr<Op> op;
    std::vector<Tensor> inputs;
    std::vector<bool> check;
};

float weightedSum(Op& op, const std::vector<Tensor>& inputs, const Tensor& weights, Tensor& out) {
    std::vector<const Tensor*> ptrs;
    for (const Tensor& t : inputs)
        ptrs.push_back(&t);
    Rng rng(99); // Dropout's mask is the same on every call
    OpContext ctx{true, &rng};
    op.forward(ptrs, out, ctx);
    return out.cwiseProduct(weights).sum();
}

/// Relative error of each checked input's gradient.
std::vector<double> relativeErrors(Case& c, Rng& rng) {
    Tensor out;
    weightedSum(*c.op, c.inputs, Tensor::Ones(1, 1), out);
    const Tensor weights = randomTensor(out.rows(), out.cols(), rng);
    weightedSum(*c.op, c.inputs, weights, out);
    std::vector<Tensor> grads(c.inputs.size());
    std::vector<const Tensor*> in;
    std::vector<Tensor*> gradPtrs;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        in.push_back(&c.inputs[i]);
        gradPtrs.push_back(&grads[i]);
    }
    Rng maskRng(99);
    c.op->backward(in, out, weights, gradPtrs, OpContext{true, &maskRng});
    std::vector<double> errors;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        if (!c.check[i])
            continue;
        if (grads[i].rows() != c.inputs[i].rows() || grads[i].cols() != c.inputs[i].cols()) {
            errors.push_back(1e9); // wrong gradient shape
            continue;
        }
        double diff = 0, a = 0, n = 0;
        Tensor scratch;
        for (Index k = 0; k < c.inputs[i].size(); ++k) {
            float& x = c.inputs[i].data()[k];
            const float saved = x;
            x = saved + static_cast<float>(kStep);
            const double plus = weightedSum(*c.op, c.inputs, weights, scratch);
            x = saved - static_cast<float>(kStep);
            const double minus = weightedSum(*c.op, c.inputs, weights, scratch);
            x = saved;
            const double numeric = (plus - minus) / (2 * kStep);
            const double analytic = grads[i].data()[k];
            diff += (numeric - analytic) * (numeric - analytic);
            a += analytic * analytic;
            n += numeric * numeric;
        }
        errors.push_back(std::sqrt(diff) / std::max(std::sqrt(a) + std::sqrt(n), 1e-12));
    }
    return errors;
}

Case makeCase(const std::string& kind, Rng& rng) {
    const Index n = 2 + static_cast<Index>(rng.below(5)), c = 2 + static_cast<Index>(rng.below(4));
    const Index k = 2 + static_cast<Index>(rng.below(4));
    nlohmann::json attributes = findOp(kind)->defaultAttributes;
    std::vector<Index> imageDims; // {C, H, W} of input 0 for ops on images
    Case result;
    auto add = [&](Tensor t, bool check = true) {
        result.inputs.push_back(std::move(t));
        result.check.push_back(check);
    };
    if (kind == "Add" || kind == "Mul") {
        attributes["inputs"] = 3;
        add(randomTensor(n, c, rng));
        add(randomTensor(1, c, rng)); // broadcast row
        add(randomTensor(n, c, rng));
    } else if (kind == "MatMul") {
        add(randomTensor(n, k, rng));
        add(randomTensor(k, c, rng));
    } else if (kind == "Linear") {
        add(randomTensor(n, k, rng));
        add(randomTensor(k, c, rng));
        add(randomTensor(1, c, rng));
    } else if (kind == "MSE" || kind == "BinaryCrossEntropy") {
        add(randomTensor(n, c, rng));
        Tensor labels = randomTensor(n, c, rng);
        if (kind == "BinaryCrossEntropy")
            labels = (labels.array() > 0).cast<float>().matrix();
        add(labels);
    } else if (kind == "SoftmaxCrossEntropy") {
        add(randomTensor(n, c, rng));
        Tensor labels(n, 1);
        for (Index r = 0; r < n; ++r)
            labels(r, 0) = static_cast<float>(rng.below(static_cast<std::uint64_t>(c)));
        add(labels, false);           // class indices are not differentiable
    } else if (kind == "BatchNorm") { // per feature; tst_batchnorm covers channels
        // At least 5 rows: two values per feature normalize to about ±1 whatever x is, a
        // gradient of ~ε/d³ that float32 differences cannot resolve.
        add(randomTensor(n + 3, c, rng));
        add(randomTensor(1, c, rng));                   // scale
        add(randomTensor(1, c, rng));                   // shift
        add(randomTensor(1, c, rng), false);            // running mean: state, no gradient
        add(randomTensor(1, c, rng).cwiseAbs(), false); // running variance
    } else if (kind == "MaxPool2D" || kind == "AvgPool2D" || kind == "GlobalAvgPool") {
        // Images C x H x W (NOTE [Image layout]); values 0.05 apart in random order, so no
        // window maximum is within h of its runner-up (NOTE [Kinks]).
        const Index h = 2 + static_cast<Index>(rng.below(4)),
                    w = 2 + static_cast<Index>(rng.below(4));
        Tensor x(n, c * h * w);
        for (Index i = 0; i < x.size(); ++i)
            x.data()[i] = 0.05f * static_cast<float>((i * 7919) % x.size()) - 1.0f;
        add(x);
        result.op = findOp(kind)->create(attributes);
        const InputShape shape{Shape{Shape::kBatchRows, c * h * w, {c, h, w}}, "x"};
        result.op->setInputShapes({&shape, 1});
        return result;
    } else if (kind == "Concat") {
        attributes["inputs"] = 3;
        attributes["axis"] = "features";
        add(randomTensor(n, c, rng));
        add(randomTensor(n, k, rng));
        add(randomTensor(n, c, rng));
    } else if (kind == "Conv2D") { // more shapes, strides, paddings: tst_conv_ops
        attributes["outChannels"] = c;
        attributes["padding"] = "same";
        imageDims = {2, k + 1, k + 2};
        add(randomTensor(n, 2 * (k + 1) * (k + 2), rng));
        add(randomTensor(c, 2 * 9, rng));
        add(randomTensor(1, c, rng));
    } else {
        if (kind == "Dropout")
            attributes["rate"] = 0.3;
        if (kind == "LeakyReLU")
            attributes["alpha"] = 0.1;
        if (kind == "Reshape")
            attributes["shape"] = std::to_string(c);
        add(randomTensor(n, c, rng));
    }
    result.op = findOp(kind)->create(attributes);
    if (!imageDims.empty()) { // ops on images learn C x H x W from their input shapes
        std::vector<InputShape> shapes;
        for (size_t i = 0; i < result.inputs.size(); ++i)
            shapes.push_back({Shape::matrix(result.inputs[i].rows(), result.inputs[i].cols()),
                              "input" + std::to_string(i)});
        shapes[0].shape.sampleDims = imageDims;
        result.op->inferShape(shapes);
        result.op->setInputShapes(shapes);
    }
    return result;
}

} // namespace

class TestOpGradients : public QObject {
    Q_OBJECT
  private slots:
    void everyOpMatchesFiniteDifferences_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("seed");
        for (const OpInfo& info : allOps()) {
            if (info.source != SourceKind::None)
                continue;
            for (int seed = 1; seed <= 3; ++seed)
                QTest::newRow(qPrintable(
                    QString("%1/seed%2").arg(QString::fromStdString(info.kind)).arg(seed)))
                    << QString::fromStdString(info.kind) << seed;
        }
    }
    void everyOpMatchesFiniteDifferences() {
        QFETCH(QString, kind);
        QFETCH(int, seed);
        Rng rng(static_cast<std::uint64_t>(seed));
        Case c = makeCase(kind.toStdString(), rng);
        const std::vector<double> errors = relativeErrors(c, rng);
        QVERIFY(!errors.empty());
        for (double e : errors)
            QVERIFY2(e <= kTolerance, qPrintable(QString("relative error %1").arg(e)));
    }

    /// GELU is PyTorch's nn.GELU() default (erf form): forward against x Φ(x) computed in
    /// double, backward (upstream ones) against a double central difference of that formula.
    void geluMatchesItsErfDefinition() {
        const std::vector<double> xs{-6, -3, -1.5, -1, -0.5, -0.01, 0, 0.01, 0.5, 1, 2, 4};
        const auto gelu = [](double v) { return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))); };
        Tensor x(1, static_cast<Index>(xs.size()));
        for (size_t i = 0; i < xs.size(); ++i)
            x(0, static_cast<Index>(i)) = static_cast<float>(xs[i]);
        std::unique_ptr<Op> op = findOp("GELU")->create({});
        Rng rng(1);
        OpContext ctx{true, &rng};
        const std::vector<const Tensor*> in{&x};
        Tensor out, grad;
        op->forward(in, out, ctx);
        const Tensor ones = Tensor::Ones(1, x.cols());
        const std::vector<Tensor*> gradIn{&grad};
        op->backward(in, out, ones, gradIn, ctx);
        QCOMPARE(out.cols(), x.cols());
        QCOMPARE(grad.cols(), x.cols());
        QVERIFY(std::abs(out(0, 3) - (-0.15865525393145707)) < 1e-6); // GELU(-1)
        QVERIFY(std::abs(out(0, 9) - 0.8413447460685429) < 1e-6);     // GELU(1)
        for (size_t i = 0; i < xs.size(); ++i) {
            const double expected = gelu(xs[i]);
            const double slope = (gelu(xs[i] + 1e-6) - gelu(xs[i] - 1e-6)) / 2e-6;
            const auto k = static_cast<Index>(i);
            QVERIFY2(
                std::abs(out(0, k) - expected) <= 1e-6 * std::max(1.0, std::abs(expected)),
                qPrintable(
                    QString("GELU(%1) = %2, expected %3").arg(xs[i]).arg(out(0, k)).arg(expected)));
            QVERIFY2(
                std::abs(grad(0, k) - slope) <= 1e-5,
                qPrintable(
                    QString("GELU'(%1) = %2, expected %3").arg(xs[i]).arg(grad(0, k)).arg(slope)));
        }
    }

    /// A wrong backward must be caught: the check is not vacuous.
    void aBrokenGradientIsDetected() {
        Rng rng(5);
        Case c = makeCase("Sigmoid", rng);
        struct DoubledSigmoid final : Op {
            std::unique_ptr<Op> inner = findOp("Sigmoid")->create({});
            Shape inferShape(std::span<const InputShape> in) const override {
                return inner->inferShape(in);
            }
            void forward(OpInputs in, Tensor& out, OpContext& ctx) override {
                inner->forward(in, out, ctx);
            }
            void backward(OpInputs in, const Tensor& out, const Tensor& g, OpGradients gi,
                          const OpContext& ctx) override {
                inner->backward(in, out, g, gi, ctx);
                *gi[0] *= 2.0f;
            }
        };
        c.op = std::make_unique<DoubledSigmoid>();
        QVERIFY(relativeErrors(c, rng).front() > 0.1);
    }

    /// Fan-out: s feeds three consumers; each edge carries its own gradient and the
    /// node's gradient is their sum. The whole graph passes the Session's gradient check.
    void fanOutEdgesSumToNodeGradient() {
        using namespace test;
        Graph g;
        const NodeId x = addNode(g, "Input", "x", {{"features", 3}});
        const NodeId s = addNode(g, "Sigmoid", "s");
        const NodeId m = addNode(g, "Mul", "m", {{"inputs", 2}});
        const NodeId t = addNode(g, "Tanh", "t");
        const NodeId a = addNode(g, "Add", "a", {{"inputs", 2}});
        const NodeId y = addNode(g, "Input", "y", {{"features", 3}, {"role", "labels"}});
        const NodeId loss = addNode(g, "MSE", "loss");
        addEdge(g, x, s);
        addEdge(g, s, m, 0);
        addEdge(g, s, m, 1);
        addEdge(g, s, t);
        addEdge(g, m, a, 0);
        addEdge(g, t, a, 1);
        addEdge(g, y, loss, 0);
        addEdge(g, a, loss, 1);
        Session session(Plan::build(g));
        Rng rng(3);
        session.input(x) = randomTensor(4, 3, rng);
        session.input(y) = randomTensor(4, 3, rng);
        session.forward();
        session.backward();
        const Tensor sum = session.edgeGradient(Edge{s, 0, m, 0}) +
                           session.edgeGradient(Edge{s, 0, m, 1}) +
                           session.edgeGradient(Edge{s, 0, t, 0});
        QVERIFY((sum - session.nodeGradient(s)).cwiseAbs().maxCoeff() <= 1e-7f);
        QVERIFY(session.edgeGradient(Edge{s, 0, t, 0}).cwiseAbs().maxCoeff() > 0);
        QVERIFY((session.edgeGradient(Edge{s, 0, m, 0}) - session.edgeGradient(Edge{s, 0, t, 0}))
                    .cwiseAbs()
                    .maxCoeff() > 0);
        for (const GradientCheckResult& r : checkGradients(session))
            QVERIFY2(
                r.passed && r.relativeError <= kTolerance,
                qPrintable(
                    QString("%1: %2").arg(QString::fromStdString(r.name)).arg(r.relativeError)));
    }

    void dropoutIsIdentityWhenEvaluating() {
        auto op = findOp("Dropout")->create({{"rate", 0.5}});
        Rng rng(1);
        const Tensor x = randomTensor(8, 8, rng);
        std::vector<const Tensor*> in{&x};
        Tensor out;
        OpContext eval{false, &rng};
        op->forward(in, out, eval);
        QCOMPARE(out, x);
        OpContext train{true, &rng};
        op->forward(in, out, train);
        const Index zeros = (out.array() == 0.0f).count();
        QVERIFY(zeros > 10 && zeros < 54); // about half of 64
        QVERIFY(
            ((out.array() != 0.0f).select(out.array() - 2.0f * x.array(), 0.0f)).abs().maxCoeff() <
            1e-6f);
    }

    void softmaxCrossEntropyIsStableForHugeLogits() {
        auto op = findOp("SoftmaxCrossEntropy")->create({});
        Tensor logits(2, 3);
        logits << 1000.0f, 0.0f, -1000.0f, -1000.0f, 0.0f, 1000.0f;
        Tensor labels(2, 1);
        labels << 0.0f, 1.0f;
        std::vector<const Tensor*> in{&logits, &labels};
        Tensor out;
        OpContext ctx;
        op->forward(in, out, ctx);
        QVERIFY(std::isfinite(out(0, 0)));
        QVERIFY(std::abs(out(0, 0) - 500.0f) < 1e-3f); // (0 + 1000) / 2
    }
};

QTEST_APPLESS_MAIN(TestOpGradients)
#include "tst_op_gradients.moc"
