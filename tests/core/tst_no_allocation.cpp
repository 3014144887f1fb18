// The steady-state training loop allocates nothing: buffers are reused between steps.
// Every heap allocation in this process (operator new and Eigen's buffers both end in
// malloc) is counted by wrapping glibc's malloc, realloc and calloc.
#include "BatchNormGraph.h"
#include "GraphBuilder.h"
#include "SharedData.h"
#include "io/GraphFile.h"
#include "ops/OpRegistry.h"
#include "tensor/Threads.h"
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
        QTest::addColumn<int>("threads");
        for (int steps : {39, 40}) {
            const QByteArray suffix = QByteArray(", ") + QByteArray::number(steps) + " steps";
            QTest::newRow("mnist-mlp (dropout, adam)" + suffix) << "mnist-mlp.json" << steps << 1;
            QTest::newRow("boston (sgd, resample)" + suffix) << "boston.json" << steps << 1;
            QTest::newRow("spiral (tanh, adam)" + suffix) << "spiral.json" << steps << 1;
            for (int threads : {1, 2})
                QTest::newRow("conv (same, stride 2, groups; " + QByteArray::number(threads) +
                              " threads)" + suffix)
                    << "conv" << steps << threads;
        }
    }
    void trainingStepsDoNotAllocate() {
        QFETCH(QString, example);
        QFETCH(int, steps);
        QFETCH(int, threads);
        const GraphFile file =
            example == "conv" ? convGraph() : readGraphFile(test::examplePath(example));
        setThreadCount(threads);
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
        setThreadCount(1);
    }

    /// BatchNorm per channel and per feature (running statistics written in place, state
    /// copied before each step), AdamW, an l2 and l1 penalty and a frozen Parameter: still
    /// nothing allocated, and the running statistics stay in their buffers.
    void batchNormStepsDoNotAllocate() {
        using namespace miniflow::test;
        Graph g;
        const NodeId x = addNode(
            g, "Input", "x", {{"role", "features"}, {"features", 12}, {"sampleDims", {3, 2, 2}}});
        const BatchNormNodes image = addBatchNorm(g, x, 3, "bn1");
        const NodeId flat = addNode(g, "Flatten", "flat");
        addEdge(g, image.node, flat);
        const NodeId w =
            addNode(g, "Parameter", "W", {{"rows", 12}, {"cols", 8}, {"l2", 0.01}, {"l1", 0.001}});
        const NodeId b =
            addNode(g, "Parameter", "b",
                    {{"rows", 1}, {"cols", 8}, {"initializer", "zeros"}, {"trainable", false}});
        const NodeId h = addNode(g, "Linear", "h", {{"units", 8}});
        addEdge(g, flat, h, 0);
        addEdge(g, w, h, 1);
        addEdge(g, b, h, 2);
        const BatchNormNodes features = addBatchNorm(g, h, 8, "bn2");
        const NodeId relu = addNode(g, "ReLU", "relu");
        addEdge(g, features.node, relu);
        const NodeId v = addNode(g, "Parameter", "V", {{"rows", 8}, {"cols", 2}});
        const NodeId c = addNode(g, "Parameter", "c", {{"rows", 1}, {"cols", 2}});
        const NodeId o = addNode(g, "Linear", "o", {{"units", 2}});
        addEdge(g, relu, o, 0);
        addEdge(g, v, o, 1);
        addEdge(g, c, o, 2);
        const NodeId y = addNode(g, "Input", "y", {{"role", "labels"}, {"features", 1}});
        const NodeId loss = addNode(g, "SoftmaxCrossEntropy", "loss");
        addEdge(g, o, loss, 0);
        addEdge(g, y, loss, 1);
        Dataset d;
        d.features = Tensor::Random(160, 12);
        d.targets = Tensor::Zero(160, 1);
        for (Index r = 0; r < d.targets.rows(); ++r)
            d.targets(r, 0) = static_cast<float>(r % 2);
        d.classes = 2;
        TrainingConfig config;
        config.optimizer = "adamw";
        config.batchSize = 16;
        config.stepsPerEpoch = 10;
        const Plan plan = Plan::build(g);
        Trainer trainer(plan, config, {d, {}, {}});
        for (int i = 0; i < 25; ++i)
            trainer.step();
        const float* mean = trainer.session().value(image.mean).data();
        const Tensor meanBefore = trainer.session().value(features.mean);
        const long before = allocations.load();
        for (int i = 0; i < 23; ++i)
            trainer.step();
        QCOMPARE(allocations.load() - before, 0L);
        QVERIFY(trainer.session().value(image.mean).data() == mean);
        QVERIFY(trainer.session().value(features.mean) != meanBefore); // they did move
    }

    /// Pooling and shape ops in a steady training loop: no heap allocation.
    /// X (64) -> Linear -> Reshape 1x8x8 -> {MaxPool2D, AvgPool2D} -> Concat channels
    /// (2x4x4) -> {Reshape 32, GlobalAvgPool -> Reshape 2} -> Concat features (34) -> Linear
    /// -> loss.
    void poolingAndShapeOpsDoNotAllocate() {
        using test::addEdge;
        using test::addNode;
        Graph g;
        const NodeId x = addNode(g, "Input", "X", {{"features", 64}});
        const NodeId y = addNode(g, "Input", "y", {{"features", 1}, {"role", "labels"}});
        const NodeId w1 = addNode(g, "Parameter", "W1", {{"rows", 64}, {"cols", 64}});
        const NodeId b1 = addNode(g, "Parameter", "b1", {{"rows", 1}, {"cols", 64}});
        const NodeId dense = addNode(g, "Linear", "dense", {{"units", 64}});
        const NodeId image = addNode(g, "Reshape", "image", {{"shape", "1x8x8"}});
        const NodeId maxPool =
            addNode(g, "MaxPool2D", "max", findOp("MaxPool2D")->defaultAttributes);
        const NodeId avgPool = addNode(g, "AvgPool2D", "avg",
                                       {{"kernelH", 3},
                                        {"kernelW", 3},
                                        {"strideH", 2},
                                        {"strideW", 2},
                                        {"padH", 1},
                                        {"padW", 1}});
        const NodeId maps = addNode(g, "Concat", "maps", {{"inputs", 2}, {"axis", "channels"}});
        const NodeId flat = addNode(g, "Reshape", "flat", {{"shape", "32"}});
        const NodeId global = addNode(g, "GlobalAvgPool", "global");
        const NodeId means = addNode(g, "Reshape", "means", {{"shape", "2"}});
        const NodeId both = addNode(g, "Concat", "both", {{"inputs", 2}, {"axis", "features"}});
        const NodeId w2 = addNode(g, "Parameter", "W2", {{"rows", 34}, {"cols", 2}});
        const NodeId b2 = addNode(g, "Parameter", "b2", {{"rows", 1}, {"cols", 2}});
        const NodeId logits = addNode(g, "Linear", "logits", {{"units", 2}});
        const NodeId loss = addNode(g, "SoftmaxCrossEntropy", "loss");
        addEdge(g, x, dense, 0);
        addEdge(g, w1, dense, 1);
        addEdge(g, b1, dense, 2);
        addEdge(g, dense, image);
        addEdge(g, image, maxPool);
        addEdge(g, image, avgPool);
        addEdge(g, maxPool, maps, 0);
        addEdge(g, avgPool, maps, 1);
        addEdge(g, maps, flat);
        addEdge(g, maps, global);
        addEdge(g, flat, both, 0);
        addEdge(g, global, means);
        addEdge(g, means, both, 1);
        addEdge(g, both, logits, 0);
        addEdge(g, w2, logits, 1);
        addEdge(g, b2, logits, 2);
        addEdge(g, logits, loss, 0);
        addEdge(g, y, loss, 1);
        const Plan plan = Plan::build(g);
        Dataset d;
        d.features = Tensor::Random(80, 64);
        d.targets = Tensor::Zero(80, 1);
        d.classes = 2;
        for (Index r = 0; r < d.targets.rows(); ++r)
            d.targets(r, 0) = static_cast<float>(r % 2);
        TrainingConfig config;
        config.batchSize = 8;
        config.stepsPerEpoch = 10;
        Trainer trainer(plan, config, {d, {}, {}});
        for (int i = 0; i < 25; ++i)
            trainer.step();
        const long before = allocations.load();
        for (int i = 0; i < 40; ++i)
            trainer.step();
        QCOMPARE(allocations.load() - before, 0L);
    }

  private:
    /// Input 2 x 10 x 10 -> Conv2D 4 3x3 same -> ReLU -> Conv2D 6 3x3 stride 2, groups 2,
    /// explicit padding 1 -> Flatten -> Linear 10 -> softmax cross-entropy, Adam, batch 32.
    static GraphFile convGraph() {
        using test::addEdge;
        using test::addNode;
        GraphFile file;
        Graph& g = file.graph;
        const NodeId x = addNode(g, "Input", "x", {{"features", 200}, {"sampleDims", {2, 10, 10}}});
        const NodeId y = addNode(g, "Input", "y", {{"features", 1}, {"role", "labels"}});
        const NodeId w1 = addNode(g, "Parameter", "W1",
                                  {{"rows", 4}, {"cols", 18}, {"initializer", "kaiming_normal"}});
        const NodeId b1 =
            addNode(g, "Parameter", "b1", {{"rows", 1}, {"cols", 4}, {"initializer", "zeros"}});
        const NodeId c1 = addNode(g, "Conv2D", "conv1", {{"outChannels", 4}, {"padding", "same"}});
        const NodeId r1 = addNode(g, "ReLU", "relu1");
        const NodeId w2 = addNode(g, "Parameter", "W2",
                                  {{"rows", 6}, {"cols", 18}, {"initializer", "kaiming_normal"}});
        const NodeId b2 =
            addNode(g, "Parameter", "b2", {{"rows", 1}, {"cols", 6}, {"initializer", "zeros"}});
        const NodeId c2 = addNode(g, "Conv2D", "conv2",
                                  {{"outChannels", 6},
                                   {"strideH", 2},
                                   {"strideW", 2},
                                   {"padding", "explicit"},
                                   {"padH", 1},
                                   {"padW", 1},
                                   {"groups", 2}});
        const NodeId flat = addNode(g, "Flatten", "flatten");
        // 10 classes: OpenBLAS 0.3.21's small-matrix sgemm kernel (AVX-512) mallocs a packing
        // buffer for some very narrow products (150 x 3 does: a Linear matter, not Conv2D's).
        const NodeId w3 = addNode(g, "Parameter", "W3", {{"rows", 150}, {"cols", 10}});
        const NodeId b3 = addNode(g, "Parameter", "b3", {{"rows", 1}, {"cols", 10}});
        const NodeId dense = addNode(g, "Linear", "dense", {{"units", 10}});
        const NodeId loss = addNode(g, "SoftmaxCrossEntropy", "loss");
        addEdge(g, x, c1, 0);
        addEdge(g, w1, c1, 1);
        addEdge(g, b1, c1, 2);
        addEdge(g, c1, r1);
        addEdge(g, r1, c2, 0);
        addEdge(g, w2, c2, 1);
        addEdge(g, b2, c2, 2);
        addEdge(g, c2, flat);
        addEdge(g, flat, dense, 0);
        addEdge(g, w3, dense, 1);
        addEdge(g, b3, dense, 2);
        addEdge(g, dense, loss, 0);
        addEdge(g, y, loss, 1);
        file.training.optimizer = "adam";
        file.training.learningRate = 1e-3;
        file.training.batchSize = 32;
        return file;
    }
};

QTEST_APPLESS_MAIN(TestNoAllocation)
#include "tst_no_allocation.moc"
