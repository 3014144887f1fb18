// The sparse-input products (NOTE [Sparse left operands]) against Eigen's dense products:
// the kernels directly, and Linear / MatMul forward and backward with the path on and off.
#include "ops/OpRegistry.h"
#include "tensor/Rng.h"
#include "tensor/SparseProducts.h"

#include <QtTest>

using namespace miniflow;

namespace {

/// rows x cols with about `zeroShare` exact zeros, the rest uniform in [-1, 1].
Tensor sparseTensor(Index rows, Index cols, double zeroShare, Rng& rng) {
    Tensor t(rows, cols);
    for (Index i = 0; i < t.size(); ++i)
        t.data()[i] = rng.uniform() < zeroShare ? 0.0f : static_cast<float>(rng.uniform(-1.0, 1.0));
    return t;
}

Tensor denseTensor(Index rows, Index cols, Rng& rng) {
    return sparseTensor(rows, cols, 0.0, rng);
}

/// ||a - b|| / ||b||, the products' agreement up to float32 summation order.
double relativeDifference(const Tensor& a, const Tensor& b) {
    return static_cast<double>((a - b).norm()) / std::max(1e-30, static_cast<double>(b.norm()));
}

/// Restores the process-wide switch when a test ends.
struct SparseSwitch {
    explicit SparseSwitch(bool on) { setSparseProductsEnabled(on); }
    ~SparseSwitch() { setSparseProductsEnabled(true); }
};

/// One forward and backward of `kind` on (x, w[, b]) with the sparse path on or off.
struct OpRun {
    Tensor out, gradX, gradW, gradB;
};

OpRun runOp(const std::string& kind, const std::vector<Tensor>& inputs, const Tensor& gradOut,
            bool sparse) {
    SparseSwitch sw(sparse);
    std::unique_ptr<Op> op = findOp(kind)->create(nlohmann::json::object());
    std::vector<const Tensor*> in;
    for (const Tensor& t : inputs)
        in.push_back(&t);
    OpRun run;
    Rng rng(1);
    OpContext ctx{true, &rng};
    op->forward(in, run.out, ctx);
    std::vector<Tensor*> grads{&run.gradX, &run.gradW};
    if (inputs.size() == 3)
        grads.push_back(&run.gradB);
    op->backward(in, run.out, gradOut, grads, ctx);
    return run;
}

} // namespace

class TestSparseProducts : public QObject {
    Q_OBJECT
  private slots:
    void decidesByZeroShare() {
        Rng rng(3);
        QVERIFY(worthSparseProduct(sparseTensor(32, 784, 0.85, rng)));
        QVERIFY(!worthSparseProduct(sparseTensor(32, 784, 0.3, rng)));
        QVERIFY(!worthSparseProduct(Tensor(0, 5)));
        SparseSwitch off(false);
        QVERIFY(!worthSparseProduct(sparseTensor(32, 784, 0.95, rng)));
    }

    void kernelsMatchDenseProducts_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("cols");
        QTest::addColumn<double>("zeroShare");
        QTest::newRow("mnist batch") << 32 << 784 << 512 << 0.8;
        QTest::newRow("columns not a multiple of the chunk") << 7 << 50 << 133 << 0.7;
        QTest::newRow("narrow output") << 5 << 20 << 10 << 0.9;
        QTest::newRow("one sample") << 1 << 300 << 257 << 0.75;
        QTest::newRow("all zeros") << 4 << 16 << 130 << 1.0;
    }
    void kernelsMatchDenseProducts() {
        QFETCH(int, rows);
        QFETCH(int, depth);
        QFETCH(int, cols);
        QFETCH(double, zeroShare);
        Rng rng(7);
        const Tensor x = sparseTensor(rows, depth, zeroShare, rng);
        const Tensor w = denseTensor(depth, cols, rng), g = denseTensor(rows, cols, rng);
        Tensor out(3, 3), grad;
        sparseLeftProduct(x, w, out);
        const Tensor denseOut = x * w;
        QCOMPARE(out.rows(), denseOut.rows());
        QCOMPARE(out.cols(), denseOut.cols());
        sparseTransposedProduct(x, g, grad);
        const Tensor denseGrad = x.transpose() * g;
        QCOMPARE(grad.rows(), denseGrad.rows());
        if (zeroShare == 1.0) {
            QCOMPARE(out.norm(), 0.0f);
            QCOMPARE(grad.norm(), 0.0f);
            return;
        }
        QVERIFY2(relativeDifference(out, denseOut) < 1e-6,
                 qPrintable(QString::number(relativeDifference(out, denseOut))));
        QVERIFY2(relativeDifference(grad, denseGrad) < 1e-6,
                 qPrintable(QString::number(relativeDifference(grad, denseGrad))));
    }

    void linearAndMatMulAgreeWithDensePath() {
        Rng rng(11);
        const Tensor x = sparseTensor(16, 200, 0.85, rng), w = denseTensor(200, 130, rng),
                     b = denseTensor(1, 130, rng);
        const Tensor gradOut = denseTensor(16, 130, rng);
        for (const std::string kind : {"Linear", "MatMul"}) {
            std::vector<Tensor> inputs{x, w};
            if (kind == "Linear")
                inputs.push_back(b);
            const OpRun sparse = runOp(kind, inputs, gradOut, true),
                        dense = runOp(kind, inputs, gradOut, false);
            QVERIFY2(relativeDifference(sparse.out, dense.out) < 1e-6, kind.c_str());
            QVERIFY2(relativeDifference(sparse.gradW, dense.gradW) < 1e-6, kind.c_str());
            QVERIFY2(relativeDifference(sparse.gradX, dense.gradX) < 1e-6, kind.c_str());
            if (kind == "Linear")
                QVERIFY(relativeDifference(sparse.gradB, dense.gradB) < 1e-6);
        }
    }

    void nonFiniteWeightsStillSurfaceThroughNonzeroInputs() {
        Rng rng(5);
        Tensor x = sparseTensor(4, 100, 0.8, rng), w = denseTensor(100, 130, rng), out;
        x(2, 17) = 0.5f;
        w(17, 3) = std::numeric_limits<float>::quiet_NaN();
        sparseLeftProduct(x, w, out);
        QVERIFY(std::isnan(out(2, 3)));
    }
};

QTEST_APPLESS_MAIN(TestSparseProducts)
#include "tst_sparse_products.moc"
