#pragma once
#include "export/ModelRoles.h"
#include "export/PythonNames.h"

#include <string>

namespace miniflow {

/// The text of model.py: class Model(nn.Module) with one attribute per Parameter,
/// Constant and layer node (named after the node), forward(features) computing the
/// prediction op for op in the plan's order, compute_loss(prediction, labels) for the
/// loss node, and load_parameters(model, folder) reading parameters/<name>.npy.
/// Throws ExportError for an op it cannot express.
std::string torchModelSource(const GraphFile& file, const ModelRoles& roles,
                             const PythonNames& names);

} // namespace miniflow
