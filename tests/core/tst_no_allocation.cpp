// The steady-state training loop allocates nothing: buffers are reused between steps.
// Every heap allocation in this process (operator new and Eigen's buffers both end in
// malloc) is counted by wrapping glibc's malloc, realloc and calloc.
#include "SharedData.h"
#include "io/GraphFile.h"
#include "train/Trainer.h"

#include <QtTest>
#include <atomic>
#include <cstdlib>

namespace {
std::atomic<long> allocations{0};
}

// glibc: count every malloc, which is what operator new and Eigen's aligned buffers use.
extern "C" void* __libc_malloc(std::size_t size);
extern "C" void* __libc_realloc(void* p, std::size_t size);
extern "C" void* __libc_calloc(std::size_t n, std::size_t size);
extern "C" void* malloc(std::size_t size) {
    ++allocations;
    return __libc_malloc(size);
}
extern "C" void* realloc(void* p, std::size_t size) {
    ++allocations;
    return __libc_realloc(p, size);
}
extern "C" void* calloc(std::size_t n, std::size_t size) {
    ++allocations;
    return __libc_calloc(n, size);
}

using namespace miniflow;

class TestNoAllocation : public QObject {
    Q_OBJECT
  private slots:
    /// 39 and 40 steps across epoch boundaries after a warm-up: no heap allocation, counted.
    /// Both parities, because Parameters alternate between two buffers (NOTE [Parameter double
    /// buffer]): their data() differs after an odd count without any allocation. The value of
    /// every other node stays in its buffer.
    void trainingStepsDoNotAllocate_data() {
        QTest::addColumn<QString>("example");
        QTest::addColumn<int>("steps");
        for (int steps : {39, 40}) {
            const QByteArray suffix = QByteArray(", ") + QByteArray::number(steps) + " steps";
            QTest::newRow("mnist-mlp (dropout, adam)" + suffix) << "mnist-mlp.json" << steps;
            QTest::newRow("boston (sgd, resample)" + suffix) << "boston.json" << steps;
            QTest::newRow("spiral (tanh, adam)" + suffix) << "spiral.json" << steps;
        }
    }
    void trainingStepsDoNotAllocate() {
        QFETCH(QString, example);
        QFETCH(int, steps);
        const GraphFile file = readGraphFile(test::examplePath(example));
        const Plan plan = Plan::build(file.graph);
        Index features = 0;
        for (const PlannedNode& p : plan.nodes())
            if (p.info->source == SourceKind::Input &&
                p.attributes.value("role", "features") == "features")
                features = p.shape.cols;
        Dataset d;
        d.features = Tensor::Random(10 * file.training.batchSize, features);
        d.targets = Tensor::Zero(d.features.rows(), 1);
        for (Index r = 0; r < d.targets.rows(); ++r)
            d.targets(r, 0) = static_cast<float>(r % 2);
        TrainingConfig config = file.training;
        config.stepsPerEpoch = 10;
        Trainer trainer(plan, config, {d, {}, {}});
        for (int i = 0; i < 25; ++i)
            trainer.step(); // warm-up: buffers and optimizer state
        std::vector<const float*> buffers;
        for (const PlannedNode& p : plan.nodes())
            buffers.push_back(trainer.session().value(p.id).data());
        const long before = allocations.load();
        for (int i = 0; i < steps; ++i)
            trainer.step(); // crosses three or four epoch boundaries
        const long allocated = allocations.load() - before;
        QCOMPARE(allocated, 0L);
        for (size_t i = 0; i < plan.nodes().size(); ++i)
            if (plan.nodes()[i].info->source != SourceKind::Parameter)
                QVERIFY2(trainer.session().value(plan.nodes()[i].id).data() == buffers[i],
                         plan.nodes()[i].name.c_str());
    }
};

QTEST_APPLESS_MAIN(TestNoAllocation)
#include "tst_no_allocation.moc"
