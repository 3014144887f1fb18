#pragma once
/// One kept run drawn over the loss plot (NOTE [Studio runs]): its training loss (already
/// thinned to a few hundred points), its validation loss per epoch, and its best epoch.
#include <QColor>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

struct RunOverlay {
    QString name;
    QColor color;
    std::vector<double> steps, losses;                     ///< training loss
    std::vector<double> validationSteps, validationLosses; ///< per epoch
    /// (step, loss) where the best epoch is marked; nullopt when the run has none.
    std::optional<std::pair<double, double>> best;
};
