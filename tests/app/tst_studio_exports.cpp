/// Issue 17's exports in the studio window (offscreen): node and network statistics in the
/// inspector and status bar, shapes on edges, every plot and the canvas to PNG / SVG / PDF
/// (checked as files: the PNG's pixel size and colours, the SVG parsed, the PDF's header),
/// the canvas with and without the live gradient colours, the current run's metrics CSV, and
/// TensorBoard events written by a studio run.
#include "AppTestSupport.h"
#include "app/MainWindow.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/inspector/NodeInspector.h"
#include "app/plot/ImageExport.h"
#include "app/plot/PlotExportMenu.h"
#include "app/training/RunMetrics.h"
#include "app/training/TrainingController.h"
#include "app/window/NetworkStatistics.h"
#include "app/window/StudioExports.h"
#include "app/window/TrainingToolBar.h"
#include "inspect/NetworkSummary.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <qcustomplot.h>

using apptest::idOf;

namespace {

/// Distinct colours in the image (at most `enough` counted).
int colourCount(const QImage& image, int enough = 64) {
    QSet<QRgb> seen;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            seen.insert(image.pixel(x, y));
            if (seen.size() >= enough)
                return enough;
        }
    return static_cast<int>(seen.size());
}

/// Drawing elements of an SVG file, after checking that it parses and its root is <svg>.
int svgShapes(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "cannot open " + path;
        return 0;
    }
    QXmlStreamReader xml(&file);
    int shapes = 0;
    bool root = true;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (root && xml.name() != QLatin1String("svg"))
            *error = "root element is " + xml.name().toString();
        root = false;
        const QStringView name = xml.name();
        if (name == QLatin1String("path") || name == QLatin1String("polyline") ||
            name == QLatin1String("rect") || name == QLatin1String("text") ||
            name == QLatin1String("image"))
            ++shapes;
    }
    if (xml.hasError())
        *error = xml.errorString();
    return shapes;
}

bool isPdf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(5) == "%PDF-" && file.size() > 1000;
}

} // namespace

class TestStudioExports : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() {
        window_ = std::make_unique<MainWindow>();
        window_->resize(1366, 768);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanup() {
        window_->trainingController()->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->document()->structureLocked(), 20000);
        window_.reset();
    }

    void statisticsInInspectorAndStatusBar() {
        QVERIFY(window_->openExample("mnist-mlp"));
        const QString total = window_->networkStatistics()->text();
        QVERIFY2(total.contains("407,050 parameters") && total.contains("406,528"),
                 qPrintable(total));
        window_->scene()->selectNodes({idOf(*window_->document(), "dense1")});
        const QString node = window_->nodeInspector()->statisticsText();
        QVERIFY2(node.contains("401,920") && node.contains("W1, b1") && node.contains("401,408"),
                 qPrintable(node));
        window_->scene()->selectNodes({idOf(*window_->document(), "b2")});
        QVERIFY2(window_->nodeInspector()->statisticsText().contains("10, counted in dense2"),
                 qPrintable(window_->nodeInspector()->statisticsText()));
        // An edit changes the totals at once: dense1 512 -> 100 units.
        window_->scene()->selectNodes({idOf(*window_->document(), "dense1")});
        auto* units = qobject_cast<QSpinBox*>(window_->nodeInspector()->editorFor("units"));
        QVERIFY(units);
        units->setValue(100); // commits (one undo step, W1 and b1 resized)
        const QString after = window_->networkStatistics()->text();
        QVERIFY2(after.contains(QString("%1 parameters")
                                    .arg(QString::fromStdString(
                                        miniflow::groupedDigits(784 * 100 + 100 + 100 * 10 + 10)))),
                 qPrintable(after));
    }

    void shapesOnEdgesToggle() {
        QVERIFY(window_->openExample("mnist-mlp"));
        QAction* toggle = window_->menuBar()->findChild<QAction*>("edgeShapesAction");
        QVERIFY(toggle && toggle->isCheckable() && !toggle->isChecked());
        const GraphDocument& doc = *window_->document();
        EdgeItem* edge = window_->scene()->edgeItem(*doc.graph().edgeInto(idOf(doc, "relu1"), 0));
        QVERIFY(edge);
        QCOMPARE(edge->shapeText(), QString("N x 512"));
        QVERIFY(!edge->shapeShown());
        toggle->trigger();
        QVERIFY(edge->shapeShown());
        toggle->trigger();
        QVERIFY(!edge->shapeShown());
    }

    void everyPlotIsExportable() {
        QStringList titles;
        for (QCustomPlot* plot : exportablePlots(window_.get())) {
            titles << exportablePlotTitle(plot);
            QCOMPARE(plot->contextMenuPolicy(), Qt::CustomContextMenu);
        }
        for (const char* title : {"Loss", "Gradient histogram", "Heat map of the gradient"})
            QVERIFY2(titles.contains(title), qPrintable(titles.join(", ")));
        QVERIFY(window_->menuBar()->findChild<QMenu*>("exportPlotMenu"));
        QVERIFY(window_->menuBar()->findChild<QAction*>("exportCanvasAction"));
        QVERIFY(window_->menuBar()->findChild<QAction*>("exportMetricsAction"));
    }

    void trainedRunExportsPlotCanvasAndMetrics() {
        QVERIFY(window_->openExample("spiral"));
        QTemporaryDir dir;
        window_->trainingController()->setTensorBoardFolder(dir.filePath("tb"));
        miniflow::TrainingConfig config = window_->document()->file().training;
        config.epochs = 3;
        window_->document()->setTrainingConfig(config);
        window_->trainingController()->setStepsPerSecond(0); // as fast as it goes
        window_->trainingToolBar()->trainAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window_->trainingController()->state(), TrainingState::Finished,
                                  30000);

        // The loss plot as PNG (2x resolution), SVG and PDF.
        QCustomPlot* loss = window_->findChild<QCustomPlot*>("lossPlot");
        QVERIFY(loss);
        ImageExportOptions o;
        o.size = QSize(600, 400);
        o.dpi = 192;
        o.path = dir.filePath("loss.png");
        QCOMPARE(writePlotImage(loss, o), QString());
        const QImage png(o.path);
        QCOMPARE(png.size(), QSize(1200, 800));
        QVERIFY2(colourCount(png) >= 8, qPrintable(QString::number(colourCount(png))));
        QCOMPARE(qRound(png.dotsPerMeterX() * 0.0254), 192);
        o.path = dir.filePath("loss.svg");
        QCOMPARE(writePlotImage(loss, o), QString());
        QString error;
        const int shapes = svgShapes(o.path, &error);
        QVERIFY2(error.isEmpty() && shapes >= 10, qPrintable(error + QString::number(shapes)));
        o.path = dir.filePath("loss.pdf");
        QCOMPARE(writePlotImage(loss, o), QString());
        QVERIFY(isPdf(o.path));

        // The canvas, with the live colours and legend, and plain.
        StudioExports* exports = window_->studioExports();
        o.size = QSize(900, 500);
        o.dpi = 96;
        o.path = dir.filePath("live.png");
        QCOMPARE(exports->exportCanvas(o), QString());
        o.liveColours = false;
        o.path = dir.filePath("plain.png");
        QCOMPARE(exports->exportCanvas(o), QString());
        const QImage live(dir.filePath("live.png")), plain(dir.filePath("plain.png"));
        QCOMPARE(live.size(), QSize(900, 500));
        QVERIFY(colourCount(live) > 8);
        QVERIFY2(colourCount(live, 4096) > colourCount(plain, 4096),
                 "the live picture has the gradient colours and the legend's ramp");
        o.path = dir.filePath("canvas.svg");
        QCOMPARE(exports->exportCanvas(o), QString());
        const int canvasShapes = svgShapes(o.path, &error);
        QVERIFY2(error.isEmpty() && canvasShapes >= 20, qPrintable(error));
        o.path = dir.filePath("canvas.pdf");
        QCOMPARE(exports->exportCanvas(o), QString());
        QVERIFY(isPdf(o.path));
        o.path = dir.filePath("canvas.bmp");
        QVERIFY(exports->exportCanvas(o).contains("unknown picture format"));

        // The run's metrics: 3 epochs of 25 steps.
        const miniflow::MetricsLog& log = exports->runMetrics()->log();
        QCOMPARE(log.steps.size(), size_t{75});
        QCOMPARE(log.epochs.size(), size_t{3});
        QCOMPARE(log.epochs.back().step, 75L);
        QCOMPARE(exports->exportMetricsCsv(dir.filePath("m.csv")), QString());
        QFile csv(dir.filePath("m.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 76);
        QVERIFY(lines[0].startsWith("run,step,epoch,wall_seconds,train_loss"));
        QCOMPARE(lines[75].split(',').size(), 10);
        QVERIFY(!lines[75].split(',')[7].isEmpty()); // the last epoch's validation loss

        // The run wrote TensorBoard events too.
        const QStringList events = QDir(dir.filePath("tb")).entryList({"events.out.tfevents.*"});
        QCOMPARE(events.size(), 1);
        QVERIFY(QFileInfo(dir.filePath("tb/" + events[0])).size() > 75 * 30);

        // Reset forgets the run.
        window_->trainingToolBar()->resetAction()->trigger();
        QTRY_COMPARE(window_->trainingController()->state(), TrainingState::Idle);
        QVERIFY(exports->exportMetricsCsv(dir.filePath("n.csv")).contains("no run"));
    }

  private:
    std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(TestStudioExports)
#include "tst_studio_exports.moc"
