#pragma once
/// What an exporter needs to know about a training graph beyond its plan: which Input
/// carries the features, which the labels, which node is the loss and which node is the
/// model's prediction (the loss's input that is not the labels).
#include "autograd/Plan.h"
#include "io/GraphFile.h"

#include <map>

namespace miniflow {

struct ModelRoles {
    Plan plan;
    int features = -1;      ///< index in plan.nodes() of the Input with role "features"
    int labels = -1;        ///< index of the Input with role "labels"
    int loss = -1;          ///< index of the loss node
    int prediction = -1;    ///< index of the node whose value the loss compares with the labels
    int predictionPort = 0; ///< the loss's input port fed by the prediction (MSE: 1)

    const PlannedNode& node(int index) const { return plan.nodes()[static_cast<size_t>(index)]; }
    /// The producer feeding input `port` of plan node `index`.
    const PlannedNode& producer(int index, int port) const;
};

/// Validates `graph` for training and finds its roles. Throws GraphError for an invalid
/// graph and ExportError when the labels feed anything but the loss (an exported model
/// takes the features only).
ModelRoles findModelRoles(const Graph& graph);

/// The parameters an export carries: the file's trained values where present, otherwise
/// the values MiniFlow's trainer starts from (initializers drawn with training.seed).
std::map<NodeId, Tensor> currentParameters(const GraphFile& file, const Plan& plan);

} // namespace miniflow
