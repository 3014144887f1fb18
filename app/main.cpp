/// miniflow-studio: the editor window, or a headless run for screenshots and checks:
///   miniflow-studio [FILE | --open FILE | --example NAME] [--version]
///                   [--train-steps N] [--screenshot OUT.png] [--measure]
///                   [--step-through N [--samples K]] [--gradcheck] [--confusion]
///                   [--sparklines] [--show-units NODE] [--recover ask|restore|discard|keep]
///                   [--report FILE.json] [--widget-map FILE.json]
/// With --screenshot the window trains N steps (when given), shows the requested backprop
/// views (headless/AnalysisShots.h), saves the window's grab() and exits 0. --report and
/// --widget-map serve scripts that drive the window (headless/StudioReport.h, WidgetMap.h). Without
/// any display it says how to run headless and exits 2.
#include "app/MainWindow.h"
#include "app/document/GraphDocument.h"
#include "app/headless/AnalysisShots.h"
#include "app/headless/HeadlessRun.h"
#include "app/headless/RecoveryPrompt.h"
#include "app/headless/StudioReport.h"
#include "app/headless/WidgetMap.h"

#include "MiniflowVersion.h"
#include "app/plot/DecisionBoundaryView.h"
#include "app/window/WindowLayout.h"
#include "tensor/Threads.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool displayAvailable() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

void describeOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "MiniFlow Studio: build, train and look inside neural networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "A project to open (like --open FILE).", "[FILE]");
    parser.addOptions({
        {"open", "Open the graph file FILE.", "FILE"},
        {"example", "Open the built-in example NAME (spiral, mnist-mlp, ...).", "NAME"},
        {"train-steps",
         "Train N steps (full speed) before the screenshot and print the validation accuracy "
         "reached.",
         "N"},
        {"screenshot", "Save a screenshot of the window to PNG and exit.", "PNG"},
        {"measure",
         "With --screenshot: press Train (full speed) for at least --train-steps steps and print "
         "the throughput and the GUI thread's worst delay."},
        {"step-through",
         "With --screenshot: take N steps in the Step through panel (forward, then backward).",
         "N"},
        {"samples", "With --step-through: the pass runs on the first K samples.", "K"},
        {"gradcheck",
         "With --screenshot: check the gradient of every node (badges on the canvas)."},
        {"confusion", "With --screenshot: compute the confusion matrix, open its largest "
                      "off-diagonal cell and run "
                      "its first sample forward."},
        {"sparklines", "Turn on View > Gradient sparklines."},
        {"show-units",
         "Show the units of node NAME in the decision boundary view (as when hovering it).",
         "NAME"},
        {"report",
         "Write a JSON report (graph, the last run's metrics, trained parameters, window and "
         "screen geometry) to FILE when a run ends and at exit.",
         "FILE"},
        {"widget-map",
         "Keep FILE (JSON) up to date with the screen positions of the palette entries, node "
         "ports and main controls, for scripts that drive the window.",
         "FILE"},
        {"recover",
         "What to do with a recovery copy left by a crash: ask (default), restore, discard, or "
         "keep "
         "(the default with --screenshot).",
         "CHOICE"},
    });
}

} // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("MiniFlow Studio %s\n", MINIFLOW_VERSION); // also without a display
            return 0;
        }
    if (!displayAvailable()) {
        std::fprintf(
            stderr,
            "miniflow-studio: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "Run it headless instead, for example:\n"
            "  QT_QPA_PLATFORM=offscreen miniflow-studio --example spiral --train-steps 2500 "
            "--screenshot out.png\n");
        return 2;
    }
    miniflow::setThreadCount(1); // idle OpenMP workers would spin against the GUI thread
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MiniFlow");
    QApplication::setApplicationName("MiniFlow Studio");
    QApplication::setApplicationVersion(MINIFLOW_VERSION);
    QApplication::setDesktopFileName("org.miniflow.MiniFlowStudio");
    QIcon icon;
    for (int size : {32, 64, 256})
        icon.addFile(QString(":/icons/miniflow-studio-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);

    MainWindow window;
    QString error;
    // A file given bare (as the desktop's "Exec=miniflow-studio %f" passes it) opens like --open.
    const QStringList positional = parser.positionalArguments();
    const QString file = parser.isSet("open") ? parser.value("open") : positional.value(0);
    const bool opened = !file.isEmpty() ? window.openFile(file, &error)
                        : parser.isSet("example")
                            ? window.openExample(parser.value("example"), &error)
                            : window.openExample("spiral", &error);
    if (!opened) {
        std::fprintf(stderr, "miniflow-studio: %s\n", qPrintable(error));
        return 1;
    }
    RecoveryChoice recovery =
        parser.isSet("screenshot") ? RecoveryChoice::Keep : RecoveryChoice::Ask;
    if (parser.isSet("recover") && !parseRecoveryChoice(parser.value("recover"), recovery)) {
        std::fprintf(stderr, "miniflow-studio: --recover takes ask, restore, discard or keep\n");
        return 1;
    }
    if (!parser.isSet("screenshot")) {
        window.restoreLayout();
    } else { // a picture, not a screen: the preferred size in the default arrangement
        window.resize(WindowLayout::kPreferredSize);
        window.windowLayout()->arrangeDefault();
    }
    window.show();
    if (parser.isSet("report"))
        new StudioReport(&window, parser.value("report"), &window);
    if (parser.isSet("widget-map"))
        new WidgetMap(&window, parser.value("widget-map"), &window);
    window.sparklinesAction()->setChecked(parser.isSet("sparklines"));
    if (parser.isSet("show-units")) {
        const miniflow::Node* node =
            window.document()->graph().findByName(parser.value("show-units").toStdString());
        if (!node) {
            std::fprintf(stderr, "miniflow-studio: --show-units: no node called \"%s\"\n",
                         qPrintable(parser.value("show-units")));
            return 1;
        }
        window.boundaryView()->showNode(node->id, QString::fromStdString(node->name));
    }
    QString recovered;
    if (offerRecovery(window, recovery, &recovered))
        std::printf("miniflow-studio: %s\n", qPrintable(recovered));
    if (!parser.isSet("screenshot"))
        return app.exec();

    bool validSteps = true;
    const long steps =
        parser.isSet("train-steps") ? parser.value("train-steps").toLong(&validSteps) : 0;
    if (!validSteps || steps < 0) {
        std::fprintf(stderr, "miniflow-studio: --train-steps needs a whole number >= 0\n");
        return 1;
    }
    AnalysisShots shots;
    bool validCounts = true;
    for (auto [option, target] :
         {std::pair{"step-through", &shots.stepThrough}, std::pair{"samples", &shots.samples}})
        if (parser.isSet(option)) {
            bool ok = false;
            *target = parser.value(option).toInt(&ok);
            validCounts = validCounts && ok && *target >= 0;
        }
    shots.gradientCheck = parser.isSet("gradcheck");
    shots.confusion = parser.isSet("confusion");
    if (!validCounts) {
        std::fprintf(stderr,
                     "miniflow-studio: --step-through and --samples need whole numbers >= 0\n");
        return 1;
    }
    HeadlessRun run(&window, steps, parser.value("screenshot"), parser.isSet("measure"));
    if (shots.any())
        run.setBeforeScreenshot(shots.work(&window));
    QObject::connect(&run, &HeadlessRun::finished, &app, &QApplication::exit);
    run.start();
    const int code = app.exec();
    return code == 0 && *shots.failures > 0 ? 1 : code; // a view that failed fails the run
}
