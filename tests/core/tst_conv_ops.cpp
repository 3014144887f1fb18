// Conv2D (ops/ConvOps.cpp): forward against a direct convolution computed in double, backward
// against central finite differences (float32, h = 1e-2, relative error <= 1e-2 per input, as
// tst_op_gradients), over shapes, strides, valid / same / explicit padding, dilations and
// groups; shape and attribute errors name what is wrong; two threads give one thread's result.
#include "ops/OpRegistry.h"
#include "tensor/Threads.h"

#include <QtTest>

#include <cmath>

using namespace miniflow;

namespace {

constexpr double kStep = 1e-2;
constexpr double kTolerance = 1e-2;

Tensor randomTensor(Index rows, Index cols, Rng& rng) {
    Tensor t(rows, cols);
    for (Index i = 0; i < t.size(); ++i)
        t.data()[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
    return t;
}

struct ConvCase {
    Index n, c, h, w;
    nlohmann::json attributes;
};

/// A Conv2D op told its input shapes, with random x, W, b of the right sizes.
struct ConvRun {
    std::unique_ptr<Op> op;
    std::vector<Tensor> inputs; // x, W, b
    Shape outShape;

    ConvRun(const ConvCase& k, Rng& rng) {
        op = findOp("Conv2D")->create(k.attributes);
        const Index out = k.attributes.value("outChannels", 8);
        const Index groups = k.attributes.value("groups", 1);
        const Index patch =
            k.c / groups * k.attributes.value("kernelH", 3) * k.attributes.value("kernelW", 3);
        const std::vector<InputShape> shapes{
            {Shape{Shape::kBatchRows, k.c * k.h * k.w, {k.c, k.h, k.w}}, "x"},
            {Shape::matrix(out, patch), "W"},
            {Shape::matrix(1, out), "b"}};
        outShape = op->inferShape(shapes);
        op->setInputShapes(shapes);
        inputs = {randomTensor(k.n, k.c * k.h * k.w, rng), randomTensor(out, patch, rng),
                  randomTensor(1, out, rng)};
    }

    Tensor forward() {
        Tensor out;
        std::vector<const Tensor*> in{&inputs[0], &inputs[1], &inputs[2]};
        OpContext ctx;
        op->forward(in, out, ctx);
        return out;
    }
};

/// The convolution by its definition, in double: out(n, co, ho, wo) = b(co) + Σ W(co, ci, i, j)
/// x(n, g*C/g + ci, ho*sH - padTop + i*dH, wo*sW - padLeft + j*dW).
Eigen::MatrixXd directConvolution(const ConvCase& k, const std::vector<Tensor>& in,
                                  const Shape& outShape, Index padTop, Index padLeft) {
    const auto& a = k.attributes;
    const Index kh = a.value("kernelH", 3), kw = a.value("kernelW", 3);
    const Index sh = a.value("strideH", 1), sw = a.value("strideW", 1);
    const Index dh = a.value("dilationH", 1), dw = a.value("dilationW", 1);
    const Index groups = a.value("groups", 1);
    const Index cout = outShape.sampleDims[0], ho = outShape.sampleDims[1],
                wo = outShape.sampleDims[2];
    const Index cin = k.c / groups, perGroup = cout / groups;
    Eigen::MatrixXd out(k.n, cout * ho * wo);
    for (Index n = 0; n < k.n; ++n)
        for (Index co = 0; co < cout; ++co)
            for (Index y = 0; y < ho; ++y)
                for (Index x = 0; x < wo; ++x) {
                    double sum = in[2](0, co);
                    for (Index ci = 0; ci < cin; ++ci)
                        for (Index i = 0; i < kh; ++i)
                            for (Index j = 0; j < kw; ++j) {
                                const Index r = y * sh - padTop + i * dh,
                                            c = x * sw - padLeft + j * dw;
                                if (r < 0 || r >= k.h || c < 0 || c >= k.w)
                                    continue;
                                const Index channel = co / perGroup * cin + ci;
                                sum += double{in[1](co, (ci * kh + i) * kw + j)} *
                                       in[0](n, (channel * k.h + r) * k.w + c);
                            }
                    out(n, (co * ho + y) * wo + x) = sum;
                }
    return out;
}

/// Relative error of the gradient of sum(R . out) for each of x, W, b.
std::vector<double> gradientErrors(ConvRun& run, Rng& rng) {
    const Tensor first = run.forward();
    const Tensor weights = randomTensor(first.rows(), first.cols(), rng);
    std::vector<Tensor> grads(3);
    std::vector<const Tensor*> in{&run.inputs[0], &run.inputs[1], &run.inputs[2]};
    std::vector<Tensor*> gradPtrs{&grads[0], &grads[1], &grads[2]};
    OpContext ctx;
    run.op->backward(in, first, weights, gradPtrs, ctx);
    std::vector<double> errors;
    for (size_t i = 0; i < 3; ++i) {
        if (grads[i].rows() != run.inputs[i].rows() || grads[i].cols() != run.inputs[i].cols()) {
            errors.push_back(1e9);
            continue;
        }
        double diff = 0, a = 0, nsq = 0;
        for (Index e = 0; e < run.inputs[i].size(); ++e) {
            float& v = run.inputs[i].data()[e];
            const float saved = v;
            v = saved + static_cast<float>(kStep);
            const double plus = run.forward().cwiseProduct(weights).cast<double>().sum();
            v = saved - static_cast<float>(kStep);
            const double minus = run.forward().cwiseProduct(weights).cast<double>().sum();
            v = saved;
            const double numeric = (plus - minus) / (2 * kStep);
            const double analytic = grads[i].data()[e];
            diff += (numeric - analytic) * (numeric - analytic);
            a += analytic * analytic;
            nsq += numeric * numeric;
        }
        errors.push_back(std::sqrt(diff) / std::max(std::sqrt(a) + std::sqrt(nsq), 1e-12));
    }
    return errors;
}

QString shapeErrorOf(const nlohmann::json& attributes, const std::vector<InputShape>& shapes) {
    try {
        findOp("Conv2D")->create(attributes)->inferShape(shapes);
    } catch (const ShapeError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString attributeErrorOf(const nlohmann::json& attributes) {
    try {
        findOp("Conv2D")->create(attributes);
    } catch (const AttributeError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

InputShape image(Index c, Index h, Index w) {
    return {Shape{Shape::kBatchRows, c * h * w, {c, h, w}}, "images"};
}

} // namespace

class TestConvOps : public QObject {
    Q_OBJECT
  private slots:
    void matchesDefinitionAndFiniteDifferences_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("c");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("w");
        QTest::addColumn<QByteArray>("attributes");
        QTest::addColumn<int>("padTop");
        QTest::addColumn<int>("padLeft");
        QTest::addColumn<int>("outH");
        QTest::addColumn<int>("outW");
        QTest::newRow("valid 3x3")
            << 2 << 1 << 5 << 6 << QByteArray(R"({"outChannels": 2})") << 0 << 0 << 3 << 4;
        QTest::newRow("valid 2x3, 3 channels, stride 2x1")
            << 3 << 3 << 6 << 5
            << QByteArray(R"({"outChannels": 4, "kernelH": 2, "kernelW": 3, "strideH": 2})") << 0
            << 0 << 3 << 3;
        QTest::newRow("same 3x3") << 2 << 2 << 5 << 4
                                  << QByteArray(R"({"outChannels": 3, "padding": "same"})") << 1
                                  << 1 << 5 << 4;
        QTest::newRow("same 4x2 (odd padding after)")
            << 2 << 2 << 5 << 5
            << QByteArray(R"({"outChannels": 2, "kernelH": 4, "kernelW": 2, "padding": "same"})")
            << 1 << 0 << 5 << 5;
        QTest::newRow("same 3x3 dilation 2")
            << 2 << 1 << 6 << 6
            << QByteArray(
                   R"({"outChannels": 2, "padding": "same", "dilationH": 2, "dilationW": 2})")
            << 2 << 2 << 6 << 6;
        QTest::newRow("explicit 2x1, stride 2, 5x5 kernel")
            << 2 << 2 << 7 << 6
            << QByteArray(R"({"outChannels": 3, "kernelH": 5, "kernelW": 5, "strideH": 2, )"
                          R"("strideW": 2, "padding": "explicit", "padH": 2, "padW": 1})")
            << 2 << 1 << 4 << 2;
        QTest::newRow("explicit 1, dilation 2x1, stride 3")
            << 2 << 2 << 8 << 7
            << QByteArray(R"({"outChannels": 2, "padding": "explicit", "padH": 1, "padW": 1, )"
                          R"("dilationH": 2, "strideH": 3, "strideW": 3})")
            << 1 << 1 << 2 << 3;
        QTest::newRow("groups 2") << 2 << 4 << 5 << 5
                                  << QByteArray(R"({"outChannels": 6, "groups": 2})") << 0 << 0 << 3
                                  << 3;
        QTest::newRow("depthwise (groups = channels), same")
            << 2 << 3 << 4 << 4
            << QByteArray(R"({"outChannels": 3, "groups": 3, "padding": "same"})") << 1 << 1 << 4
            << 4;
        QTest::newRow("1x1") << 3 << 3 << 3 << 4
                             << QByteArray(R"({"outChannels": 2, "kernelH": 1, "kernelW": 1})") << 0
                             << 0 << 3 << 4;
        QTest::newRow("kernel as large as the padded input")
            << 2 << 1 << 3 << 3
            << QByteArray(R"({"outChannels": 2, "kernelH": 5, "kernelW": 5, )"
                          R"("padding": "explicit", "padH": 1, "padW": 1})")
            << 1 << 1 << 1 << 1;
    }
    void matchesDefinitionAndFiniteDifferences() {
        QFETCH(int, n);
        QFETCH(int, c);
        QFETCH(int, h);
        QFETCH(int, w);
        QFETCH(QByteArray, attributes);
        QFETCH(int, padTop);
        QFETCH(int, padLeft);
        QFETCH(int, outH);
        QFETCH(int, outW);
        const ConvCase k{n, c, h, w, nlohmann::json::parse(attributes.toStdString())};
        Rng rng(7);
        ConvRun run(k, rng);
        const Index cout = k.attributes.value("outChannels", 8);
        QCOMPARE(run.outShape.sampleDims, (std::vector<Index>{cout, outH, outW}));
        QCOMPARE(run.outShape.cols, cout * outH * outW);
        QVERIFY(run.outShape.isBatched());
        const Tensor out = run.forward();
        const Eigen::MatrixXd expected =
            directConvolution(k, run.inputs, run.outShape, padTop, padLeft);
        QCOMPARE(out.rows(), expected.rows());
        QCOMPARE(out.cols(), expected.cols());
        const double worst = (out.cast<double>() - expected).cwiseAbs().maxCoeff();
        QVERIFY2(worst < 1e-5, qPrintable(QString("forward differs by %1").arg(worst)));
        const std::vector<double> errors = gradientErrors(run, rng);
        const char* names[] = {"x", "W", "b"};
        for (size_t i = 0; i < errors.size(); ++i)
            QVERIFY2(errors[i] <= kTolerance,
                     qPrintable(QString("d%1: relative error %2").arg(names[i]).arg(errors[i])));
    }

    /// A wrong backward must be caught: the finite-difference check above is not vacuous.
    void aWrongGradientIsDetected() {
        Rng rng(3);
        ConvRun run({2, 2, 5, 5, {{"outChannels", 2}, {"padding", "same"}}}, rng);
        struct Scaled final : Op {
            std::unique_ptr<Op> inner;
            Shape inferShape(std::span<const InputShape> in) const override {
                return inner->inferShape(in);
            }
            void forward(OpInputs in, Tensor& out, OpContext& ctx) override {
                inner->forward(in, out, ctx);
            }
            void backward(OpInputs in, const Tensor& out, const Tensor& g, OpGradients gi,
                          const OpContext& ctx) override {
                inner->backward(in, out, g, gi, ctx);
                gi[1]->row(0) *= 1.5f; // one output channel's kernel gradient off by half
            }
        };
        auto scaled = std::make_unique<Scaled>();
        scaled->inner = std::move(run.op);
        run.op = std::move(scaled);
        const std::vector<double> errors = gradientErrors(run, rng);
        QVERIFY(errors[0] <= kTolerance);
        QVERIFY(errors[1] > 0.05);
    }

    /// Two threads split the samples; each keeps its own im2col and ∂L/∂W buffers and runs
    /// its samples in chunks of 7 (1024 columns / 144 positions) side by side: 10 = 7 + 3.
    void twoThreadsGiveOneThreadsResult() {
        Rng rng(11);
        const ConvCase k{20, 3, 12, 12, {{"outChannels", 8}, {"padding", "same"}}};
        ConvRun run(k, rng);
        const Tensor g = randomTensor(20, run.outShape.cols, rng);
        std::vector<Tensor> one(3), two(3);
        std::vector<const Tensor*> in{&run.inputs[0], &run.inputs[1], &run.inputs[2]};
        OpContext ctx;
        Tensor outOne, outTwo;
        for (int threads : {1, 2}) {
            setThreadCount(threads);
            std::vector<Tensor>& grads = threads == 1 ? one : two;
            Tensor& out = threads == 1 ? outOne : outTwo;
            std::vector<Tensor*> gradPtrs{&grads[0], &grads[1], &grads[2]};
            run.op->forward(in, out, ctx);
            run.op->backward(in, out, g, gradPtrs, ctx);
        }
        setThreadCount(1);
        const double worst =
            (outOne.cast<double>() - directConvolution(k, run.inputs, run.outShape, 1, 1))
                .cwiseAbs()
                .maxCoeff();
        QVERIFY2(worst < 1e-5, qPrintable(QString("forward differs by %1").arg(worst)));
        const auto close = [](const Tensor& a, const Tensor& b) {
            return a.rows() == b.rows() && a.cols() == b.cols() &&
                   (a - b).cwiseAbs().maxCoeff() <= 1e-5f * (1.0f + a.cwiseAbs().maxCoeff());
        };
        QVERIFY(close(outOne, outTwo));
        QVERIFY(close(one[0], two[0]));
        QVERIFY(close(one[1], two[1]));
        QVERIFY(close(one[2], two[2]));
    }

    void shapeErrorsNameBothShapes() {
        const nlohmann::json conv{{"outChannels", 6}, {"kernelH", 5}, {"kernelW", 5}};
        const InputShape w{Shape::matrix(6, 25), "W"}, b{Shape::matrix(1, 6), "b"};
        QString text = shapeErrorOf(conv, {{Shape::batch(784), "pixels"}, w, b});
        QVERIFY2(text.contains("pixels (N x 784)") && text.contains("flat") &&
                     text.contains("sampleDims"),
                 qPrintable(text));
        text = shapeErrorOf(conv, {image(3, 28, 28), w, b});
        QVERIFY2(text.contains("6 x 75") && text.contains("W (6 x 25)") &&
                     text.contains("images (N x 3x28x28)") && text.contains("3/1*5*5"),
                 qPrintable(text));
        text = shapeErrorOf(conv, {image(1, 4, 4), w, b});
        QVERIFY2(text.contains("5x5 kernel") && text.contains("4x4 padded input") &&
                     text.contains("images (N x 1x4x4)"),
                 qPrintable(text));
        text = shapeErrorOf(conv, {image(1, 28, 28), w, {Shape::matrix(1, 5), "bias"}});
        QVERIFY2(text.contains("1 x 6") && text.contains("bias (1 x 5)"), qPrintable(text));
        text = shapeErrorOf({{"outChannels", 4}, {"groups", 2}},
                            {image(3, 8, 8), {Shape::matrix(4, 9), "W"}, b});
        QVERIFY2(text.contains("groups 2") && text.contains("3 input channels"), qPrintable(text));
        const nlohmann::json dilated{{"outChannels", 6}, {"dilationH", 3}};
        text = shapeErrorOf(dilated, {image(1, 6, 6), {Shape::matrix(6, 9), "W"}, b});
        QVERIFY2(text.contains("7x3 with dilation") && text.contains("6x6 padded input"),
                 qPrintable(text));
    }

    void attributesAreValidated() {
        QVERIFY(attributeErrorOf({{"padding", "full"}}).contains("\"valid\", \"same\""));
        QVERIFY(attributeErrorOf({{"padding", "same"}, {"strideH", 2}}).contains("stride 1"));
        QVERIFY(attributeErrorOf({{"outChannels", 6}, {"groups", 4}}).contains("divisible"));
        QVERIFY(attributeErrorOf({{"padH", -1}}).contains("padH"));
        QVERIFY(attributeErrorOf({{"kernelH", 0}}).contains("kernelH"));
        QVERIFY(attributeErrorOf({{"strideW", 1.5}}).contains("strideW"));
        QVERIFY(attributeErrorOf({{"dilationW", "2"}}).contains("dilationW"));
        QVERIFY(attributeErrorOf(findOp("Conv2D")->defaultAttributes).isEmpty());
    }

    /// Ran without its input shapes (a caller that skipped Op::setInputShapes): a RunError
    /// saying so, never a read past the row.
    void runningUnshapedIsAnError() {
        auto op = findOp("Conv2D")->create({});
        const Tensor x = Tensor::Zero(2, 50), w = Tensor::Zero(8, 18), b = Tensor::Zero(1, 8);
        std::vector<const Tensor*> in{&x, &w, &b};
        Tensor out;
        OpContext ctx;
        QVERIFY_THROWS_EXCEPTION(RunError, op->forward(in, out, ctx));
    }
};

QTEST_APPLESS_MAIN(TestConvOps)
#include "tst_conv_ops.moc"
