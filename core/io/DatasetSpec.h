#pragma once
#include "tensor/Tensor.h"

#include <cstdint>
#include <string>

namespace miniflow {

/// Which data a graph trains on and how it is prepared (the graph file's "dataset").
struct DatasetSpec {
    std::string source = "none"; ///< "none", "builtin", "csv", "mnist", "cifar10"
    std::string name;            ///< builtin set: spiral, circle, xor, gaussians, regression1d
    /// csv file or data folder. Relative paths resolve against the graph file's folder;
    /// "data:mnist" resolves inside the shared data folder (MINIFLOW_DATA_DIR, else the
    /// first ancestor folder of the graph file or working directory holding shared/data).
    std::string path;
    std::string target;                 ///< csv target column (empty = last)
    bool classification = false;        ///< csv: targets are class indices
    Index samples = 500;                ///< builtin
    double noise = 0.1;                 ///< builtin
    int classes = 2;                    ///< builtin spiral / gaussians
    std::string normalization = "none"; ///< none, standardize, minmax, per_channel
    double validationFraction = 0.0;    ///< share of the training rows held out
    std::uint64_t seed = 1;             ///< generation and split
    bool operator==(const DatasetSpec&) const = default;
};

} // namespace miniflow
