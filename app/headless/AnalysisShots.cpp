#include "app/headless/AnalysisShots.h"

#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/headless/StudioAutomation.h"

#include <QListWidget>

#include <cstdio>
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
void raiseTall(StudioAutomation* window, QWidget* panel) {
    window->showPanel(panel, kPanelHeight);
}

/// Says on stderr that `view` failed and why, and counts it.
template <typename Panel>
void reportFailures(Panel* panel, const char* view, const std::shared_ptr<int>& failures) {
    QObject::connect(panel, &Panel::failed, panel, [view, failures](const QString& message) {
        std::fprintf(stderr, "miniflow-studio: %s failed: %s\n", view, qPrintable(message));
        ++*failures;
    });
}

void runGradientCheck(StudioAutomation* window, Proceed next,
                      const std::shared_ptr<int>& failures) {
    GradientCheckPanel* panel = window->gradientCheckPanel();
    raiseTall(window, panel);
    reportFailures(panel, "gradient check", failures);
    onFirst(
        panel,
        [panel, next] {
            std::printf("miniflow-studio: gradient check: %zu nodes checked\n",
                        panel->results().size());
            next();
        },
        &GradientCheckPanel::checked, &GradientCheckPanel::failed);
    panel->checkAll();
}

void runStepThrough(StudioAutomation* window, int steps, int samples, Proceed next,
                    const std::shared_ptr<int>& failures) {
    StepThroughPanel* panel = window->stepThroughPanel();
    raiseTall(window, panel);
    if (samples > 0)
        panel->setSamples(samples);
    reportFailures(panel, "step through", failures);
    auto position = std::make_shared<int>(-1); // 0-based; set before onFirst runs
    QObject::connect(panel, &StepThroughPanel::stepShown, panel,
                     [position](int at) { *position = at; });
    onFirst(
        panel,
        [position, next] {
            std::printf("miniflow-studio: step through: at step %d\n", *position + 1); // as shown
            next();
        },
        &StepThroughPanel::stepShown, &StepThroughPanel::failed);
    panel->stepForward(steps);
}

void runConfusion(StudioAutomation* window, Proceed next, const std::shared_ptr<int>& failures) {
    ConfusionPanel* panel = window->confusionPanel();
    raiseTall(window, panel);
    reportFailures(panel, "confusion matrix", failures);
    onFirst(
        panel,
        [panel, next] {
            if (panel->matrix())
                std::printf("miniflow-studio: confusion matrix: computed\n");
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

std::function<void(Proceed)> AnalysisShots::work(StudioAutomation* window) const {
    const AnalysisShots shots = *this;
    return [window, shots](Proceed proceed) {
        // The last view requested is the one raised for the picture.
        Proceed afterCheck = proceed;
        if (shots.stepThrough > 0)
            afterCheck = [window, shots, proceed] {
                runStepThrough(window, shots.stepThrough, shots.samples, proceed, shots.failures);
            };
        Proceed afterConfusion = afterCheck;
        if (shots.gradientCheck)
            afterConfusion = [window, afterCheck, shots] {
                runGradientCheck(window, afterCheck, shots.failures);
            };
        if (shots.confusion)
            runConfusion(window, afterConfusion, shots.failures);
        else
            afterConfusion();
    };
}
