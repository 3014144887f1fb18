// The seed's Boston network (13 -> Dense 10 -> Sigmoid -> Dense 1 -> MSE) built the way a
// person builds it: palette drops and port drags on the canvas; then trained on the
// Boston CSV (or a generated 13-feature table when ../shared is absent) until the loss falls.
#include "AppTestSupport.h"
#include "SharedData.h"

#include "app/document/ResizeUnitsCommand.h"
#include "app/document/SetNodeAttributesCommand.h"
#include "app/editor/OpCatalog.h"
#include "app/training/TrainingController.h"
#include "autograd/Plan.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace apptest;
using miniflow::NodeId;

namespace {

/// 13 features with a linear target, for machines without the shared Boston CSV.
std::string writeGeneratedTable(const QTemporaryDir& folder) {
    const QString path = folder.filePath("boston-like.csv");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        qFatal("cannot write %s", qPrintable(path));
    QTextStream out(&file);
    for (int c = 0; c < 13; ++c)
        out << "x" << c << ",";
    out << "MEDV\n";
    miniflow::Rng rng(5);
    for (int r = 0; r < 506; ++r) {
        double target = 22;
        for (int c = 0; c < 13; ++c) {
            const double x = rng.normal();
            target += (c % 3 - 1) * 2.0 * x;
            out << x << ",";
        }
        out << target + rng.normal() << "\n";
    }
    return path.toStdString();
}

/// The node added last (drops select what they create).
NodeId lastNode(const GraphDocument& document) {
    return document.graph().nodes().back().id;
}

NodeId linearAfterDenseDrop(const GraphDocument& document) {
    for (auto it = document.graph().nodes().rbegin(); it != document.graph().nodes().rend(); ++it)
        if (it->op == "Linear")
            return it->id;
    qFatal("no Linear node");
}

} // namespace

class TestBostonByHand : public QObject {
    Q_OBJECT
  private slots:
    void seedNetworkBuiltByDropsAndDragsTrains() {
        Canvas canvas;
        GraphDocument& doc = canvas.document;

        // Input X (13 features), then a Dense layer wired from it (it is selected).
        QVERIFY(canvas.dropFromPalette("Input", QPoint(40, 200)));
        const NodeId x = lastNode(doc);
        QVERIFY(doc.push(
            new SetNodeAttributesCommand(&doc, x, {{"role", "features"}, {"features", 13}})));
        canvas.scene.selectNodes({x});
        QVERIFY(canvas.dropFromPalette(OpCatalog::kDenseLayer, QPoint(220, 200)));
        const NodeId dense1 = linearAfterDenseDrop(doc);
        QVERIFY(doc.push(new ResizeUnitsCommand(&doc, dense1, 10)));

        // Sigmoid, dragged from dense1's output to its input.
        QVERIFY(canvas.dropFromPalette("Sigmoid", QPoint(420, 200)));
        const NodeId sigmoid = lastNode(doc);
        const std::string denseName = doc.graph().find(dense1)->name;
        const std::string sigmoidName = doc.graph().find(sigmoid)->name;
        canvas.drag(canvas.outputOf(denseName), canvas.inputOf(sigmoidName, 0));
        QVERIFY(doc.graph().edgeInto(sigmoid, 0).has_value());

        // Second Dense layer from the sigmoid, resized to one unit.
        canvas.scene.selectNodes({sigmoid});
        QVERIFY(canvas.dropFromPalette(OpCatalog::kDenseLayer, QPoint(560, 200)));
        const NodeId dense2 = linearAfterDenseDrop(doc);
        QVERIFY(dense2 != dense1);
        QVERIFY(doc.push(new ResizeUnitsCommand(&doc, dense2, 1)));

        // Labels Input and the MSE loss, wired by port drags (labels first, as MiniFlow).
        QVERIFY(canvas.dropFromPalette("Input", QPoint(560, 60)));
        const NodeId y = lastNode(doc);
        QVERIFY(
            doc.push(new SetNodeAttributesCommand(&doc, y, {{"role", "labels"}, {"features", 1}})));
        QVERIFY(canvas.dropFromPalette("MSE", QPoint(800, 120)));
        const NodeId mse = lastNode(doc);
        const std::string mseName = doc.graph().find(mse)->name;
        canvas.drag(canvas.outputOf(doc.graph().find(y)->name), canvas.inputOf(mseName, 0));
        canvas.drag(canvas.outputOf(doc.graph().find(dense2)->name), canvas.inputOf(mseName, 1));

        // The graph is the seed's network.
        QVERIFY2(miniflow::Plan::check(doc.graph()).empty(),
                 miniflow::GraphError(miniflow::Plan::check(doc.graph())).what());
        QCOMPARE(doc.graph().nodes().size(), size_t{10});
        QCOMPARE(doc.graph().edges().size(), size_t{9});
        const auto w1 = doc.graph().find(doc.graph().edgeInto(dense1, 1)->from);
        COMPARE_JSON(w1->attributes["rows"], 13);
        COMPARE_JSON(w1->attributes["cols"], 10);

        // Train as the seed does (SGD 0.01, batch 11, resampled, standardized features).
        QTemporaryDir folder;
        const std::string shared = miniflow::test::sharedDataPath("csv/boston_housing.csv");
        if (shared.empty())
            qInfo("shared Boston CSV absent: training on a generated 13-feature table");
        miniflow::DatasetSpec data;
        data.source = "csv";
        data.path = shared.empty() ? writeGeneratedTable(folder) : shared;
        data.target = "MEDV";
        data.normalization = "standardize";
        doc.setDataset(data);
        miniflow::TrainingConfig config;
        config.optimizer = "sgd";
        config.learningRate = 0.01;
        config.momentum = 0.9;
        config.batchSize = 11;
        config.epochs = 30;
        config.seed = 1;
        config.sampling = miniflow::Sampling::Resample;
        config.stepsPerEpoch = 0;
        doc.setTrainingConfig(config);
        TrainingController controller(&doc);
        std::vector<double> epochLosses;
        QObject::connect(&controller, &TrainingController::snapshotReady,
                         [&](const TrainingSnapshot& s) {
                             for (const EpochPoint& e : s.epochs)
                                 epochLosses.push_back(e.trainLoss);
                         });
        QSignalSpy failed(&controller, &TrainingController::failed);
        controller.train();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingState::Finished, 60000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(epochLosses.size(), size_t{30});
        qInfo("hand-built Boston network: epoch 1 MSE %.2f -> epoch 30 MSE %.2f",
              epochLosses.front(), epochLosses.back());
        QVERIFY(epochLosses.back() < 0.5 * epochLosses.front());
    }
};

QTEST_MAIN(TestBostonByHand)
#include "tst_boston_by_hand.moc"
