#pragma once
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <QString>
#include <string>
#include <vector>

/// How a dataset meets the graph: the Input node with role "features" receives the N x F
/// feature rows (and the sample shape, e.g. 1 x 28 x 28), the one with role "labels" the N x T
/// targets (class indices: T = 1). An Input fits when its "features" attribute equals the
/// dataset's column count and its "sampleDims" (if it has any) equal the dataset's.
struct InputBinding {
    std::string role;       ///< "features" or "labels"
    miniflow::NodeId input; ///< invalid when no Input has the role
    std::string inputName;
    int inputsWithRole = 0; ///< more than 1 is an error for training
    miniflow::Index datasetColumns = 0;
    std::vector<miniflow::Index> datasetDims; ///< features of image sets only
    miniflow::Index inputColumns = 0;
    std::vector<miniflow::Index> inputDims;

    bool fits() const;
    /// `attributes` changed so that the Input fits (features, and sampleDims set or removed).
    nlohmann::json fitted(const nlohmann::json& attributes) const;
};

/// The features binding first, then the labels binding.
std::vector<InputBinding> bindDataset(const miniflow::Graph& graph, miniflow::Index featureColumns,
                                      const std::vector<miniflow::Index>& sampleDims,
                                      miniflow::Index targetColumns);

/// "N x 784 (1x28x28)": a dataset or Input shape as the panel shows it.
QString shapeText(miniflow::Index columns, const std::vector<miniflow::Index>& dims);
/// One line per binding (rich text): role, shape, the Input it feeds and whether it fits.
QString bindingsHtml(const std::vector<InputBinding>& bindings);
