// NOTE [Denormals]: training flushes denormal floats to zero, per thread and scoped, and the
// parallel loops' worker threads do the same.
#include "tensor/FlushDenormals.h"
#include "tensor/ParallelRanges.h"
#include "tensor/Threads.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace miniflow;

namespace {

/// 1e-30 * 1e-10 = 1e-40, below float's smallest normal (1.2e-38): denormal unless flushed.
/// Through volatile so the compiler cannot fold it at build time.
float denormalProduct() {
    volatile float a = 1e-30f, b = 1e-10f;
    return a * b;
}

} // namespace

class TestFlushDenormals : public QObject {
    Q_OBJECT
  private slots:
    void flushesOnlyWhileAlive() {
        const float before = denormalProduct();
        QCOMPARE(std::fpclassify(before), FP_SUBNORMAL);
        {
            const FlushDenormals flush;
            QCOMPARE(denormalProduct(), 0.0f); // FTZ: a denormal result is 0
            volatile float input = before;
            QCOMPARE(input * 1.0f, 0.0f); // DAZ: a denormal input reads as 0
        }
        QCOMPARE(std::fpclassify(denormalProduct()), FP_SUBNORMAL); // restored
    }

    /// Every thread of a parallel loop flushes, not only the one that started it.
    void parallelWorkersFlushToo() {
        setThreadCount(2);
        std::vector<float> results(kParallelElements * 2, -1.0f);
        forRanges(static_cast<Index>(results.size()), 1, [&](Index begin, Index end) {
            for (Index i = begin; i < end; ++i)
                results[static_cast<size_t>(i)] = denormalProduct();
        });
        setThreadCount(1);
        QVERIFY(std::all_of(results.begin(), results.end(), [](float r) { return r == 0.0f; }));
    }
};

QTEST_APPLESS_MAIN(TestFlushDenormals)
#include "tst_flush_denormals.moc"
