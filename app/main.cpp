/// miniflow-studio: the editor window, or a headless run for screenshots and checks:
///   miniflow-studio [--open FILE.json | --example NAME] [--train-steps N] [--screenshot OUT.png] [--measure]
///                   [--recover ask|restore|discard|keep]
/// With --screenshot the window trains N steps (when given), saves MainWindow::grab() and
/// exits 0. Without any display it says how to run headless and exits 2.
#include "MainWindow.h"
#include "tensor/Threads.h"
#include "window/HeadlessRun.h"
#include "window/RecoveryPrompt.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <cstdlib>

namespace {

bool displayAvailable() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

void describeOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription("MiniFlow Studio: build, train and look inside neural networks.");
    parser.addHelpOption();
    parser.addOptions({
        {"open", "Open the graph file FILE.", "FILE"},
        {"example", "Open the built-in example NAME (spiral, mnist-mlp, ...).", "NAME"},
        {"train-steps", "Train N steps before the screenshot.", "N"},
        {"screenshot", "Save a screenshot of the window to PNG and exit.", "PNG"},
        {"measure", "With --screenshot: press Train (full speed) for at least --train-steps steps and print "
                    "the throughput and the GUI thread's worst delay."},
        {"recover", "What to do with a recovery copy left by a crash: ask (default), restore, discard, or keep "
                    "(the default with --screenshot).", "CHOICE"},
    });
}

} // namespace

int main(int argc, char** argv) {
    if (!displayAvailable()) {
        std::fprintf(stderr,
                     "miniflow-studio: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "Run it headless instead, for example:\n"
                     "  QT_QPA_PLATFORM=offscreen miniflow-studio --example spiral --train-steps 500 "
                     "--screenshot out.png\n");
        return 2;
    }
    miniflow::setThreadCount(1); // idle OpenMP workers would spin against the GUI thread
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MiniFlow");
    QApplication::setApplicationName("MiniFlow Studio");
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);

    MainWindow window;
    QString error;
    const bool opened = parser.isSet("open")      ? window.openFile(parser.value("open"), &error)
                        : parser.isSet("example") ? window.openExample(parser.value("example"), &error)
                                                  : window.openExample("spiral", &error);
    if (!opened) {
        std::fprintf(stderr, "miniflow-studio: %s\n", qPrintable(error));
        return 1;
    }
    RecoveryChoice recovery = parser.isSet("screenshot") ? RecoveryChoice::Keep : RecoveryChoice::Ask;
    if (parser.isSet("recover") && !parseRecoveryChoice(parser.value("recover"), recovery)) {
        std::fprintf(stderr, "miniflow-studio: --recover takes ask, restore, discard or keep\n");
        return 1;
    }
    window.show();
    QString recovered;
    if (offerRecovery(window, recovery, &recovered)) std::printf("miniflow-studio: %s\n", qPrintable(recovered));
    if (!parser.isSet("screenshot")) return app.exec();

    bool validSteps = true;
    const long steps = parser.isSet("train-steps") ? parser.value("train-steps").toLong(&validSteps) : 0;
    if (!validSteps || steps < 0) {
        std::fprintf(stderr, "miniflow-studio: --train-steps needs a whole number >= 0\n");
        return 1;
    }
    HeadlessRun run(&window, steps, parser.value("screenshot"), parser.isSet("measure"));
    QObject::connect(&run, &HeadlessRun::finished, &app, &QApplication::exit);
    run.start();
    return app.exec();
}
