#include "data/Normalization.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace miniflow {

namespace {

using Kind = Normalization::Kind;
using Moments = Eigen::Matrix<double, 1, Eigen::Dynamic>;

constexpr std::array<std::pair<Kind, const char*>, 4> kNames{{
    {Kind::None, "none"},
    {Kind::Standardize, "standardize"},
    {Kind::MinMax, "minmax"},
    {Kind::PerChannel, "per_channel"},
}};

/// A spread this small is taken for a constant column, which keeps scale 1.
constexpr double kTinySpread = 1e-8;

/// Sums `perColumn` over the columns of each channel (channel-major rows: column j is
/// channel j / (cols / channels)) and writes each channel's total back to all its columns.
/// channels == cols: identity.
Moments poolChannels(const Moments& perColumn, Index channels) {
    const Index perChannelColumns = perColumn.size() / channels;
    Moments perChannel = Moments::Zero(channels);
    for (Index j = 0; j < perColumn.size(); ++j)
        perChannel[j / perChannelColumns] += perColumn[j];
    Moments pooled(perColumn.size());
    for (Index j = 0; j < perColumn.size(); ++j)
        pooled[j] = perChannel[j / perChannelColumns];
    return pooled;
}

/// Mean and population std per channel (1 x F each, broadcast to the channel's columns).
std::pair<Moments, Moments> channelMoments(const Tensor& x, Index channels) {
    const double count = static_cast<double>(x.rows()) * static_cast<double>(x.cols() / channels);
    Moments sum = Moments::Zero(x.cols());
    for (Index r = 0; r < x.rows(); ++r)
        sum += x.row(r).cast<double>();
    const Moments mean = poolChannels(sum, channels) / count;
    Moments squares = Moments::Zero(x.cols());
    for (Index r = 0; r < x.rows(); ++r)
        squares += (x.row(r).cast<double>() - mean).array().square().matrix();
    const Moments variance = poolChannels(squares, channels) / count;
    return {mean, variance.unaryExpr([](double v) { return std::sqrt(v); })};
}

/// Per-column minimum and maximum (plain loops: GCC 12 warns falsely about Eigen's
/// vectorised min/max reductions under AVX-512).
std::pair<Moments, Moments> columnRange(const Tensor& x) {
    Moments low = x.row(0).cast<double>(), high = low;
    for (Index r = 1; r < x.rows(); ++r)
        for (Index c = 0; c < x.cols(); ++c) {
            low[c] = std::min(low[c], double{x(r, c)});
            high[c] = std::max(high[c], double{x(r, c)});
        }
    return {low, high};
}

RowVector safeScale(const Moments& spread) {
    return spread.unaryExpr([](double s) { return s > kTinySpread ? s : 1.0; }).cast<float>();
}

Index channelCount(const Dataset& train) {
    if (train.sampleDims.empty())
        throw DataError("per-channel normalization needs image data with sample dimensions "
                        "(use standardize for flat feature rows)");
    Index pixels = 1;
    for (const Index dim : train.sampleDims)
        pixels *= dim;
    if (pixels != train.features.cols())
        throw DataError("per-channel normalization: sample dimensions hold " +
                        std::to_string(pixels) + " values but rows have " +
                        std::to_string(train.features.cols()) + " features");
    return train.sampleDims.size() >= 3 ? train.sampleDims.front() : 1;
}

} // namespace

Normalization Normalization::fit(const Dataset& train, Kind kind, double fixedRange) {
    const Tensor& x = train.features;
    Normalization n;
    n.kind = kind;
    n.offset = RowVector::Zero(x.cols());
    n.scale = RowVector::Ones(x.cols());
    if (kind != Kind::None && x.size() == 0)
        throw DataError("cannot fit " + toString(kind) +
                        " normalization on an empty dataset (no rows or no feature columns)");
    switch (kind) {
    case Kind::None:
        break;
    case Kind::Standardize:
    case Kind::PerChannel: {
        const auto [mean, std] =
            channelMoments(x, kind == Kind::PerChannel ? channelCount(train) : x.cols());
        n.offset = mean.cast<float>();
        n.scale = safeScale(std);
        break;
    }
    case Kind::MinMax:
        if (fixedRange > 0) {
            n.scale.setConstant(static_cast<float>(fixedRange));
        } else {
            const auto [low, high] = columnRange(x);
            n.offset = low.cast<float>();
            n.scale = safeScale(high - low);
        }
        break;
    }
    return n;
}

void Normalization::apply(Dataset& data) const {
    if (kind == Kind::None)
        return;
    if (data.features.cols() != offset.size())
        throw DataError("normalization was fitted on " + std::to_string(offset.size()) +
                        " feature columns but this dataset has " +
                        std::to_string(data.features.cols()) +
                        " (fit on the training split of the same data)");
    data.features.array().rowwise() -= offset.array();
    data.features.array().rowwise() /= scale.array();
}

std::string toString(Normalization::Kind kind) {
    for (const auto& [k, name] : kNames)
        if (k == kind)
            return name;
    return "?";
}

std::optional<Normalization::Kind> normalizationFromString(const std::string& name) {
    for (const auto& [k, n] : kNames)
        if (name == n)
            return k;
    return std::nullopt;
}

double largestMagnitude(const Dataset& data) {
    return data.features.size() == 0 ? 0.0
                                     : static_cast<double>(data.features.cwiseAbs().maxCoeff());
}

} // namespace miniflow
