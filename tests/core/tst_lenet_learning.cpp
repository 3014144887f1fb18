// resources/examples/lenet-mnist.json learns MNIST: 5 epochs with seed 1 reach >= 98.5% test
// accuracy. The goal is >= 98.8% for one seed and >= 99.0% as the mean over seeds 1-3
// (tests/scripts/lenet_seeds.sh); measured on 2026-12-07: seeds 1, 2, 3 gave 98.72%, 98.81%,
// 98.60% (mean 98.71%), so the goal is not met yet and this test guards what is reached.
// Needs the shared MNIST files; skips without them. Two threads (both cores).
#include "SharedData.h"

#include "io/DataSource.h"
#include "io/GraphFile.h"
#include "tensor/Threads.h"
#include "train/Trainer.h"

#include <QtTest>

#include <chrono>

using namespace miniflow;

class TestLenetLearning : public QObject {
    Q_OBJECT
  private slots:
    void fiveEpochsReach985() {
        MINIFLOW_REQUIRE_SHARED_DATA("mnist/train-images-idx3-ubyte.gz", images);
        qputenv("MINIFLOW_DATA_DIR", test::sharedDataDir().toLocal8Bit());
        const std::string path = test::examplePath("lenet-mnist.json");
        GraphFile file = readGraphFile(path);
        QCOMPARE(file.training.epochs, 5);
        file.training.seed = 1;
        setThreadCount(2);
        const auto start = std::chrono::steady_clock::now();
        Trainer trainer(
            Plan::build(file.graph), file.training,
            loadTrainingData(file.dataset,
                             QFileInfo(QString::fromStdString(path)).absolutePath().toStdString()));
        QCOMPARE(trainer.data().test.size(), Index{10000});
        trainer.run();
        const Evaluation ev = trainer.evaluate(trainer.data().test);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        setThreadCount(1);
        QVERIFY(ev.accuracy.has_value());
        qInfo("lenet-mnist, seed 1, 5 epochs, 2 threads: test accuracy %.2f%% in %.1f s",
              100.0 * *ev.accuracy, seconds);
        QVERIFY2(*ev.accuracy >= 0.985,
                 qPrintable(QString("test accuracy %1%").arg(100.0 * *ev.accuracy)));
    }
};

QTEST_APPLESS_MAIN(TestLenetLearning)
#include "tst_lenet_learning.moc"
