/// The studio's automation hooks that tests/e2e relies on (NOTE [Automation seam]), offscreen:
/// the --report after a real run (metrics, trained parameters against their initial values,
/// geometry) and the --widget-map (palette entries, node ports, named controls, popups).
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/document/GraphDocument.h"
#include "app/editor/GraphScene.h"
#include "app/editor/NodeItem.h"
#include "app/editor/PortItem.h"
#include "app/headless/StudioReport.h"
#include "app/headless/WidgetMap.h"
#include "app/training/TrainingController.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

class TestAutomationHooks : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void reportDescribesAFinishedRun();
    void widgetMapLocatesWhatAScriptClicks();
    void widgetMapListsAnOpenComboList();

  private:
    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;
};

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QRect rectOf(const QJsonValue& value) {
    const QJsonArray a = value.toArray();
    return a.size() == 4 ? QRect(a[0].toInt(), a[1].toInt(), a[2].toInt(), a[3].toInt()) : QRect();
}

} // namespace

void TestAutomationHooks::init() {
    QVERIFY(dir_.isValid());
    window_ = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window_->openExample("spiral", &error), qPrintable(error));
    window_->resize(1366, 768); // a laptop screen, as the e2e run (offscreen is 800x600)
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestAutomationHooks::cleanup() {
    window_->document()->markSaved();
    window_.reset();
}

/// A whole run of the spiral example: the report written at its end names its state, one
/// entry per epoch with validation accuracy, and every Parameter trained and moved away
/// from the values a run with the document's seed starts from.
void TestAutomationHooks::reportDescribesAFinishedRun() {
    const QString path = dir_.filePath("report.json");
    StudioReport report(window_.get(), path);
    const QJsonObject before = report.describe();
    QCOMPARE(before["run"].toObject()["state"].toString(), QString("idle"));
    const QJsonArray untrained = before["parameters"].toArray();
    QCOMPARE(untrained.size(), 6); // W1 b1 W2 b2 W3 b3
    for (const QJsonValue& p : untrained) {
        QVERIFY(!p.toObject()["trained"].toBool());
        QVERIFY(!p.toObject().contains("maxAbsChange"));
    }

    TrainingController* controller = window_->trainingController();
    QSignalSpy stored(controller, &TrainingController::parametersStored);
    controller->train();
    QTRY_VERIFY_WITH_TIMEOUT(controller->state() == TrainingState::Finished, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!stored.isEmpty(), 10000);

    const QJsonObject written = readJson(path);
    QVERIFY2(!written.isEmpty(), "no report was written when the run ended");
    const QJsonObject run = written["run"].toObject();
    QCOMPARE(run["state"].toString(), QString("finished"));
    const int epochs = window_->document()->file().training.epochs;
    QCOMPARE(run["epochsCompleted"].toInt(), epochs);
    const QJsonArray history = run["epochs"].toArray();
    QCOMPARE(history.size(), epochs);
    const double accuracy = history.last().toObject()["validationAccuracy"].toDouble(-1);
    QVERIFY2(accuracy > 0.5 && accuracy <= 1.0, qPrintable(QString::number(accuracy)));

    const QJsonArray parameters = written["parameters"].toArray();
    QCOMPARE(parameters.size(), 6);
    for (const QJsonValue& value : parameters) {
        const QJsonObject p = value.toObject();
        QVERIFY2(p["trained"].toBool(), qPrintable(p["name"].toString()));
        QVERIFY2(p["maxAbsChange"].toDouble() > 1e-4, qPrintable(p["name"].toString()));
        QVERIFY(p["rows"].toInt() > 0 && p["cols"].toInt() > 0);
    }
    QCOMPARE(written["graph"].toObject()["nodes"].toArray().size(),
             static_cast<int>(window_->document()->graph().nodes().size()));
    QCOMPARE(rectOf(written["window"].toObject()["frame"]), window_->frameGeometry());
    QVERIFY(rectOf(written["screen"].toObject()["geometry"]).isValid());
}

/// The map's points are where the widgets are: palette entries inside the palette, every
/// port of every node at its item's anchor, the named Dataset controls present.
void TestAutomationHooks::widgetMapLocatesWhatAScriptClicks() {
    const QString path = dir_.filePath("map.json");
    WidgetMap map(window_.get(), path);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);
    const QJsonObject m = readJson(path);

    const QRect palette(window_->palette()->mapToGlobal(QPoint(0, 0)), window_->palette()->size());
    for (const char* kind : {"Input", "DenseLayer", "ReLU", "SoftmaxCrossEntropy"})
        QVERIFY2(palette.contains(rectOf(m["palette"].toObject()[kind]).center()), kind);

    const QJsonObject widgets = m["widgets"].toObject();
    for (const char* name : {"train", "epochs", "canvas", "datasetSource", "datasetSet",
                             "validationFraction", "fitInputs"})
        QVERIFY2(rectOf(widgets[name]).isValid(), name);

    const QJsonArray nodes = m["nodes"].toArray();
    QCOMPARE(nodes.size(), static_cast<int>(window_->document()->graph().nodes().size()));
    for (const QJsonValue& value : nodes) {
        const QJsonObject node = value.toObject();
        const NodeItem* item =
            window_->scene()->nodeItem(miniflow::NodeId{node["id"].toVariant().toLongLong()});
        QVERIFY(item);
        const QJsonArray inputs = node["inputs"].toArray();
        QCOMPARE(inputs.size(), item->inputCount());
        for (int i = 0; i < item->inputCount(); ++i) {
            const QPoint expected = window_->view()->viewport()->mapToGlobal(
                window_->view()->mapFromScene(item->inputPort(i)->anchor()));
            const QJsonArray point = inputs[i].toArray();
            QCOMPARE(QPoint(point[0].toInt(), point[1].toInt()), expected);
        }
    }
    QCOMPARE(m["edges"].toArray().size(),
             static_cast<int>(window_->document()->graph().edges().size()));
    QCOMPARE(m["training"].toObject()["state"].toString(), QString("idle"));
    QVERIFY(!m.contains("popup"));
}

/// An open combo-box list is listed row by row, so a script can click a row.
void TestAutomationHooks::widgetMapListsAnOpenComboList() {
    const QString path = dir_.filePath("map.json");
    WidgetMap map(window_.get(), path);
    auto* combo = window_->findChild<QComboBox*>("datasetSet");
    QVERIFY(combo);
    combo->showPopup();
    QTRY_VERIFY_WITH_TIMEOUT(readJson(path)["popup"].toObject().contains("circle"), 5000);
    const QRect row = rectOf(readJson(path)["popup"].toObject()["circle"]);
    QVERIFY(row.isValid());
    combo->hidePopup();
    QTRY_VERIFY_WITH_TIMEOUT(!readJson(path).contains("popup"), 5000);
}

QTEST_MAIN(TestAutomationHooks)
#include "tst_automation_hooks.moc"
