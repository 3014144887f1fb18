#pragma once
#include "autograd/Session.h"
#include "io/GraphFile.h"
#include "io/StoredParameters.h"
#include "train/Trainer.h"

#include <string>

namespace miniflow {

/// A Session for looking inside a graph file on its own data: the graph planned for training
/// when it has a loss (forward-only otherwise), parameters from the seed then replaced by the
/// file's trained values (when shapes match), and the Inputs fed from the dataset.
struct ProbeSession {
    Session session;
    TrainingData data;    ///< empty when the graph brings its own values (source "none")
    std::string dataNote; ///< what was fed, for the user: "first 32 training samples"
};

/// Feeds the first `rows` training samples (fewer when the set is smaller). A graph with no
/// dataset must give every Input a "value". Throws GraphError, DataError or
/// std::invalid_argument with a message saying what to do.
ProbeSession makeProbeSession(const GraphFile& file, const std::string& baseFolder, Index rows);

} // namespace miniflow
