// The metrics CSV (NOTE [Metrics CSV]) of a real run: the named columns, one row per step with
// the step's loss, the epoch columns on the row that ended each epoch with the run's values,
// several runs in one file, and a clear error for a file that cannot be written.
#include "io/DataSource.h"
#include "io/GraphFile.h"
#include "io/MetricsCsv.h"
#include "train/MetricsLog.h"

#include <QtTest>

#include <cmath>
#include <sstream>

using namespace miniflow;

namespace {

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        bool quoted = false;
        for (char c : line) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                cells.push_back(std::exchange(cell, {}));
            else
                cell += c;
        }
        cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

struct Run {
    MetricsLog log;
    std::vector<EpochReport> reports;
    std::vector<float> losses;
};

/// The spiral example for `epochs` epochs, recorded.
Run trainSpiral(int epochs, const std::string& name) {
    GraphFile file = readGraphFile(MINIFLOW_EXAMPLES_DIR "/spiral.json");
    file.training.epochs = epochs;
    Trainer trainer(Plan::build(file.graph), file.training, loadTrainingData(file.dataset, ""));
    MetricsRecorder recorder(name);
    struct Losses : TrainingObserver {
        std::vector<float> values;
        void onStep(const StepReport& r, const Session&) override { values.push_back(r.loss); }
    } losses;
    ObserverFan fan;
    fan.add(&recorder);
    fan.add(&losses);
    Run run;
    run.reports = trainer.run(&fan);
    run.log = recorder.log();
    run.losses = losses.values;
    return run;
}

/// %.9g keeps 9 significant digits of a double (a float exactly).
bool close(double written, double value) {
    return std::abs(written - value) <= 1e-8 * std::max(1.0, std::abs(value));
}

int column(const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

} // namespace

class TestMetricsCsv : public QObject {
    Q_OBJECT
  private slots:
    void oneRunHasAStepRowEachAndItsEpochs() {
        const Run run = trainSpiral(3, "");
        std::ostringstream out;
        writeMetricsCsv(out, {&run.log});
        const auto rows = parseCsv(out.str());
        const std::vector<std::string> expected = {"run",
                                                   "step",
                                                   "epoch",
                                                   "wall_seconds",
                                                   "train_loss",
                                                   "epoch_train_loss",
                                                   "train_accuracy",
                                                   "val_loss",
                                                   "val_accuracy",
                                                   "samples_per_second"};
        QCOMPARE(rows.front(), expected);
        QCOMPARE(rows.size(), run.losses.size() + 1); // 3 epochs x 25 steps + header
        QCOMPARE(run.losses.size(), size_t{75});
        const auto& h = rows.front();
        int epochRows = 0;
        for (size_t i = 1; i < rows.size(); ++i) {
            const auto& r = rows[i];
            QCOMPARE(r.size(), expected.size());
            QCOMPARE(r[static_cast<size_t>(column(h, "run"))], std::string("run 1"));
            QCOMPARE(std::stol(r[static_cast<size_t>(column(h, "step"))]), long(i));
            QCOMPARE(std::stof(r[static_cast<size_t>(column(h, "train_loss"))]), run.losses[i - 1]);
            const std::string val = r[static_cast<size_t>(column(h, "val_loss"))];
            if (val.empty())
                continue;
            const EpochReport& e = run.reports[static_cast<size_t>(epochRows++)];
            QCOMPARE(std::stoi(r[static_cast<size_t>(column(h, "epoch"))]), e.epoch);
            QCOMPARE(i % 25, size_t{0}); // the epoch's last step
            QVERIFY(close(std::stod(val), e.validation->loss));
            QVERIFY(close(std::stod(r[static_cast<size_t>(column(h, "val_accuracy"))]),
                          *e.validation->accuracy));
            QVERIFY(close(std::stod(r[static_cast<size_t>(column(h, "epoch_train_loss"))]),
                          e.trainLoss));
        }
        QCOMPARE(epochRows, 3);
    }

    void severalRunsShareOneFile() {
        const Run a = trainSpiral(1, "lr 0.01, \"fast\"");
        const Run b = trainSpiral(2, "second");
        std::ostringstream out;
        writeMetricsCsv(out, {&a.log, &b.log});
        const auto rows = parseCsv(out.str());
        QCOMPARE(rows.size(), size_t{1 + 25 + 50});
        QCOMPARE(rows[1][0], std::string("lr 0.01, fast")); // quoted: the comma stays in
        QCOMPARE(rows.back()[0], std::string("second"));
        QVERIFY(out.str().find("\"lr 0.01, \"\"fast\"\"\"") != std::string::npos);
    }

    void epochsWithoutStepsGetTheirOwnRow() {
        MetricsLog log;
        log.steps = {{1, 1, 0.5, 0.1}, {2, 1, 0.4, 0.2}};
        EpochMetric e;
        e.epoch = 1;
        e.step = 7; // thinned history: the epoch's last step is not stored
        e.trainLoss = 0.45;
        e.validationLoss = 0.3;
        log.epochs = {e};
        std::ostringstream out;
        writeMetricsCsv(out, {&log});
        const auto rows = parseCsv(out.str());
        QCOMPARE(rows.size(), size_t{4});
        QCOMPARE(rows[3][1], std::string("7"));
        QCOMPARE(rows[3][4], std::string()); // no step loss
        QCOMPARE(rows[3][7], std::string("0.3"));
    }

    void unwritableFileIsRefusedByName() {
        MetricsLog log;
        try {
            writeMetricsCsv("/nonexistent-folder/m.csv", {&log});
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            QVERIFY(std::string(e.what()).find("/nonexistent-folder/m.csv") != std::string::npos);
        }
    }
};

QTEST_APPLESS_MAIN(TestMetricsCsv)
#include "tst_metrics_csv.moc"
