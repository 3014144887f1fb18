#pragma once
#include "data/TrainingData.h"
#include "io/DatasetSpec.h"

#include <string>

namespace miniflow {

/// Loads, splits and normalizes the data a DatasetSpec describes (normalization fitted on
/// the training rows only). Sources with their own test files (mnist, cifar10) return them
/// as `test`; when validationFraction is 0 they also serve as `validation`, so every epoch
/// reports held-out loss and accuracy. Throws DataError / std::invalid_argument.
TrainingData loadTrainingData(const DatasetSpec& spec, const std::string& baseFolder);

/// Resolves spec.path (see DatasetSpec::path) to an existing file or folder; throws
/// DataError saying where it looked.
std::string resolveDataPath(const std::string& path, const std::string& baseFolder);

/// The shared data folder: $MINIFLOW_DATA_DIR, else the first <ancestor>/shared/data of
/// `baseFolder` or of the working directory that exists; empty when there is none.
std::string sharedDataFolder(const std::string& baseFolder);

/// The spec for `--data PATH`: a .csv file, a folder of MNIST IDX files, or a folder of
/// CIFAR-10 batches; other settings are kept from `base`, except that image folders get
/// normalization "minmax" (pixels scaled to 0..1) when `base` has none (NOTE [Needs
/// scaling]).
DatasetSpec specForDataPath(const std::string& path, DatasetSpec base);

} // namespace miniflow
