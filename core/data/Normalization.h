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
    /// PerChannel: mean/std per channel over all pixels of channel-major rows (NOTE [Image
    /// layout]); channels = sampleDims[0] for {C, H, W} images, 1 for {H, W} (grayscale).
    /// Throws DataError for an empty dataset, or PerChannel without sampleDims.
    static Normalization fit(const Dataset& train, Kind kind, double fixedRange = 0.0);
    /// Scales data.features in place; throws DataError when the column count differs.
    void apply(Dataset& data) const;
};

/// NOTE [Needs scaling]: features reaching beyond this magnitude (|x| > 100, i.e. more
/// than ~100x the unit range initializers and learning rates assume: raw pixels 0..255,
/// prices, areas) train slowly or not at all without normalization. The CLI prints a note
/// and the studio's Dataset panel offers to turn normalization on.
constexpr double kNeedsScalingMagnitude = 100.0;
/// The largest |x| over data.features (0 for an empty set).
double largestMagnitude(const Dataset& data);

std::string toString(Normalization::Kind kind);
/// "none", "standardize", "minmax", "per_channel".
std::optional<Normalization::Kind> normalizationFromString(const std::string& name);

} // namespace miniflow
