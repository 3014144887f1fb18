#pragma once
#include "io/GraphFile.h"

#include <QString>
#include <QStringList>
#include <optional>

struct DatasetPreview;

/// File > New from Template: small networks wired to the loaded data, ready to train.
/// "MLP classifier": Input sized to the data's features (and image shape, then a Flatten) -> hidden
/// ReLU layers -> a last layer as wide as the class count -> SoftmaxCrossEntropy against the labels
/// Input. "MLP regressor": the same body, a last layer as wide as the targets, MSE. The graph
/// carries the data's DatasetSpec and training settings that suit its size.
namespace ModelTemplates {

QStringList names();
/// The graph for template `name` over `data` (a loaded preview); nullopt with the reason in
/// *error when the data does not suit it (a classifier needs classes, a regressor targets).
std::optional<miniflow::GraphFile> make(const QString& name, const DatasetPreview& data,
                                        QString* error);

} // namespace ModelTemplates
