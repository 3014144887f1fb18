#pragma once
/// NOTE [Training pace]
/// How fast a run in the studio goes, in training steps per second; 0 means "max" (no
/// waiting). It is a way of watching, not part of the model: it changes no result, so it
/// lives in the TrainingController (not in the document: no undo step, no "modified", not
/// saved in project files, unknown to `miniflow train`). One route: the toolbar sets it on the
/// controller, the controller forwards it to the running worker (TrainingCommands), and the
/// worker waits between two steps so that they start at most this often.
/// Headless runs (--train-steps, --measure) and single steps are never paced.
#include "io/GraphFile.h"

#include <vector>

namespace TrainingPace {

/// No pacing: as fast as the machine trains.
inline constexpr double kMax = 0;
/// The default for small 2-D problems: the spiral example's 2,500 steps take ~25 s, slow
/// enough to follow the edge colours and the decision boundary, fast enough not to bore.
inline constexpr double kWatchable = 100;

/// The speeds the toolbar offers, slowest first, kMax last.
const std::vector<double>& choices();

/// kWatchable when the graph's features Input takes 2 columns (a point in the plane: the
/// decision boundary view applies and the built-in sets are small), kMax otherwise (MNIST,
/// CIFAR, tables: there speed matters more than watching single steps).
double defaultFor(const miniflow::GraphFile& file);

} // namespace TrainingPace
