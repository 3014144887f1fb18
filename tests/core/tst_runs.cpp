/// NOTE [Run records]: a run's file round-trips (settings, curves, best and final
/// parameters), a killed `miniflow train --runs` leaves a readable, interrupted run with its
/// curves up to the last seconds, the settings diff names exactly the changed settings, and
/// sweeps (NOTE [Sweeps]) give one run per point with that point's settings.
#include "io/DataSource.h"
#include "io/RunFile.h"
#include "io/RunParameters.h"
#include "io/RunRecorder.h"
#include "io/StoredParameters.h"
#include "io/Sweep.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fstream>
#include <set>

using namespace miniflow;

namespace {

GraphFile spiral() {
    return readGraphFile(MINIFLOW_EXAMPLES_DIR "/spiral.json");
}

/// Keeps every epoch's parameters, to compare with the stored best ones.
class Snapshots final : public TrainingObserver {
  public:
    explicit Snapshots(TrainingObserver& next) : next_(next) {}
    void onStep(const StepReport& r, const Session& s) override { next_.onStep(r, s); }
    void onEpoch(const EpochReport& r, const Session& s) override {
        byEpoch[r.epoch] = sessionParameters(s);
        next_.onEpoch(r, s);
    }
    std::map<int, std::map<NodeId, Tensor>> byEpoch;

  private:
    TrainingObserver& next_;
};

int runMiniflow(const QStringList& args, QString* out = nullptr) {
    QProcess process;
    process.start(QStringLiteral(MINIFLOW_CLI_BINARY), args);
    if (!process.waitForFinished(60000))
        qFatal("miniflow did not finish");
    if (out)
        *out = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    return process.exitCode();
}

std::string setting(const RunRecord& run, const std::string& key) {
    for (const auto& [k, v] : runSettings(run))
        if (k == key)
            return v;
    return "(missing)";
}

} // namespace

class TestRuns : public QObject {
    Q_OBJECT
  private slots:
    void roundTripsSettingsCurvesAndParameters() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        GraphFile file = spiral();
        file.training.epochs = 4;
        file.training.learningRate = 0.02;
        file.training.clipGradientNorm = 5;
        file.dataset.samples = 200;
        RunRecord header = newRunRecord(folder, file, "first", BestBy::ValidationAccuracy);
        Trainer trainer(Plan::build(file.graph), file.training,
                        loadTrainingData(file.dataset, folder));
        RunRecorder recorder(folder, header);
        Snapshots snapshots(recorder);
        trainer.run(&snapshots);
        recorder.finish(&trainer.session(), RunStatus::Finished);

        const RunRecord run = readRunFile(runFilePath(folder, header.id));
        QCOMPARE(run.id, header.id);
        QCOMPARE(run.name, std::string("first"));
        QCOMPARE(run.started, header.started);
        QCOMPARE(run.startedMs, header.startedMs);
        QVERIFY(run.status == RunStatus::Finished);
        QVERIFY(run.training == file.training);
        QVERIFY(run.dataset == file.dataset);
        QVERIFY(run.graph.graph == file.graph);
        QCOMPARE(run.graphHash, structureHash(file.graph));
        QVERIFY(run.bestBy == BestBy::ValidationAccuracy);
        QCOMPARE(run.steps, recorder.record().steps);
        QCOMPARE(run.epochs.size(), size_t(4));
        QCOMPARE(long(run.steps.size()), trainer.stepsDone());
        for (size_t i = 0; i < run.epochs.size(); ++i) {
            const RunEpoch& a = run.epochs[i];
            const RunEpoch& b = recorder.record().epochs[i];
            QCOMPARE(a.epoch, int(i) + 1);
            QCOMPARE(a.trainLoss, b.trainLoss);
            QVERIFY(a.validationLoss && a.validationAccuracy);
            QCOMPARE(*a.validationAccuracy, *b.validationAccuracy);
            QVERIFY(a.samplesPerSecond > 0);
        }
        QCOMPARE(run.bestEpoch, run.bestEpochByMetric());
        QVERIFY(run.bestEpoch >= 1);
        const auto best = readRunParameters(folder + "/" + run.bestParametersFile);
        QCOMPARE(best.size(), snapshots.byEpoch.at(run.bestEpoch).size());
        for (const auto& [id, t] : snapshots.byEpoch.at(run.bestEpoch))
            QVERIFY(best.at(id) == t);
        QCOMPARE(run.finalEpoch, 4);
        const auto last = readRunParameters(folder + "/" + run.finalParametersFile);
        for (NodeId id : trainer.session().parameterIds())
            QVERIFY(last.at(id) == trainer.session().value(id));
        // The stored parameters restore into a fresh session like a graph file's.
        GraphFile restored = file;
        restored.parameters = best;
        Session session(Plan::build(file.graph), 99);
        restoreParameters(session, restored);
        for (const auto& [id, t] : best)
            QVERIFY(session.parameter(id) == t);

        renameRun(folder, run.id, "renamed");
        QCOMPARE(readRunsFolder(folder).at(0).name, std::string("renamed"));
        QVERIFY(deleteRun(folder, run.id));
        QVERIFY(readRunsFolder(folder).empty());
        QVERIFY(!QFile::exists(QString::fromStdString(folder + "/" + run.bestParametersFile)));
    }

    void cutLastLineReadsAsInterrupted() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        GraphFile file = spiral();
        RunRecord header = newRunRecord(folder, file, "cut");
        {
            RunWriter writer(folder, header);
            writer.appendStep({1, 1, 0.5f});
            writer.appendStep({2, 1, 0.25f});
            writer.appendEpoch({1, 2, 0.375, std::nullopt, 0.4, 0.75, 0.1, 1000});
        }
        const std::string path = runFilePath(folder, header.id);
        std::ofstream(path, std::ios::app)
            << "{\"t\":\"step\",\"step\":3,\"ep"; // moc misreads raw strings
        RunRecord run = readRunFile(path);
        QVERIFY(run.status == RunStatus::Interrupted);
        QCOMPARE(run.steps.size(), size_t(2));
        QCOMPARE(run.epochs.size(), size_t(1));
        QCOMPARE(*run.epochs[0].validationAccuracy, 0.75);
        QVERIFY(!run.epochs[0].trainAccuracy);
        // Renaming a killed run starts a line of its own; the cut line is passed over.
        renameRun(folder, header.id, "cut, renamed");
        run = readRunFile(path);
        QCOMPARE(run.name, std::string("cut, renamed"));
        QCOMPARE(run.steps.size(), size_t(2));
        // A broken line in the middle is an error naming the file and line.
        std::ofstream(path, std::ios::app) << "nonsense\n{\"t\":\"step\",\"step\":4,\"epoch\":1,"
                                              "\"loss\":1}\n";
        try {
            readRunFile(path);
            QFAIL("a malformed middle line was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find("line 7") != std::string::npos, e.what());
        }
    }

    void killedTrainingKeepsItsCurves() {
        QTemporaryDir dir;
        GraphFile file = spiral();
        file.dataset.samples = 4000; // 200 steps per epoch: epochs of a few ms
        file.training.epochs = 100000;
        const QString graph = dir.filePath("spiral.json");
        writeGraphFile(graph.toStdString(), file);
        const QString runs = dir.filePath("spiral.runs");
        QProcess process;
        process.start(QStringLiteral(MINIFLOW_CLI_BINARY),
                      {"train", graph, "--runs", runs, "--run-name", "killed"});
        QVERIFY(process.waitForStarted());
        // Until the first epoch is on disk, then ~1.5 s more of training.
        QTRY_VERIFY_WITH_TIMEOUT(!readRunsFolder(runs.toStdString()).empty() &&
                                     !readRunsFolder(runs.toStdString())[0].epochs.empty(),
                                 20000);
        const double firstOnDisk = readRunsFolder(runs.toStdString())[0].epochs[0].seconds;
        QElapsedTimer clock;
        clock.start();
        QTest::qWait(1500);
        ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished(5000));
        const double trainedAfter = clock.elapsed() / 1000.0; // at least this long after it

        const std::vector<RunRecord> all = readRunsFolder(runs.toStdString());
        QCOMPARE(all.size(), size_t(1));
        const RunRecord& run = all[0];
        QCOMPARE(run.name, std::string("killed"));
        QVERIFY(run.status == RunStatus::Interrupted);
        QVERIFY(run.training.epochs == 100000);
        QVERIFY(run.epochs.size() >= 2);
        // Only the last moments are lost: the epochs on disk reach to within a second of the
        // kill (they are flushed as they end, and last a few ms here).
        const double onDisk = run.epochs.back().seconds - firstOnDisk;
        qInfo("killed %.2f s after the first epoch was on disk: %zu epochs and %zu steps kept, "
              "covering %.2f s after it",
              trainedAfter, run.epochs.size(), run.steps.size(), onDisk);
        QVERIFY2(onDisk > trainedAfter - 1.0, qPrintable(QString::number(onDisk)));
        QVERIFY(!run.steps.empty());
        QVERIFY(run.steps.back().step >= run.epochs.back().step);
        for (size_t i = 1; i < run.steps.size(); ++i)
            QCOMPARE(run.steps[i].step, run.steps[i - 1].step + 1);
        QVERIFY(run.bestEpoch >= 1);
        QVERIFY(!readRunParameters(runs.toStdString() + "/" + run.bestParametersFile).empty());
        QVERIFY(run.finalParametersFile.empty());
    }

    void settingsDiffListsExactlyTheChangedSettings() {
        GraphFile file = spiral();
        RunRecord a = newRunRecord("/nonexistent", file, "a");
        file.training.learningRate = 0.1;
        file.training.batchSize = 64;
        RunRecord b = newRunRecord("/nonexistent", file, "b");
        QCOMPARE(changedSettings(a, b), (std::vector<std::string>{"learningRate", "batchSize"}));
        QVERIFY(changedSettings(a, a).empty());
        const GraphFile wider = applySweepPoint(file, {{"dense1.units", "32"}});
        RunRecord c = newRunRecord("/nonexistent", wider, "c");
        QCOMPARE(changedSettings(b, c), (std::vector<std::string>{"graphHash", "dense1.units"}));
        QCOMPARE(setting(c, "dense1.units"), std::string("32"));
        QCOMPARE(
            settingsThatDiffer({&a, &b, &c}),
            (std::vector<std::string>{"learningRate", "batchSize", "graphHash", "dense1.units"}));
    }

    void sweepGridAndRandomDraws() {
        const std::vector<SweepAxis> axes =
            parseSweepAxes("learningRate=1e-3,1e-2; batchSize=32,128");
        QCOMPARE(axes.size(), size_t(2));
        QCOMPARE(toString(axes), std::string("learningRate=1e-3,1e-2;batchSize=32,128"));
        const std::vector<SweepPoint> grid = sweepPoints({axes, 0, 1});
        QCOMPARE(grid.size(), size_t(4));
        QCOMPARE(sweepPointName(grid[1]), std::string("learningRate=1e-3 batchSize=128"));
        QCOMPARE(sweepPointName(grid[2]), std::string("learningRate=1e-2 batchSize=32"));
        const auto draws = sweepPoints({axes, 7, 5});
        QCOMPARE(draws.size(), size_t(7));
        QCOMPARE(draws, sweepPoints({axes, 7, 5}));
        QVERIFY(draws != sweepPoints({axes, 7, 6}));

        const GraphFile file = applySweepPoint(
            spiral(), {{"optimizer", "sgd"}, {"dense1.units", "8"}, {"learningRate", "0.5"}});
        QCOMPARE(file.training.optimizer, std::string("sgd"));
        QCOMPARE(file.training.learningRate, 0.5);
        QCOMPARE(file.graph.findByName("W1")->attributes["cols"].get<int>(), 8);
        QCOMPARE(file.graph.findByName("W2")->attributes["rows"].get<int>(), 8);
        Plan::build(file.graph); // still a valid network

        for (const char* bad : {"learningRate=abc", "nosuch=1", "dense9.units=4", "dropout=0.5",
                                "batchSize=0", "optimizer=rmsprop"}) {
            const auto point = sweepPoints({parseSweepAxes(bad), 0, 1})[0];
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applySweepPoint(spiral(), point));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepAxes("learningRate"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepAxes("a=1;a=2"));
    }

    void cliSweepTwoByTwoGivesFourRuns() {
        QTemporaryDir dir;
        GraphFile file = spiral();
        file.dataset.samples = 200;
        const QString graph = dir.filePath("net.miniflow.json");
        writeGraphFile(graph.toStdString(), file);
        QString out;
        QCOMPARE(runMiniflow({"sweep", graph, "--grid", "learningRate=1e-3,1e-2;batchSize=32,128",
                              "--epochs", "2"},
                             &out),
                 0);
        const std::string folder = dir.filePath("net.runs").toStdString();
        QCOMPARE(runsFolderFor(graph.toStdString()), folder);
        const std::vector<RunRecord> runs = readRunsFolder(folder);
        QCOMPARE(runs.size(), size_t(4));
        std::set<std::pair<double, Index>> seen;
        std::set<std::string> names;
        for (const RunRecord& run : runs) {
            QVERIFY(run.status == RunStatus::Finished);
            QCOMPARE(run.epochs.size(), size_t(2));
            QCOMPARE(run.training.epochs, 2);
            names.insert(run.name);
            seen.insert({run.training.learningRate, run.training.batchSize});
            // Everything else is the graph's own.
            QCOMPARE(run.training.optimizer, file.training.optimizer);
            QCOMPARE(run.training.seed, file.training.seed);
            QVERIFY(!run.finalParametersFile.empty());
        }
        QCOMPARE(seen, (std::set<std::pair<double, Index>>{
                           {1e-3, 32}, {1e-3, 128}, {1e-2, 32}, {1e-2, 128}}));
        QCOMPARE(names, (std::set<std::string>{
                            "learningRate=1e-3 batchSize=32", "learningRate=1e-3 batchSize=128",
                            "learningRate=1e-2 batchSize=32", "learningRate=1e-2 batchSize=128"}));
        std::vector<const RunRecord*> pointers;
        for (const RunRecord& r : runs)
            pointers.push_back(&r);
        QCOMPARE(settingsThatDiffer(pointers),
                 (std::vector<std::string>{"learningRate", "batchSize"}));
        // A bad value fails before anything trains.
        QVERIFY(
            runMiniflow({"sweep", graph, "--grid", "learningRate=x", "--runs", dir.filePath("bad")},
                        &out) != 0);
        QVERIFY2(out.contains("\"x\" is not a number"), qPrintable(out));
        QVERIFY(!QFile::exists(dir.filePath("bad")));
    }
};

QTEST_GUILESS_MAIN(TestRuns)
#include "tst_runs.moc"
