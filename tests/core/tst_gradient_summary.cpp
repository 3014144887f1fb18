// summarize() (NOTE [One pass per summary]): the one-pass, chunked statistics equal the plain
// definitions on tensors of several chunks, with zeros, with float-overflowing squares and
// with NaN/Inf, and on an empty tensor.
#include "inspect/GradientSummary.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace miniflow;

namespace {

/// The definitions, element by element in double.
GradientSummary reference(const Tensor& g) {
    GradientSummary s;
    s.rows = g.rows();
    s.cols = g.cols();
    double squares = 0, absSum = 0, maxAbs = 0;
    Index zeros = 0;
    for (Index i = 0; i < g.size(); ++i) {
        const double v = g.data()[i];
        squares += v * v;
        absSum += std::abs(v);
        maxAbs = std::max(maxAbs, std::abs(v));
        zeros += v == 0.0 ? 1 : 0;
        s.finite = s.finite && std::isfinite(v);
    }
    s.l2Norm = std::sqrt(squares);
    s.meanAbs = g.size() > 0 ? absSum / static_cast<double>(g.size()) : 0.0;
    s.maxAbs = maxAbs;
    s.zeroFraction = g.size() > 0 ? static_cast<double>(zeros) / static_cast<double>(g.size()) : 0;
    return s;
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-5 * std::max(std::abs(a), std::abs(b));
}

} // namespace

class TestGradientSummary : public QObject {
    Q_OBJECT
  private slots:
    void matchesTheDefinitions_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<float>("scale");
        QTest::newRow("one element") << 1 << 1 << 1.0f;
        QTest::newRow("less than a chunk") << 3 << 7 << 0.01f;
        QTest::newRow("784 x 512, many chunks and a partial one") << 784 << 512 << 0.05f;
        QTest::newRow("odd size over chunks") << 1 << 4099 << 3.0f;
        QTest::newRow("squares overflow float") << 64 << 100 << 1e20f;
    }
    void matchesTheDefinitions() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(float, scale);
        std::mt19937 random(7);
        std::normal_distribution<float> normal(0.0f, scale);
        Tensor g(rows, cols);
        for (Index i = 0; i < g.size(); ++i)
            g.data()[i] = i % 5 == 0 ? 0.0f : normal(random); // a fifth exactly zero
        const GradientSummary got = summarize(g), want = reference(g);
        QCOMPARE(got.rows, want.rows);
        QCOMPARE(got.cols, want.cols);
        QVERIFY(got.finite);
        QVERIFY2(std::isfinite(got.l2Norm) && close(got.l2Norm, want.l2Norm),
                 qPrintable(QString("%1 vs %2").arg(got.l2Norm).arg(want.l2Norm)));
        QVERIFY(close(got.meanAbs, want.meanAbs));
        QCOMPARE(got.maxAbs, want.maxAbs);
        QCOMPARE(got.zeroFraction, want.zeroFraction);
    }

    void nonFiniteValuesAreReported() {
        Tensor g = Tensor::Constant(3, 3000, 0.5f);
        g(2, 2999) = std::numeric_limits<float>::quiet_NaN(); // in the last, partial chunk
        GradientSummary s = summarize(g);
        QVERIFY(!s.finite);
        QVERIFY(!std::isfinite(s.l2Norm));
        g(2, 2999) = 0.5f;
        g(0, 1) = std::numeric_limits<float>::infinity();
        s = summarize(g);
        QVERIFY(!s.finite);
        QVERIFY(std::isinf(s.l2Norm));
    }

    void emptyTensorIsAllZero() {
        const GradientSummary s = summarize(Tensor(0, 4));
        QCOMPARE(s.cols, Index(4));
        QCOMPARE(s.l2Norm, 0.0);
        QCOMPARE(s.zeroFraction, 0.0);
        QVERIFY(s.finite);
    }
};

QTEST_APPLESS_MAIN(TestGradientSummary)
#include "tst_gradient_summary.moc"
