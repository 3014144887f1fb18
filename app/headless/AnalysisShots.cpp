#include "app/headless/AnalysisShots.h"

#include "app/MainWindow.h"
#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"

#include <QDockWidget>
#include <QListWidget>
#include <memory>

namespace {

using Proceed = std::function<void()>;
constexpr int kPanelHeight = 430;

/// Calls `proceed` once, on the first of the given signals.
template <typename Sender, typename... Ends>
void onFirst(Sender* sender, Proceed proceed, Ends... ends) {
    auto connections = std::make_shared<std::vector<QMetaObject::Connection>>();
    auto fire = [connections, proceed] {
        for (const auto& c : *connections)
            QObject::disconnect(c);
        proceed();
    };
    (connections->push_back(QObject::connect(sender, ends, sender, fire)), ...);
}

/// Raises the panel's dock and gives it room for the picture.
void raiseTall(MainWindow* window, QWidget* panel) {
    window->raisePanel(panel);
    if (QDockWidget* dock = window->dockOf(panel))
        window->resizeDocks({dock}, {kPanelHeight}, Qt::Vertical);
}

void runGradientCheck(MainWindow* window, Proceed next) {
    GradientCheckPanel* panel = window->gradientCheckPanel();
    raiseTall(window, panel);
    onFirst(panel, next, &GradientCheckPanel::checked, &GradientCheckPanel::failed);
    panel->checkAll();
}

void runStepThrough(MainWindow* window, int steps, int samples, Proceed next) {
    StepThroughPanel* panel = window->stepThroughPanel();
    raiseTall(window, panel);
    if (samples > 0)
        panel->setSamples(samples);
    onFirst(panel, next, &StepThroughPanel::stepShown, &StepThroughPanel::failed);
    panel->stepForward(steps);
}

void runConfusion(MainWindow* window, Proceed next) {
    ConfusionPanel* panel = window->confusionPanel();
    raiseTall(window, panel);
    onFirst(
        panel,
        [panel, next] {
            if (panel->matrix()) {
                const auto [actual, predicted] = panel->largestConfusion();
                panel->showCell(std::max(actual, 0), std::max(predicted, 0));
                if (auto* list = panel->findChild<QListWidget*>(); list && list->count() > 0)
                    list->setCurrentRow(0);
            }
            next();
        },
        &ConfusionPanel::computed, &ConfusionPanel::failed);
    panel->compute();
}

} // namespace

std::function<void(Proceed)> AnalysisShots::work(MainWindow* window) const {
    const AnalysisShots shots = *this;
    return [window, shots](Proceed proceed) {
        // The last view requested is the one raised for the picture.
        Proceed afterCheck = proceed;
        if (shots.stepThrough > 0)
            afterCheck = [window, shots, proceed] {
                runStepThrough(window, shots.stepThrough, shots.samples, proceed);
            };
        Proceed afterConfusion = afterCheck;
        if (shots.gradientCheck)
            afterConfusion = [window, afterCheck] { runGradientCheck(window, afterCheck); };
        if (shots.confusion)
            runConfusion(window, afterConfusion);
        else
            afterConfusion();
    };
}
