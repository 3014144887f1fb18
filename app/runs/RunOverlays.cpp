#include "app/runs/RunOverlays.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <iterator>

RunOverlay overlayFor(const miniflow::RunRecord& run, const QColor& color, int maxPoints) {
    RunOverlay o;
    o.name = QString::fromStdString(run.name);
    o.color = color;
    const size_t n = run.steps.size();
    const size_t bucket = std::max<size_t>(1, (n + maxPoints - 1) / std::max(1, maxPoints));
    for (size_t begin = 0; begin < n; begin += bucket) {
        const size_t end = std::min(n, begin + bucket);
        double sum = 0, steps = 0;
        size_t finite = 0;
        for (size_t i = begin; i < end; ++i) {
            steps += static_cast<double>(run.steps[i].step);
            if (std::isfinite(run.steps[i].loss)) {
                sum += run.steps[i].loss;
                ++finite;
            }
        }
        if (finite == 0)
            continue;
        o.steps.push_back(steps / static_cast<double>(end - begin));
        o.losses.push_back(sum / static_cast<double>(finite));
    }
    for (const miniflow::RunEpoch& e : run.epochs)
        if (e.validationLoss && std::isfinite(*e.validationLoss)) {
            o.validationSteps.push_back(static_cast<double>(e.step));
            o.validationLosses.push_back(*e.validationLoss);
        }
    const int bestEpoch = run.bestEpoch > 0 ? run.bestEpoch : run.bestEpochByMetric();
    if (const miniflow::RunEpoch* best = run.epoch(bestEpoch))
        o.best = {static_cast<double>(best->step),
                  best->validationLoss ? *best->validationLoss : best->trainLoss};
    return o;
}

QColor overlayColor(int n) {
    static const QColor colors[] = {
        QColor(214, 39, 40),   QColor(148, 103, 189), QColor(44, 160, 44),  QColor(140, 86, 75),
        QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
    return colors[static_cast<size_t>(n) % std::size(colors)];
}
