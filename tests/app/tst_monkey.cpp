/// The GUI monkey (NOTE [GUI monkey]): seeded random actions through the studio's widgets,
/// a fresh window per seed, the canvas checked against the document after every action.
/// In ctest (label monkey): the regression seeds, then a fixed list, ~60 s in all.
/// tests/scripts/monkey.sh runs it longer under the sanitizers through the environment:
///   MINIFLOW_MONKEY_ACTIONS=N     N actions in all (instead of the fixed list)
///   MINIFLOW_MONKEY_SEEDS=a,b,... the seeds to use (default: 1001, 1002, ...)
///   MINIFLOW_MONKEY_PER_SEED=K    actions per seed (default 500)
/// A failure or a crash prints the seed and the last 20 actions.
#include "MonkeyDriver.h"

#include "app/MainWindow.h"
#include "app/document/GraphDocument.h"
#include "app/training/TrainingController.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

struct SeedRun {
    std::uint64_t seed;
    int actions;
};

/// Seeds that once made the studio fail; each stays here for good (what it found in brackets).
const std::vector<SeedRun> kRegressionSeeds = {
    {1, 140},    // Examples > ... then Discard with a node selected: deleted items looked up (#130)
    {1013, 320}, // ASan: Step on spiral after a 1-column dataset: the boundary read column 2 (#315)
                 // (also: the Step-through dock left floating (#312) was hidden as the window
                 // died, after the controller, and Kernels/Feature maps panels called it)
    {2002, 80},  // TSan: #51, a preview load on a reused pool thread read its inputs
                 // unordered (NOTE [Pool hand-off]); replay under TSan: MONKEY_SEEDS=2002
    {1006, 500}, // LSan: Save As (#499), then the window closed with the autosave's write in
                 // flight: BackgroundJob's thread was never deleted
};

/// The fixed list ctest runs after the regression seeds.
/// Seed 3 once crashed here: an example opened with a queued dataset auto-fit, whose bindings
/// still named the old graph's Input nodes (DatasetPanel::onGraphReplaced now rebinds).
const SeedRun kFixedSeeds[] = {{2, 250}, {3, 250}, {4, 250}, {5, 250}, {6, 250}};

std::vector<SeedRun> seedsFromEnvironment() {
    const int total = qEnvironmentVariableIntValue("MINIFLOW_MONKEY_ACTIONS");
    if (total <= 0)
        return {};
    bool ok = false;
    int perSeed = qEnvironmentVariableIntValue("MINIFLOW_MONKEY_PER_SEED", &ok);
    if (!ok || perSeed <= 0)
        perSeed = 500;
    std::vector<std::uint64_t> seeds;
    for (const QString& s :
         qEnvironmentVariable("MINIFLOW_MONKEY_SEEDS").split(',', Qt::SkipEmptyParts))
        seeds.push_back(s.trimmed().toULongLong());
    std::vector<SeedRun> runs;
    for (int done = 0, i = 0; done < total; ++i) {
        const std::uint64_t seed = i < static_cast<int>(seeds.size())
                                       ? seeds[static_cast<size_t>(i)]
                                       : 1001 + static_cast<std::uint64_t>(i);
        const int count = std::min(perSeed, total - done);
        runs.push_back({seed, count});
        done += count;
    }
    return runs;
}

} // namespace

class TestMonkey : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase();
    void seeds_data();
    void seeds();
    void cleanupTestCase();

  private:
    int actions_ = 0;
    int seedsRun_ = 0;
    std::map<QString, int> performed_;
    std::map<QString, int> skipped_;
    QElapsedTimer clock_;
};

void TestMonkey::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // recent files and recovery copies: not the user's
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs); // dialogs the driver can answer
    MonkeyDriver::installCrashReport();
    clock_.start();
}

void TestMonkey::seeds_data() {
    QTest::addColumn<qulonglong>("seed");
    QTest::addColumn<int>("actions");
    std::vector<SeedRun> runs = seedsFromEnvironment();
    if (runs.empty()) {
        for (const SeedRun& r : kRegressionSeeds)
            QTest::addRow("regression seed %llu", static_cast<unsigned long long>(r.seed))
                << qulonglong(r.seed) << r.actions;
        runs.assign(std::begin(kFixedSeeds), std::end(kFixedSeeds));
    }
    for (const SeedRun& r : runs)
        QTest::addRow("seed %llu", static_cast<unsigned long long>(r.seed))
            << qulonglong(r.seed) << r.actions;
}

void TestMonkey::seeds() {
    QFETCH(qulonglong, seed);
    QFETCH(int, actions);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    auto window = std::make_unique<MainWindow>();
    QString error;
    QVERIFY2(window->openExample("spiral", &error), qPrintable(error));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QElapsedTimer clock;
    clock.start();
    bool ok = false;
    QString report;
    {
        MonkeyDriver driver(window.get(), seed, folder.path());
        ok = driver.run(actions);
        if (!ok)
            report = QString("seed %1: %2\nlast actions:\n  %3")
                         .arg(seed)
                         .arg(driver.failure(), driver.lastActions(20).join("\n  "));
        actions_ += driver.performed();
        ++seedsRun_;
        for (const auto& [kind, n] : driver.performedByKind())
            performed_[kind] += n;
        for (const auto& [kind, n] : driver.skippedByKind())
            skipped_[kind] += n;
        qInfo("seed %llu: %d actions performed in %lld ms", static_cast<unsigned long long>(seed),
              driver.performed(), static_cast<long long>(clock.elapsed()));
    }
    window->trainingController()->stop();
    window->document()->markSaved();     // no question when the window goes
    const bool closed = window->close(); // as a user closes it: closeEvent, then destruction
    window.reset();
    QVERIFY2(ok, qPrintable(report));
    QVERIFY2(closed, "the window refused to close after the run");
}

void TestMonkey::cleanupTestCase() {
    QStringList kinds;
    for (const auto& [kind, n] : performed_)
        kinds << QString("%1 %2").arg(kind).arg(n);
    QStringList skips;
    for (const auto& [kind, n] : skipped_)
        skips << QString("%1 %2").arg(kind).arg(n);
    qInfo("monkey: %d actions over %d seeds in %lld s; by kind: %s; skipped (widget not found): %s",
          actions_, seedsRun_, static_cast<long long>(clock_.elapsed() / 1000),
          qPrintable(kinds.join(", ")), qPrintable(skips.isEmpty() ? "none" : skips.join(", ")));
}

QTEST_MAIN(TestMonkey)
#include "tst_monkey.moc"
