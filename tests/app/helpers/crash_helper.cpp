/// A process for tst_crash_recovery to kill with SIGKILL at arbitrary moments:
///   crash_helper save-loop PROJECT      saves versions k+1, k+2, ... of PROJECT forever
///                                       (k read from PROJECT), through ProjectFiles::write;
///                                       prints "saving" before the first save
///   crash_helper train PROJECT MS       opens PROJECT in a MainWindow (offscreen), sets the
///                                       autosave and checkpoint intervals to MS and trains
///                                       until killed; prints "training" once started
#include "CrashVersions.h"
#include "app/MainWindow.h"
#include "app/document/Autosave.h"
#include "app/document/GraphDocument.h"
#include "app/training/TrainingController.h"

#include <QApplication>
#include <QStandardPaths>

#include <cstdio>

namespace {

int saveLoop(const QString& project) {
    const long first = crashtest::versionOf(ProjectFiles::read(project)) + 1;
    std::printf("saving\n");
    std::fflush(stdout);
    for (long k = first;; ++k)
        ProjectFiles::write(project, crashtest::version(k));
}

int train(int argc, char** argv, const QString& project, int intervalMs) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    MainWindow window;
    QString error;
    if (!window.openFile(project, &error)) {
        std::fprintf(stderr, "crash_helper: %s\n", qPrintable(error));
        return 1;
    }
    window.autosave()->setInterval(std::chrono::milliseconds(intervalMs));
    window.trainingController()->setCheckpointInterval(std::chrono::milliseconds(intervalMs));
    miniflow::TrainingConfig config = window.document()->file().training;
    config.epochs = 1'000'000;
    window.document()->setTrainingConfig(config);
    window.show();
    window.trainingController()->train();
    std::printf("training\n");
    std::fflush(stdout);
    return app.exec();
}

} // namespace

int main(int argc, char** argv) {
    const QString mode = argc > 2 ? argv[1] : "";
    if (mode == "save-loop")
        return saveLoop(argv[2]);
    if (mode == "train" && argc > 3)
        return train(argc, argv, argv[2], std::atoi(argv[3]));
    std::fprintf(stderr, "usage: crash_helper save-loop PROJECT | train PROJECT INTERVAL_MS\n");
    return 2;
}
