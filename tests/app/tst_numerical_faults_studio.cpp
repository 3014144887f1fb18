/// Numerical faults in the studio: a run that overflows stops with Failed, names the node,
/// outlines it on the canvas (selected, with the message as its tooltip), says what to try
/// in the status bar, and hands back finite parameters; the clipping control edits the
/// document's training settings.
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/training/TrainingController.h"
#include "app/window/TrainingToolBar.h"

#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>

class TestNumericalFaultsStudio : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void overflowStopsNamesAndOutlinesTheNode() {
        MainWindow window;
        QVERIFY(window.openExample("spiral"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        miniflow::TrainingConfig config = window.document()->file().training;
        config.optimizer = "sgd";
        config.learningRate = 1e38;
        window.document()->setTrainingConfig(config);
        TrainingController* controller = window.trainingController();
        QSignalSpy failed(controller, &TrainingController::failed);
        controller->train();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainingState::Failed, 20000);
        QCOMPARE(failed.count(), 1);
        const QString message = failed.front().at(0).toString();
        const auto node = failed.front().at(1).value<miniflow::NodeId>();
        QVERIFY2(message.contains("NaN or Inf") && message.contains("learning rate"),
                 qPrintable(message));
        const miniflow::Node* named = window.document()->graph().find(node);
        QVERIFY2(named, "the failure names no node of the graph");
        QVERIFY2(message.contains(QString::fromStdString(named->name)), qPrintable(message));

        NodeItem* item = window.scene()->nodeItem(node);
        QVERIFY(item);
        QVERIFY(item->isSelected());
        QCOMPARE(item->toolTip(), message);
        QVERIFY(window.statusBar()->currentMessage().contains("Training failed"));
        if (qEnvironmentVariableIsSet("MINIFLOW_SCREENSHOT_DIR")) // for a person to look at
            window.grab().save(qEnvironmentVariable("MINIFLOW_SCREENSHOT_DIR") +
                               "/nan-failure.png");

        QTRY_VERIFY(!window.document()->file().parameters.empty());
        for (const auto& [id, value] : window.document()->file().parameters)
            QVERIFY2(miniflow::allFinite(value), "the document received non-finite parameters");
        window.document()->markSaved();
    }

    /// NOTE [Memory before allocation]: Train on a graph with a 300000 x 30000 Parameter (9e9
    /// floats) fails at once with the node named and outlined, instead of std::bad_alloc.
    void aParameterTooLargeForMemoryIsRefusedNamingIt() {
        qputenv("MINIFLOW_MEMORY_LIMIT", "4G");
        QTemporaryDir dir;
        const QString path = dir.filePath("huge.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "miniflow-graph", "version": 1,
          "nodes": [
            {"id": 1, "op": "Input", "name": "X", "attributes": {"features": 300000}},
            {"id": 2, "op": "Input", "name": "y", "attributes": {"features": 1, "role": "labels"}},
            {"id": 3, "op": "Parameter", "name": "W_huge",
             "attributes": {"rows": 300000, "cols": 30000, "initializer": "zeros"}},
            {"id": 4, "op": "MatMul", "name": "product"},
            {"id": 5, "op": "SoftmaxCrossEntropy", "name": "loss"}],
          "edges": [{"from": 1, "fromPort": 0, "to": 4, "toPort": 0},
                    {"from": 3, "fromPort": 0, "to": 4, "toPort": 1},
                    {"from": 4, "fromPort": 0, "to": 5, "toPort": 0},
                    {"from": 2, "fromPort": 0, "to": 5, "toPort": 1}],
          "dataset": {"source": "builtin", "name": "spiral"}})");
        file.close();
        MainWindow window;
        QString error;
        QVERIFY2(window.openFile(path, &error), qPrintable(error));
        TrainingController* controller = window.trainingController();
        QSignalSpy failed(controller, &TrainingController::failed);
        controller->train();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainingState::Failed, 20000);
        qunsetenv("MINIFLOW_MEMORY_LIMIT");
        QCOMPARE(failed.count(), 1);
        const QString message = failed.front().at(0).toString();
        QVERIFY2(message.contains("Parameter \"W_huge\" (300000 x 30000) needs 67.06 GiB") &&
                     message.contains("only 4.00 GiB is available"),
                 qPrintable(message));
        const auto node = failed.front().at(1).value<miniflow::NodeId>();
        QVERIFY(window.document()->graph().find(node));
        QCOMPARE(window.document()->graph().find(node)->name, std::string("W_huge"));
        QVERIFY(window.statusBar()->currentMessage().contains("Training failed"));
        window.document()->markSaved();
    }

    void clippingControlEditsTheSettings() {
        MainWindow window;
        QVERIFY(window.openExample("spiral"));
        QDoubleSpinBox* clip = window.trainingToolBar()->clipNormBox();
        QCOMPARE(clip->text(), QString("off"));
        clip->setValue(2.5);
        QCOMPARE(window.document()->file().training.clipGradientNorm, 2.5);
        QVERIFY(window.document()->undo());
        QCOMPARE(window.document()->file().training.clipGradientNorm, 0.0);
        QCOMPARE(clip->value(), 0.0);
        window.document()->markSaved();
    }
};

QTEST_MAIN(TestNumericalFaultsStudio)
#include "tst_numerical_faults_studio.moc"
