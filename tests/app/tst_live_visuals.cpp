/// Issue 18's live visuals in the studio window, fed by real training through the
/// TrainingController (offscreen): the edge colour scale and its legend, the samples/s
/// reading, the divergence alert, the live confusion matrix, the unit maps, and step-through
/// numbers that never wrap.
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/StepDetails.h"
#include "app/editor/EdgeRangeDialog.h"
#include "app/editor/EdgeScaleControls.h"
#include "app/editor/GradientLegend.h"
#include "app/plot/DecisionBoundaryView.h"
#include "app/plot/LossPlot.h"
#include "app/training/HealthController.h"
#include "app/training/TrainingController.h"
#include "app/window/TrainingToolBar.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using apptest::idOf;
using miniflow::NodeId;

class TestLiveVisuals : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // QSettings: not the user's
        QSettings().remove("health");
    }
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
    void runWideLegendNeverShrinksAndResetsOnReset();
    void tinyGradientIsNotDrawnLikeTheRunsMaximum();
    void colourByAndModeFromTheViewMenu();
    void fixedRangeDialogRefusesBadInput();
    void samplesPerSecondIsBlankAfterSingleSteps();
    void divergingRunRaisesTheDivergenceAlert();
    void confusionMatrixUpdatesDuringARun();
    void unitMapsHideWhenTheHoverEndsAndAreLargeEnough();
    void stepNumbersNeverWrap();

  private:
    void openSpiral(int epochs = 100000);
    QAction* viewAction(const QString& text);
    GraphDocument* doc() { return window_->document(); }
    std::unique_ptr<MainWindow> window_;
};

void TestLiveVisuals::openSpiral(int epochs) {
    QVERIFY(window_->openExample("spiral"));
    miniflow::TrainingConfig config = doc()->file().training;
    config.epochs = epochs;
    doc()->setTrainingConfig(config);
}

QAction* TestLiveVisuals::viewAction(const QString& text) {
    for (QAction* action : window_->edgeScaleControls()->menu()->actions())
        if (action->text() == text)
            return action;
    qFatal("no View > Edge colours action \"%s\"", qPrintable(text));
}

/// Run-wide (the default): the legend's range only grows while the run lasts and says since
/// when; Reset empties it (and the loss plot's axes).
void TestLiveVisuals::runWideLegendNeverShrinksAndResetsOnReset() {
    openSpiral();
    GradientLegend* legend = window_->gradientLegend();
    QCOMPARE(legend->scale().mode(), EdgeScaleMode::RunWide);
    std::vector<std::pair<double, double>> ranges;
    QObject scope; // the connection dies with this function's locals it captures
    connect(window_->trainingController(), &TrainingController::snapshotReady, &scope,
            [&](const TrainingSnapshot& s) {
                if (!s.edgeGradients.empty()) // the legend got it first (the scene is
                    ranges.emplace_back(legend->minValue(), legend->maxValue()); // wired first)
            });
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(ranges.size() >= 40, 30000);
    window_->trainingToolBar()->pauseAction()->trigger();
    QTRY_COMPARE(window_->trainingController()->state(), TrainingState::Paused);
    bool changed = false;
    for (size_t i = 1; i < ranges.size(); ++i) {
        QVERIFY2(ranges[i].first <= ranges[i - 1].first && ranges[i].second >= ranges[i - 1].second,
                 qPrintable(QString("snapshot %1: %2..%3 after %4..%5")
                                .arg(i)
                                .arg(ranges[i].first)
                                .arg(ranges[i].second)
                                .arg(ranges[i - 1].first)
                                .arg(ranges[i - 1].second)));
        changed = changed || ranges[i] != ranges[i - 1];
    }
    QVERIFY(changed); // the range did follow the run
    QVERIFY2(legend->caption().contains("run-wide since step"), qPrintable(legend->caption()));
    QVERIFY(window_->findChild<LossPlot*>()->trainingPointCount() > 0);
    window_->trainingToolBar()->resetAction()->trigger();
    QTRY_COMPARE(window_->trainingController()->state(), TrainingState::Idle);
    QVERIFY(!legend->scale().hasRange());
    QVERIFY2(legend->caption().contains("no data yet"), qPrintable(legend->caption()));
    QVERIFY(legend->ticks().isEmpty());
    LossPlot* plot = window_->findChild<LossPlot*>();
    QCOMPARE(plot->trainingPointCount(), 0);
    QCOMPARE(plot->lossAxisRange(), std::make_pair(0.0, 1.0));
    for (const miniflow::Edge& e : doc()->graph().edges())
        if (EdgeItem* item = window_->scene()->edgeItem(e))
            QVERIFY(!item->shownValue());
}

/// A converged run's 1e-9 gradients were drawn as red as the start's 0.7 (per-snapshot
/// ranges): run-wide, they are drawn near the bottom of the ramp.
void TestLiveVisuals::tinyGradientIsNotDrawnLikeTheRunsMaximum() {
    openSpiral();
    const std::vector<miniflow::Edge> edges = doc()->graph().edges();
    const auto snapshotWith = [&](double smallest, double largest, long step) {
        TrainingSnapshot s;
        s.step = step;
        for (size_t i = 0; i < edges.size(); ++i) {
            miniflow::GradientSummary g;
            g.l2Norm = i == 0 ? largest : smallest;
            g.rows = 16;
            g.cols = 2;
            s.edgeGradients.emplace_back(edges[i], g);
        }
        return s;
    };
    GraphScene* scene = window_->scene();
    scene->applySnapshot(snapshotWith(0.01, 0.7, 1));      // the start
    scene->applySnapshot(snapshotWith(1e-9, 5.7e-9, 900)); // converged
    EdgeItem* tiny = scene->edgeItem(edges.back());
    QCOMPARE(*tiny->shownValue(), 1e-9);
    const QColor top = GradientScale::rampColour(1.0);
    QVERIFY(tiny->currentColour() != top);
    QCOMPARE(tiny->currentColour(), GradientScale::rampColour(0.0)); // the run's minimum
    QCOMPARE(window_->gradientLegend()->minValue(), 1e-9);
    QCOMPARE(window_->gradientLegend()->maxValue(), 0.7);
    // Per snapshot (the old behaviour, still on offer) re-ranges to 1e-9..5.7e-9 and says so.
    viewAction("Scale: per snapshot")->trigger();
    QCOMPARE(window_->gradientLegend()->maxValue(), 5.7e-9);
    QVERIFY(window_->gradientLegend()->caption().contains("per snapshot (step 900 only)"));
    QCOMPARE(scene->edgeItem(edges.front())->currentColour(), top);
}

/// The View menu's Edge colours entries and the combo boxes under the canvas are one model.
void TestLiveVisuals::colourByAndModeFromTheViewMenu() {
    openSpiral();
    window_->trainingToolBar()->stepAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window_->gradientLegend()->scale().hasRange(), 20000);
    EdgeScaleControls* controls = window_->edgeScaleControls();
    viewAction("Colour by update ratio (weights)")->trigger();
    QCOMPARE(controls->quantityBox()->currentText(), QString("Update ratio (weights)"));
    QVERIFY(window_->gradientLegend()->caption().contains("update ratio"));
    // only edges leaving a Parameter have one; they are styled, the others are plain
    for (const miniflow::Edge& e : doc()->graph().edges()) {
        const bool parameter = doc()->graph().find(e.from)->op == "Parameter";
        EdgeItem* item = window_->scene()->edgeItem(e);
        QCOMPARE(item->shownValue().has_value(), parameter);
        if (parameter)
            QVERIFY(*item->shownValue() > 0); // (a zero-initialized bias: +inf after one step)
    }
    viewAction("Colour by forward value")->trigger();
    QCOMPARE(controls->quantityBox()->currentText(), QString("Forward value"));
    const miniflow::Edge first = doc()->graph().edges().front();
    QVERIFY(window_->scene()->edgeItem(first)->shownValue().has_value()); // Input edges too
    QVERIFY(window_->gradientLegend()->caption().contains("forward value"));
}

void TestLiveVisuals::fixedRangeDialogRefusesBadInput() {
    EdgeRangeDialog dialog(1e-4, 1.0);
    dialog.setTexts("0", "1");
    QVERIFY2(dialog.problem().contains("above 0"), qPrintable(dialog.problem()));
    dialog.setTexts("1e-3", "1e-4");
    QVERIFY(dialog.problem().contains("largest value must be above"));
    dialog.setTexts("abc", "1");
    QVERIFY(dialog.problem().contains("\"abc\" is not a number"));
    dialog.setTexts("1e-6", "0.5");
    QVERIFY(dialog.problem().isEmpty());
    GraphScene* scene = window_->scene();
    QString error;
    QVERIFY(!scene->setFixedEdgeRange(0.5, 0.1, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(scene->setFixedEdgeRange(dialog.minValue(), dialog.maxValue()));
    scene->setEdgeScaleMode(EdgeScaleMode::Fixed);
    QVERIFY2(window_->gradientLegend()->caption().contains("fixed range 1e-06 .. 0.5"),
             qPrintable(window_->gradientLegend()->caption()));
}

/// 16 single steps: no rate (it read 3,993,448); running steps: a rate.
void TestLiveVisuals::samplesPerSecondIsBlankAfterSingleSteps() {
    openSpiral();
    long lastStep = 0;
    QObject scope; // the connection dies with this function's locals it captures
    connect(window_->trainingController(), &TrainingController::snapshotReady, &scope,
            [&](const TrainingSnapshot& s) { lastStep = s.step; });
    for (long i = 1; i <= 16; ++i) {
        window_->trainingToolBar()->stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(lastStep, i, 20000);
    }
    QVERIFY2(window_->progressText().contains("step 16"), qPrintable(window_->progressText()));
    QVERIFY2(!window_->progressText().contains("samples/s"), qPrintable(window_->progressText()));
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window_->progressText().contains("samples/s"), 20000);
    window_->trainingToolBar()->pauseAction()->trigger();
    QTRY_COMPARE(window_->trainingController()->state(), TrainingState::Paused);
    for (int i = 0; i < 3; ++i) { // single steps after a run: blank again
        const long before = lastStep;
        window_->trainingToolBar()->stepAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(lastStep > before, 20000);
    }
    QVERIFY2(!window_->progressText().contains("samples/s"), qPrintable(window_->progressText()));
}

/// SGD with learning rate 5 on the spiral: the loss leaves its minimum far behind.
void TestLiveVisuals::divergingRunRaisesTheDivergenceAlert() {
    openSpiral();
    miniflow::TrainingConfig config = doc()->file().training;
    config.optimizer = "sgd";
    config.learningRate = 5;
    doc()->setTrainingConfig(config);
    const auto divergence = [&]() -> const miniflow::HealthAlert* {
        for (const miniflow::HealthAlert& a : window_->healthController()->health().alerts())
            if (a.kind == miniflow::AlertKind::Divergence)
                return &a;
        return nullptr;
    };
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        divergence() || window_->trainingController()->state() == TrainingState::Failed, 30000);
    window_->trainingToolBar()->pauseAction()->trigger();
    QVERIFY2(divergence(), "the run failed before a divergence alert was raised");
    const QString message = QString::fromStdString(divergence()->message);
    QVERIFY2(message.contains("training diverges") && message.contains("learning rate (now 5)"),
             qPrintable(message));
    QCOMPARE(divergence()->node, idOf(*doc(), "loss"));
}

/// At each epoch end the matrix is computed again (off the GUI thread) with that epoch's
/// parameters, while the run goes on.
void TestLiveVisuals::confusionMatrixUpdatesDuringARun() {
    openSpiral();
    ConfusionPanel* panel = window_->confusionPanel();
    window_->raisePanel(panel);
    QTRY_VERIFY(panel->isVisible());
    int whileRunning = 0;
    QObject scope; // the connection dies with this function's locals it captures
    connect(panel, &ConfusionPanel::computed, &scope, [&] {
        if (window_->trainingController()->state() == TrainingState::Running)
            ++whileRunning;
    });
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(whileRunning >= 3, 30000);
    QVERIFY(panel->matrix());
    QVERIFY(panel->matrix()->total() > 0);
}

/// Hovering a hidden node shows its units, each >= 64 px; leaving the canvas hides them; a
/// click on them opens the larger grid.
void TestLiveVisuals::unitMapsHideWhenTheHoverEndsAndAreLargeEnough() {
    openSpiral();
    DecisionBoundaryView* view = window_->boundaryView();
    window_->trainingToolBar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(view->map() && !view->map()->units.empty(), 30000);
    window_->trainingToolBar()->pauseAction()->trigger();
    GraphView* canvas = window_->view();
    const NodeId tanh1 = idOf(*doc(), "tanh1");
    const QPointF centre = window_->scene()->nodeItem(tanh1)->sceneBoundingRect().center();
    QTest::mouseMove(canvas->viewport(), canvas->mapFromScene(centre));
    QTRY_COMPARE(view->shownNode(), tanh1);
    view->repaint();
    QVERIFY(view->drawnUnitMaps() >= 1);
    QVERIFY2(view->drawnUnitSize() >= DecisionBoundaryView::kMinUnitSize,
             qPrintable(QString::number(view->drawnUnitSize())));
    QMouseEvent leave(QEvent::Leave, QPointF(), QPointF(), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(canvas->viewport(), &leave);
    QTRY_COMPARE(view->shownNode(), NodeId{});
    // selected (pinned), its maps stay; a click on them opens all 16 in a larger grid
    window_->scene()->selectNodes({tanh1});
    QTRY_COMPARE(view->shownNode(), tanh1);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->rect().center());
    QVERIFY(view->largeGrid());
    QVERIFY(QTest::qWaitForWindowExposed(view->largeGrid()));
    view->largeGrid()->repaint();
    QCOMPARE(view->largeGrid()->drawnUnitMaps(), 16);
    QVERIFY(view->largeGrid()->drawnUnitSize() >= DecisionBoundaryView::kMinUnitSize);
    view->largeGrid()->close();
}

/// Every number of a step's text stays on one line, even in a narrow panel.
void TestLiveVisuals::stepNumbersNeverWrap() {
    miniflow::ForwardStep step;
    step.name = "dense1";
    step.op = "Linear";
    step.value = miniflow::Tensor(4, 6);
    for (miniflow::Index i = 0; i < step.value.size(); ++i)
        step.value.data()[i] = -1.234567e-5f * static_cast<float>(i + 1);
    miniflow::Tensor big(100, 16);
    big.setConstant(-3.14159e-7f);
    for (const QString& html : {StepDetails::forwardHtml(step), StepDetails::tensorHtml(big)}) {
        QTextDocument document;
        document.setHtml(html);
        document.setTextWidth(120);                // far narrower than the grid
        document.documentLayout()->documentSize(); // lays it out
        int numbers = 0;
        const QRegularExpression number("-?[0-9][0-9.]*(e[-+]?[0-9]+)?");
        for (QTextBlock b = document.begin(); b.isValid(); b = b.next()) {
            QTextLayout* layout = b.layout();
            auto it = number.globalMatch(b.text());
            while (it.hasNext()) {
                const QRegularExpressionMatch m = it.next();
                ++numbers;
                const int first = layout->lineForTextPosition(m.capturedStart()).lineNumber();
                const int last = layout->lineForTextPosition(m.capturedEnd() - 1).lineNumber();
                QVERIFY2(first == last, qPrintable("split: " + m.captured()));
            }
        }
        QVERIFY(numbers >= 6);
    }
}

QTEST_MAIN(TestLiveVisuals)
#include "tst_live_visuals.moc"
