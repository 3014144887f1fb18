#pragma once
#include "data/Dataset.h"

#include <optional>
#include <string>

namespace miniflow {

/// Feature scaling fitted on training data and applied to every split alike.
struct Normalization {
    enum class Kind { None, Standardize, MinMax, PerChannel };
    Kind kind = Kind::None;
    RowVector offset; ///< subtracted per feature column
    RowVector scale;  ///< then divided by, per feature column (never 0)

    /// Standardize: per-column mean and population std (as the seed does for Boston; a
    /// constant column gets scale 1). MinMax: to [0, 1] per column... except when
    /// `fixedRange` > 0, which scales every column by that range (pixels: 255).
    /// PerChannel: mean/std per channel over all pixels of channel-last rows; channels =
    /// sampleDims.back() for {h, w, c} images, 1 for {h, w} (grayscale) images.
    /// Throws DataError for an empty dataset, or PerChannel without sampleDims.
    static Normalization fit(const Dataset& train, Kind kind, double fixedRange = 0.0);
    /// Scales data.features in place; throws DataError when the column count differs.
    void apply(Dataset& data) const;
};

std::string toString(Normalization::Kind kind);
/// "none", "standardize", "minmax", "per_channel".
std::optional<Normalization::Kind> normalizationFromString(const std::string& name);

} // namespace miniflow
