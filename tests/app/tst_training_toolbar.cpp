/// The training toolbar and the numbers of a run, driven through the window's widgets: one
/// route for the learning rate (edits, undo and redo reach the running optimizer), unusual
/// values kept and said, the speed of a run (paced by default on 2-D data, max elsewhere),
/// Train after a finished run (continue or start over) and the metrics in the status bar.
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/training/TrainingController.h"
#include "app/training/TrainingPace.h"
#include "app/window/ScientificSpinBox.h"
#include "app/window/TrainingMetrics.h"
#include "app/window/TrainingToolBar.h"
#include "io/DataSource.h"
#include "io/StoredParameters.h"
#include "train/Trainer.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolButton>

#include <cmath>

namespace {

/// Every snapshot the window received, with the time it arrived.
struct Recorder {
    explicit Recorder(TrainingController* controller) {
        clock.start();
        QObject::connect(controller, &TrainingController::snapshotReady, &context,
                         [this](const TrainingSnapshot& s) {
                             snapshots.push_back(s);
                             arrivals.push_back(clock.nsecsElapsed() / 1e9);
                         });
    }
    double lastRate() const { return snapshots.empty() ? 0 : snapshots.back().learningRate; }
    /// Steps per second between the first snapshot at or after `fromSeconds` and the last one.
    double stepsPerSecondSince(double fromSeconds) const {
        size_t first = 0;
        while (first < arrivals.size() && arrivals[first] < fromSeconds)
            ++first;
        const size_t last = arrivals.size() - 1;
        if (first >= last)
            return 0;
        return static_cast<double>(snapshots[last].step - snapshots[first].step) /
               (arrivals[last] - arrivals[first]);
    }
    /// The loss of the given step, or NaN when no snapshot carried it.
    float lossAt(long step) const {
        for (const TrainingSnapshot& s : snapshots)
            for (const LossPoint& p : s.losses)
                if (p.step == step)
                    return p.loss;
        return std::nanf("");
    }
    QObject context;
    QElapsedTimer clock;
    std::vector<TrainingSnapshot> snapshots;
    std::vector<double> arrivals; ///< seconds since the recorder was made
};

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-6 * std::max(std::abs(a), std::abs(b));
}

/// The loss of a run's first step from `file`'s parameters (trained ones when it has them,
/// else the seed's), computed by the core outside the studio.
float firstBatchLoss(const miniflow::GraphFile& file) {
    miniflow::Trainer trainer(miniflow::Plan::build(file.graph), file.training,
                              miniflow::loadTrainingData(file.dataset, ""));
    miniflow::restoreParameters(trainer.session(), file);
    return trainer.step();
}

} // namespace

class TestTrainingToolBar : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void learningRateUndoAndRedoReachTheRunningOptimizer();
    void unusualLearningRateIsKeptAndSaid();
    void speedDefaultPacesSpiralAndMaxIsUnpaced();
    void speedFollowsTheData();
    void trainAfterFinishedAsksContinueOrStartOver();

  private:
    GraphDocument* doc() { return window_->document(); }
    TrainingToolBar* bar() { return window_->trainingToolBar(); }
    TrainingController* controller() { return window_->trainingController(); }
    QAction* menuAction(const QString& menu, const QString& text);
    /// Types `text` into a spin box and presses Return, as a user does.
    void type(QAbstractSpinBox* box, const QString& text);
    /// Picks a speed in the toolbar's box with the keyboard (Home, then Down).
    void chooseSpeed(double stepsPerSecond);
    QMessageBox* trainAgainBox();
    /// Clicks the open question's button whose text is `text`.
    void answer(const QString& text);

    std::unique_ptr<MainWindow> window_;
};

void TestTrainingToolBar::init() {
    window_ = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window_->openExample("spiral", &error), qPrintable(error));
    window_->resize(1366, 768); // a laptop screen: the whole toolbar shows (offscreen is 800x600)
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestTrainingToolBar::cleanup() {
    controller()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(controller()->state() != TrainingState::Running &&
                                 controller()->state() != TrainingState::Paused,
                             20000);
    doc()->markSaved(); // no "save changes?" question when the window closes
    window_.reset();
}

QAction* TestTrainingToolBar::menuAction(const QString& menu, const QString& text) {
    for (QAction* top : window_->menuBar()->actions()) {
        if (top->text().remove('&') != menu)
            continue;
        for (QAction* action : top->menu()->actions())
            if (action->text().remove('&').startsWith(text))
                return action;
    }
    return nullptr;
}

void TestTrainingToolBar::type(QAbstractSpinBox* box, const QString& text) {
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Return);
}

void TestTrainingToolBar::chooseSpeed(double stepsPerSecond) {
    QComboBox* box = bar()->speedBox();
    const int index = box->findData(stepsPerSecond);
    QVERIFY2(index >= 0, qPrintable(QString::number(stepsPerSecond)));
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(box->currentIndex(), index);
}

QMessageBox* TestTrainingToolBar::trainAgainBox() {
    return window_->findChild<QMessageBox*>("trainAgainBox");
}

void TestTrainingToolBar::answer(const QString& text) {
    QMessageBox* box = trainAgainBox();
    QVERIFY(box);
    for (QAbstractButton* button : box->buttons())
        if (button->text().remove('&') == text) {
            QTest::mouseClick(button, Qt::LeftButton);
            return;
        }
    QFAIL(qPrintable("no button " + text));
}

/// Issue 15: the document is the one route; undo and redo during a run reach the optimizer.
void TestTrainingToolBar::learningRateUndoAndRedoReachTheRunningOptimizer() {
    Recorder recorder(controller());
    chooseSpeed(20); // slow enough to be running throughout
    bar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.snapshots.empty() && recorder.snapshots.back().step > 0,
                             10000);
    QVERIFY2(near(recorder.lastRate(), 0.01), qPrintable(QString::number(recorder.lastRate())));

    type(bar()->learningRateBox(), "0.05");
    QCOMPARE(doc()->file().training.learningRate, 0.05);
    QTRY_VERIFY_WITH_TIMEOUT(near(recorder.lastRate(), 0.05), 5000);

    QAction* undo = menuAction("Edit", "Undo");
    QAction* redo = menuAction("Edit", "Redo");
    QVERIFY(undo && redo);
    undo->trigger();
    QCOMPARE(bar()->learningRateBox()->value(), 0.01);
    QTRY_VERIFY_WITH_TIMEOUT(near(recorder.lastRate(), 0.01), 5000);
    redo->trigger();
    QCOMPARE(bar()->learningRateBox()->value(), 0.05);
    QTRY_VERIFY_WITH_TIMEOUT(near(recorder.lastRate(), 0.05), 5000);
    QCOMPARE(controller()->state(), TrainingState::Running);
}

/// Issue 18: a learning rate of 50 is kept (no clamp) and a warning shows beside the field
/// and in the status bar; a text that is no usable rate is refused in words.
void TestTrainingToolBar::unusualLearningRateIsKeptAndSaid() {
    ScientificSpinBox* rate = bar()->learningRateBox();
    QToolButton* warning = bar()->learningRateWarning();
    QVERIFY(!warning->isVisible());

    type(rate, "50");
    QCOMPARE(doc()->file().training.learningRate, 50.0);
    QCOMPARE(rate->value(), 50.0);
    QCOMPARE(rate->text(), QString("50"));
    QTRY_VERIFY(warning->isVisible()); // the toolbar lays itself out on its next event
    QVERIFY2(warning->toolTip().contains("above 1"), qPrintable(warning->toolTip()));
    QVERIFY2(window_->statusBar()->currentMessage().contains("diverge"),
             qPrintable(window_->statusBar()->currentMessage()));
    // The warning sits beside the field, inside the toolbar.
    QVERIFY(bar()->rect().contains(warning->geometry()));

    type(rate, "0");
    QCOMPARE(doc()->file().training.learningRate, 50.0);
    QVERIFY2(window_->statusBar()->currentMessage().contains("\"0\" is not a number between"),
             qPrintable(window_->statusBar()->currentMessage()));

    type(rate, "1e-4");
    QCOMPARE(doc()->file().training.learningRate, 1e-4);
    QCOMPARE(rate->text(), QString("0.0001"));
    QTRY_VERIFY(!warning->isVisible());

    doc()->undo(); // the document is the truth: the field and the warning follow it
    QCOMPARE(rate->value(), 50.0);
    QTRY_VERIFY(warning->isVisible());

    rate->setFocus();
    QTest::keyClick(rate, Qt::Key_Down); // the arrows walk 1-2-5: 50 -> 20
    QCOMPARE(doc()->file().training.learningRate, 20.0);
}

/// Issue 14: a spiral run in the window goes at the default pace (steps per second measured
/// from the snapshots' steps and arrival times); "max" removes the pacing.
void TestTrainingToolBar::speedDefaultPacesSpiralAndMaxIsUnpaced() {
    QCOMPARE(controller()->stepsPerSecond(), TrainingPace::kWatchable);
    QCOMPARE(bar()->speedBox()->currentData().toDouble(), TrainingPace::kWatchable);
    Recorder recorder(controller());
    bar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.snapshots.empty(), 10000);
    const double start = recorder.arrivals.front();
    QTest::qWait(2500);
    const double paced = recorder.stepsPerSecondSince(start + 0.3);
    qInfo("default pace %.0f steps/s: measured %.1f steps/s over %.1f s", TrainingPace::kWatchable,
          paced, recorder.arrivals.back() - start - 0.3);
    QVERIFY2(std::abs(paced - TrainingPace::kWatchable) <= 0.15 * TrainingPace::kWatchable,
             qPrintable(QString::number(paced)));
    QCOMPARE(controller()->state(), TrainingState::Running);

    const double switched = recorder.clock.nsecsElapsed() / 1e9;
    const long stepAtSwitch = recorder.snapshots.back().step;
    chooseSpeed(TrainingPace::kMax);
    QCOMPARE(bar()->speedBox()->currentText(), QString("max"));
    QTRY_VERIFY_WITH_TIMEOUT(controller()->state() == TrainingState::Finished, 20000);
    // The rest of the run (2,000+ steps) at max, end to end: a bound, since it ends so fast.
    const double unpaced = static_cast<double>(recorder.snapshots.back().step - stepAtSwitch) /
                           (recorder.arrivals.back() - switched);
    qInfo("max: %ld steps in %.3f s, at least %.0f steps/s",
          recorder.snapshots.back().step - stepAtSwitch, recorder.arrivals.back() - switched,
          unpaced);
    QVERIFY2(unpaced > 5 * TrainingPace::kWatchable, qPrintable(QString::number(unpaced)));
    QCOMPARE(recorder.snapshots.back().step, 2500L);
}

/// The default comes from the data: max for MNIST; a chosen speed stays until another
/// graph is loaded.
void TestTrainingToolBar::speedFollowsTheData() {
    QAction* mnist = menuAction("Examples", "mnist-mlp");
    QVERIFY(mnist);
    mnist->trigger();
    QCOMPARE(doc()->path(), QString(":/examples/mnist-mlp.json"));
    QCOMPARE(controller()->stepsPerSecond(), TrainingPace::kMax);
    QCOMPARE(bar()->speedBox()->currentText(), QString("max"));

    menuAction("Examples", "spiral")->trigger();
    QCOMPARE(controller()->stepsPerSecond(), TrainingPace::kWatchable);
    chooseSpeed(5);
    QCOMPARE(controller()->stepsPerSecond(), 5.0);
    bar()->stepAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(controller()->state(), TrainingState::Paused, 10000);
    controller()->reset();
    QCOMPARE(controller()->stepsPerSecond(), 5.0); // Reset keeps the user's choice
    menuAction("Examples", "spiral")->trigger();
    QCOMPARE(controller()->stepsPerSecond(), TrainingPace::kWatchable);
}

/// Issue 14: Train after "Finished" asks; Continue goes on from the trained weights (the
/// numbering goes on), Start over repeats the first run exactly, Cancel does nothing. The
/// status bar shows the run's numbers.
void TestTrainingToolBar::trainAfterFinishedAsksContinueOrStartOver() {
    type(bar()->epochsBox(), "2");
    QCOMPARE(doc()->file().training.epochs, 2);
    chooseSpeed(TrainingPace::kMax);
    Recorder recorder(controller());
    bar()->trainAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(controller()->state(), TrainingState::Finished, 20000);
    auto* metrics = window_->findChild<TrainingMetrics*>();
    QVERIFY(metrics && metrics->isVisible());
    QCOMPARE(metrics->progressText(), QString("epoch 2 · step 50"));
    QVERIFY2(metrics->trainingText().startsWith("train loss 0.") &&
                 metrics->trainingText().contains("%"),
             qPrintable(metrics->trainingText()));
    QVERIFY2(metrics->validationText().startsWith("val loss 0.") &&
                 metrics->validationText().contains("%"),
             qPrintable(metrics->validationText()));
    const float firstLoss = recorder.lossAt(1);
    QVERIFY(std::isfinite(firstLoss));
    const miniflow::GraphFile trained = doc()->file(); // with the run's parameters
    miniflow::GraphFile seeded = trained;
    seeded.parameters.clear();
    QCOMPARE(firstBatchLoss(seeded), firstLoss); // the check below computes what the run does

    bar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(trainAgainBox() && trainAgainBox()->isVisible(), 5000);
    QVERIFY2(trainAgainBox()->text().contains("2 epochs"), qPrintable(trainAgainBox()->text()));
    QCOMPARE(controller()->state(), TrainingState::Finished); // nothing runs while it asks
    answer("Continue training");
    QTRY_VERIFY_WITH_TIMEOUT(controller()->state() == TrainingState::Finished &&
                                 recorder.snapshots.back().step == 100,
                             20000);
    QCOMPARE(metrics->progressText(), QString("epoch 4 · step 100"));
    // From the trained weights: a new run's first batch is the seed's first batch, so the
    // continued run's first loss is that batch's loss under the weights of the first run.
    QCOMPARE(recorder.lossAt(51), firstBatchLoss(trained));
    QVERIFY(recorder.lossAt(51) != firstLoss);

    recorder.snapshots.clear();
    bar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(trainAgainBox() && trainAgainBox()->isVisible(), 5000);
    answer("Start over");
    QTRY_VERIFY_WITH_TIMEOUT(controller()->state() == TrainingState::Finished &&
                                 !recorder.snapshots.empty() && recorder.snapshots.back().final,
                             20000);
    QCOMPARE(metrics->progressText(), QString("epoch 2 · step 50"));
    QCOMPARE(recorder.lossAt(1), firstLoss); // from the seed: the same first step

    recorder.snapshots.clear();
    bar()->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(trainAgainBox() && trainAgainBox()->isVisible(), 5000);
    answer("Cancel");
    QTest::qWait(300);
    QCOMPARE(controller()->state(), TrainingState::Finished);
    QVERIFY(recorder.snapshots.empty());
}

QTEST_MAIN(TestTrainingToolBar)
#include "tst_training_toolbar.moc"
