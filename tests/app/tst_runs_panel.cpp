/// NOTE [Studio runs]: every Train becomes a kept run listed in the Runs panel; checked runs
/// overlay the loss plot (one curve each, best epoch starred); two selected runs show exactly
/// their changed settings; restore settings is one undo step; a 2 x 2 sweep from the dialog
/// trains four runs with the right settings; runs are copied beside the project when it is
/// saved and come back when it is reopened. Driven through the window's widgets.
#include "AppTestSupport.h"
#include "app/MainWindow.h"
#include "app/plot/LossPlot.h"
#include "app/runs/RunStore.h"
#include "app/runs/RunsPanel.h"
#include "app/runs/SweepDialog.h"
#include "app/runs/SweepRunner.h"
#include "app/runs/SweepView.h"
#include "app/training/TrainingController.h"
#include "app/window/DocumentActions.h"
#include "app/window/TrainingToolBar.h"
#include "io/RunFile.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <set>

using miniflow::RunRecord;

class TestRunsPanel : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup() { window_.reset(); }
    void everyTrainIsAKeptRunAndOverlays();
    void settingsDiffAndRestore();
    void sweepOfTwoByTwoFromTheDialog();
    void runsComeBackWithTheProject();

  private:
    /// Sets the epochs (and optionally the learning rate) through the document, presses
    /// Reset then Train in the toolbar and waits for the run to finish.
    void trainOnce(int epochs, double learningRate = 0);
    QTableWidgetItem* nameCell(const QString& id) const;

    std::unique_ptr<MainWindow> window_;
};

void TestRunsPanel::init() {
    window_ = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window_->openExample("spiral", &error), qPrintable(error));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QCoreApplication::processEvents();
    window_->trainingController()->setStepsPerSecond(0); // full speed
}

void TestRunsPanel::trainOnce(int epochs, double learningRate) {
    TrainingToolBar* bar = window_->trainingToolBar();
    bar->epochsBox()->setValue(epochs);
    if (learningRate > 0)
        bar->learningRateBox()->setValue(learningRate);
    QCOMPARE(window_->document()->file().training.epochs, epochs);
    bar->resetAction()->trigger();
    const size_t before = window_->runStore()->runs().size();
    bar->trainAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingController()->state() == TrainingState::Finished,
                             20000);
    QCOMPARE(window_->runStore()->runs().size(), before + 1);
    // The file is read back once the worker has closed it.
    QTRY_VERIFY(window_->runStore()->runs().back().status == miniflow::RunStatus::Finished);
}

QTableWidgetItem* TestRunsPanel::nameCell(const QString& id) const {
    QTableWidget* table = window_->runsPanel()->table();
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, RunsPanel::Name)->data(Qt::UserRole).toString() == id)
            return table->item(r, RunsPanel::Name);
    return nullptr;
}

void TestRunsPanel::everyTrainIsAKeptRunAndOverlays() {
    RunStore* store = window_->runStore();
    QVERIFY(store->temporary()); // an example is not a saved project
    QVERIFY(store->runs().empty());
    trainOnce(3);
    trainOnce(4);
    QCOMPARE(window_->runsPanel()->table()->rowCount(), 2);
    const RunRecord first = store->runs()[0];
    const RunRecord second = store->runs()[1];
    QCOMPARE(first.epochs.size(), size_t(3));
    QCOMPARE(second.epochs.size(), size_t(4));
    QCOMPARE(first.name, std::string("run 1"));
    QCOMPARE(second.name, std::string("run 2"));
    QVERIFY(!first.steps.empty() && !first.bestParametersFile.empty());
    // Only the epochs differ: the one setting column.
    QCOMPARE(window_->runsPanel()->settingColumns(), QStringList{"epochs"});

    LossPlot* plot = window_->findChild<LossPlot*>();
    QVERIFY(plot);
    QCOMPARE(plot->overlayCurveCount(), 0);
    nameCell(QString::fromStdString(first.id))->setCheckState(Qt::Checked);
    QCOMPARE(plot->overlayCurveCount(), 1);
    nameCell(QString::fromStdString(second.id))->setCheckState(Qt::Checked);
    QCOMPARE(plot->overlayCurveCount(), 2);
    QCOMPARE(plot->overlayMarkerCount(), 2); // each run's best epoch
    nameCell(QString::fromStdString(first.id))->setCheckState(Qt::Unchecked);
    QCOMPARE(plot->overlayCurveCount(), 1);

    // Rename through the cell; delete asks first (refused, then accepted).
    nameCell(QString::fromStdString(second.id))->setText("longer");
    QCOMPARE(store->runs()[1].name, std::string("longer"));
    QCOMPARE(
        miniflow::readRunFile(miniflow::runFilePath(store->folder().toStdString(), second.id)).name,
        std::string("longer"));
    QStringList asked;
    bool answer = false;
    window_->runsPanel()->setDeleteConfirmation([&](const QStringList& names) {
        asked = names;
        return answer;
    });
    window_->runsPanel()->selectRuns({QString::fromStdString(first.id)});
    window_->runsPanel()->deleteSelected();
    QCOMPARE(asked, QStringList{"run 1"});
    QCOMPARE(store->runs().size(), size_t(2));
    answer = true;
    window_->runsPanel()->deleteSelected();
    QCOMPARE(store->runs().size(), size_t(1));
    QCOMPARE(window_->runsPanel()->table()->rowCount(), 1);
    QVERIFY(!QFile::exists(
        QString::fromStdString(miniflow::runFilePath(store->folder().toStdString(), first.id))));
}

void TestRunsPanel::settingsDiffAndRestore() {
    trainOnce(2, 0.01);
    trainOnce(2, 0.05);
    RunStore* store = window_->runStore();
    const QString a = QString::fromStdString(store->runs()[0].id);
    const QString b = QString::fromStdString(store->runs()[1].id);
    RunsPanel* panel = window_->runsPanel();
    panel->selectRuns({a, b});
    QCOMPARE(panel->diffLines(), QStringList{"learningRate: 0.01 -> 0.05"});
    // Restore the first run's settings: one undo step.
    panel->selectRuns({a});
    QCOMPARE(window_->document()->file().training.learningRate, 0.05);
    panel->restoreSettings();
    QCOMPARE(window_->document()->file().training.learningRate, 0.01);
    window_->document()->undo();
    QCOMPARE(window_->document()->file().training.learningRate, 0.05);
    // Restore parameters: the document gets the run's best-epoch values.
    panel->restoreParameters(true);
    const auto best = store->parameters(a, true);
    QVERIFY(!best.empty());
    QCOMPARE(window_->document()->file().parameters.size(), best.size());
    for (const auto& [id, value] : best)
        QVERIFY(window_->document()->file().parameters.at(id) == value);
}

void TestRunsPanel::sweepOfTwoByTwoFromTheDialog() {
    RunsPanel* panel = window_->runsPanel();
    bool filled = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<SweepDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->field("learningRate")->setText("1e-3, 1e-2");
        dialog->field("batchSize")->setText("32, 128");
        dialog->field("epochs")->setText("2");
        QCOMPARE(dialog->runCount(), 4);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        filled = true;
    });
    panel->openSweepDialog();
    QVERIFY(filled);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->sweepRunner()->running(), 60000);
    RunStore* store = window_->runStore();
    QTRY_COMPARE(store->runs().size(), size_t(4));
    QTRY_VERIFY(std::all_of(store->runs().begin(), store->runs().end(), [](const RunRecord& r) {
        return r.status == miniflow::RunStatus::Finished;
    }));
    std::set<std::pair<double, long>> seen;
    for (const RunRecord& run : store->runs()) {
        QCOMPARE(run.epochs.size(), size_t(2));
        seen.insert({run.training.learningRate, long(run.training.batchSize)});
    }
    QCOMPARE(seen,
             (std::set<std::pair<double, long>>{{1e-3, 32}, {1e-3, 128}, {1e-2, 32}, {1e-2, 128}}));
    // The document's own settings and parameters were left alone.
    QCOMPARE(window_->document()->file().training.learningRate, 0.01);
    QVERIFY(window_->document()->file().parameters.empty());
    QCOMPARE(panel->settingColumns(), (QStringList{"learningRate", "batchSize"}));
    SweepView* view = panel->sweepView();
    view->settingBox()->setCurrentText("learningRate");
    QCOMPARE(view->pointCount(), 4);
}

void TestRunsPanel::runsComeBackWithTheProject() {
    trainOnce(2);
    RunStore* store = window_->runStore();
    const std::string id = store->runs()[0].id;
    QTemporaryDir dir;
    const QString project = dir.filePath("net.miniflow.json");
    QString error;
    QVERIFY2(window_->documentActions()->saveTo(project, &error), qPrintable(error));
    QTRY_COMPARE(store->folder(), dir.filePath("net.runs"));
    QVERIFY(!store->temporary());
    QVERIFY(QFile::exists(
        QString::fromStdString(miniflow::runFilePath(store->folder().toStdString(), id))));
    store->rename(QString::fromStdString(id), "kept");
    trainOnce(2); // written beside the project directly
    QCOMPARE(store->runs().size(), size_t(2));

    QVERIFY(window_->openExample("add", &error));
    QTRY_VERIFY(store->temporary());
    QTRY_COMPARE(window_->runsPanel()->table()->rowCount(), 0);
    QVERIFY(window_->documentActions()->openFile(project, &error));
    QTRY_COMPARE(window_->runsPanel()->table()->rowCount(), 2);
    QCOMPARE(store->runs()[0].id, id);
    QCOMPARE(store->runs()[0].name, std::string("kept"));
    QVERIFY(store->runs()[1].status == miniflow::RunStatus::Finished);
}

QTEST_MAIN(TestRunsPanel)
#include "tst_runs_panel.moc"
