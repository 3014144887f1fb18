// Nothing lost: a real process (crash_helper) is killed with SIGKILL while it saves a
// project over and over, and while it trains with autosave on; the project file is always
// the old or the new version, never a mix, and the recovery copy is always whole. The next
// start (in this process, and the real miniflow-studio) offers and restores the copy.
#include "AppTestSupport.h"
#include "CrashVersions.h"

#include "app/MainWindow.h"
#include "app/document/Autosave.h"
#include "app/document/SetTrainingConfigCommand.h"
#include "app/headless/RecoveryPrompt.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

namespace {

constexpr int kSaveKills = 24; ///< at least this many kills of the save loop...
/// ...and until this many landed inside a save, between its open and its rename. A save's
/// write window is ~2% of the loop on an idle machine (serializing dominates), so about one
/// unaimed kill in 60 lands there; aimed kills (every third) nearly always do.
constexpr int kKillsInsideSaves = 3;
constexpr int kMaxSaveKills = 120;
constexpr int kTrainKills = 12;
constexpr int kAutosaveMs = 100;

QByteArray bytesOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Polls (every 0.1 ms, at most `limitMs`) until `path` exists.
void waitForFile(const QString& path, int limitMs) {
    QElapsedTimer clock;
    clock.start();
    while (!QFile::exists(path) && clock.elapsed() < limitMs)
        QThread::usleep(100);
}

/// Starts the helper and waits for its "saving" or "training" line (a slow start, e.g. under
/// a sanitizer, does not eat the delay); lets it run `ms`, or, given `whileWriting`, until
/// that file appears; then kills it with SIGKILL.
void runAndKill(const QStringList& arguments, int ms, const QString& whileWriting = {}) {
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(CRASH_HELPER_BINARY, arguments);
    QVERIFY2(helper.waitForStarted(10000), "crash_helper did not start");
    const QByteArray ready = arguments.front() == "save-loop" ? "saving" : "training";
    QVERIFY2(helper.waitForReadyRead(20000), "crash_helper did not get going");
    QCOMPARE(helper.readLine().trimmed(), ready);
    if (whileWriting.isEmpty())
        QTest::qWait(ms);
    else
        waitForFile(whileWriting, 5000);
    QCOMPARE(helper.state(), QProcess::Running); // it must die by the kill, not by itself
    helper.kill();                               // SIGKILL
    QVERIFY(helper.waitForFinished(10000));
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
}

bool parametersFinite(const miniflow::GraphFile& file) {
    for (const auto& [id, value] : file.parameters)
        if (!miniflow::allFinite(value))
            return false;
    return !file.parameters.empty();
}

bool setModified(const QString& path, const QDateTime& time) {
    QFile file(path);
    return file.open(QIODevice::ReadWrite) &&
           file.setFileTime(time, QFileDevice::FileModificationTime);
}

/// The spiral example saved as PROJECT in `folder`.
QString savedSpiral(const QTemporaryDir& folder) {
    const QString project = folder.filePath("spiral.json");
    ProjectFiles::write(project, ProjectFiles::read(ProjectFiles::examplePath("spiral")));
    return project;
}

} // namespace

class TestCrashRecovery : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    /// At least kSaveKills kills into a loop of saves, and more until kKillsInsideSaves of
    /// them hit a save between its open and its rename: two in three at delays from 100 to
    /// ~700 ms, every third aimed at the moment the save's temporary file appears (the write
    /// window is small, the more so when serializing is slow, as under ASan). After each,
    /// the file parses and is exactly one of the versions, never older than before.
    void killDuringSavesLeavesTheOldOrTheNewFile() {
        QTemporaryDir folder;
        const QString project = folder.filePath("project.json");
        ProjectFiles::write(project, crashtest::version(0));
        long last = 0;
        int duringWrite = 0;
        int kills = 0;
        for (int i = 0; i < kMaxSaveKills && (i < kSaveKills || duringWrite < kKillsInsideSaves);
             ++i, ++kills) {
            const bool aimed = i % 3 == 2;
            runAndKill({"save-loop", project}, 100 + (i * 97) % 600,
                       aimed ? project + ".saving" : QString());
            if (QTest::currentTestFailed())
                return;
            if (QFile::remove(project + ".saving"))
                ++duringWrite; // killed between open and rename
            miniflow::GraphFile file;
            try {
                file = ProjectFiles::read(project);
            } catch (const std::exception& e) {
                QFAIL(
                    qPrintable(QString("kill %1 left a broken project: %2").arg(i).arg(e.what())));
            }
            const long k = crashtest::versionOf(file);
            QVERIFY2(k >= last,
                     qPrintable(QString("kill %1: version %2 after %3").arg(i).arg(k).arg(last)));
            QVERIFY2(file == crashtest::version(k),
                     qPrintable(QString("kill %1: version %2 is mixed").arg(i).arg(k)));
            last = k;
        }
        qInfo("%d kills; %ld versions saved; %d kills landed while a save was writing", kills, last,
              duringWrite);
        QVERIFY2(last > kills / 2, "the helper saved too little for the kills to mean anything");
        QVERIFY2(duringWrite >= kKillsInsideSaves, "too few kills landed inside a save");
    }

    /// kTrainKills kills while the helper trains with a 100 ms autosave: the project file
    /// is byte for byte what it was; the recovery copy, once written, always parses, holds
    /// the project's graph and finite trained parameters.
    void killDuringTrainingKeepsTheProjectAndARecoveryCopy() {
        QTemporaryDir folder;
        const QString project = savedSpiral(folder);
        const QByteArray original = bytesOf(project);
        const miniflow::GraphFile saved = ProjectFiles::read(project);
        const QString copy = Autosave::recoveryPathFor(project);
        int withCopy = 0;
        for (int i = 0; i < kTrainKills; ++i) {
            QFile::remove(copy);
            runAndKill({"train", project, QString::number(kAutosaveMs)}, 150 + i * 111);
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(bytesOf(project) == original,
                     qPrintable(QString("kill %1 changed the project").arg(i)));
            if (!QFile::exists(copy))
                continue;
            miniflow::GraphFile recovered;
            try {
                recovered = ProjectFiles::read(copy);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(
                    QString("kill %1 left a broken recovery copy: %2").arg(i).arg(e.what())));
            }
            QVERIFY(recovered.graph == saved.graph);
            QVERIFY2(parametersFinite(recovered), "the recovery copy has no trained parameters");
            ++withCopy;
        }
        qInfo("%d kills during training; %d left a recovery copy", kTrainKills, withCopy);
        QVERIFY2(withCopy >= kTrainKills / 2, "autosave wrote too few recovery copies");
    }

    /// After a crash in training, opening the project offers the copy; restoring it brings
    /// back the trained parameters, marks the document modified, leaves the project file
    /// alone until Save, and Save removes the copy.
    void nextStartRestoresTheRecoveryCopy() {
        QTemporaryDir folder;
        const QString project = savedSpiral(folder);
        const QByteArray original = bytesOf(project);
        runAndKill({"train", project, QString::number(kAutosaveMs)}, 1500);
        if (QTest::currentTestFailed())
            return;
        const QString copy = Autosave::recoveryPathFor(project);
        QCOMPARE(Autosave::pendingRecoveryFor(project), copy);
        const miniflow::GraphFile recovered = ProjectFiles::read(copy);

        MainWindow window;
        QVERIFY(window.openFile(project));
        QString message;
        QVERIFY(offerRecovery(window, RecoveryChoice::Restore, &message));
        QVERIFY2(message.contains(copy), qPrintable(message));
        QVERIFY(window.document()->file() == recovered);
        QVERIFY(window.document()->isModified());
        QCOMPARE(window.document()->path(), project);
        QVERIFY(bytesOf(project) == original);
        QVERIFY(window.saveTo(project));
        QVERIFY(!QFile::exists(copy));
        QVERIFY(ProjectFiles::read(project) == recovered);
    }

    /// The real studio, started again after the kill, restores the copy (--recover restore).
    void studioBinaryOffersTheCopyAtStart() {
        QTemporaryDir folder;
        const QString project = savedSpiral(folder);
        runAndKill({"train", project, QString::number(kAutosaveMs)}, 1200);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(QFile::exists(Autosave::recoveryPathFor(project)));
        QProcess studio;
        studio.start(MINIFLOW_STUDIO_BINARY, {"--open", project, "--recover", "restore",
                                              "--screenshot", folder.filePath("shot.png")});
        QVERIFY(studio.waitForFinished(60000));
        const QString output = studio.readAllStandardOutput();
        QCOMPARE(studio.exitCode(), 0);
        QVERIFY2(output.contains("Restored the recovery copy"), qPrintable(output));
    }

    /// A copy older than the project (saved since) is not offered; Discard deletes it.
    void onlyANewerCopyIsOfferedAndDiscardDeletesIt() {
        QTemporaryDir folder;
        const QString project = savedSpiral(folder);
        const QString copy = Autosave::recoveryPathFor(project);
        QVERIFY(QFile::copy(project, copy));
        QVERIFY(setModified(copy, QDateTime::currentDateTime().addSecs(-60)));
        QVERIFY(Autosave::pendingRecoveryFor(project).isEmpty());
        QVERIFY(setModified(copy, QDateTime::currentDateTime().addSecs(60)));
        QCOMPARE(Autosave::pendingRecoveryFor(project), copy);
        MainWindow window;
        QVERIFY(window.openFile(project));
        QVERIFY(!offerRecovery(window, RecoveryChoice::Keep));
        QVERIFY(QFile::exists(copy));
        QVERIFY(!offerRecovery(window, RecoveryChoice::Discard));
        QVERIFY(!QFile::exists(copy));
        QVERIFY(!window.document()->isModified());
    }

    /// Edits reach the copy after the interval; an example's edits go to the untitled
    /// slot and come back as an untitled document.
    void editsAreAutosavedAndAnExampleComesBackUntitled() {
        const QString copy = Autosave::recoveryPathFor(ProjectFiles::examplePath("spiral"));
        QFile::remove(copy);
        {
            MainWindow window;
            QVERIFY(window.openExample("spiral"));
            window.autosave()->setInterval(std::chrono::milliseconds(50));
            miniflow::TrainingConfig config = window.document()->file().training;
            config.learningRate = 0.0123;
            window.document()->push(new SetTrainingConfigCommand(window.document(), config));
            QTRY_VERIFY(QFile::exists(copy));
            QCOMPARE(ProjectFiles::read(copy).training.learningRate, 0.0123);
        } // a crash: the window goes without closeEvent
        MainWindow next;
        QVERIFY(next.openExample("spiral"));
        QVERIFY(offerRecovery(next, RecoveryChoice::Restore));
        QCOMPARE(next.document()->file().training.learningRate, 0.0123);
        QVERIFY(next.document()->path().isEmpty());
        QVERIFY(next.document()->isModified());
        QFile::remove(copy);
    }

    /// Writes run off the GUI thread: a change while one is in flight is written after it,
    /// so the copy ends as the latest document.
    void overlappingWritesEndWithTheLatestDocument() {
        const QString copy = Autosave::recoveryPathFor(ProjectFiles::examplePath("spiral"));
        MainWindow window;
        QVERIFY(window.openExample("spiral"));
        window.autosave()->setInterval(std::chrono::milliseconds(1));
        miniflow::TrainingConfig config = window.document()->file().training;
        for (const double rate : {0.011, 0.022, 0.033}) {
            config.learningRate = rate;
            window.document()->push(new SetTrainingConfigCommand(window.document(), config));
            window.autosave()->writeNow();
        }
        const auto copiedRate = [&copy] { // -1 until a copy exists
            try {
                return ProjectFiles::read(copy).training.learningRate;
            } catch (const std::exception&) {
                return -1.0;
            }
        };
        QTRY_COMPARE(copiedRate(), 0.033);
        window.autosave()->discard();
        QVERIFY(!QFile::exists(copy));
    }

    /// Save or close while a write is in flight: it is waited for, and no copy is left.
    void discardWinsOverAWriteInFlight() {
        const QString copy = Autosave::recoveryPathFor(ProjectFiles::examplePath("spiral"));
        MainWindow window;
        QVERIFY(window.openExample("spiral"));
        QSignalSpy written(window.autosave(), &Autosave::written);
        miniflow::TrainingConfig config = window.document()->file().training;
        config.learningRate = 0.0456;
        window.document()->push(new SetTrainingConfigCommand(window.document(), config));
        window.autosave()->writeNow();
        window.autosave()->discard();
        QTest::qWait(300);
        QVERIFY(!QFile::exists(copy));
        QCOMPARE(written.count(), 0);
    }
};

QTEST_MAIN(TestCrashRecovery)
#include "tst_crash_recovery.moc"
