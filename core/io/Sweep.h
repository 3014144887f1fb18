#pragma once
/// NOTE [Sweeps]
/// A sweep trains one run per point: a grid (every combination of the listed values, the
/// first setting varying slowest) or N random draws (each setting's value drawn uniformly
/// from its list with Rng(seed), so the same seed gives the same points). Settings:
/// "learningRate", "batchSize", "optimizer", "momentum", "epochs", "seed", "dropout" (the
/// "rate" of every node that has one), "NODE.rate" and "NODE.units" (a layer's width, its
/// Parameters and their dependants resized as in the editor: NOTE [Shape repair]).
/// Text form (miniflow sweep --grid): "learningRate=1e-3,1e-2;batchSize=32,128".
#include "io/GraphFile.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace miniflow {

struct SweepAxis {
    std::string key;                 ///< "learningRate", "dense1.units", ...
    std::vector<std::string> values; ///< as typed: "1e-3", "adam", "64"
    bool operator==(const SweepAxis&) const = default;
};

struct SweepSpec {
    std::vector<SweepAxis> axes;
    int randomDraws = 0; ///< 0 = the whole grid
    std::uint64_t seed = 1;
};

/// One run's settings: (key, value) in axis order.
using SweepPoint = std::vector<std::pair<std::string, std::string>>;

/// Parses "key=v1,v2;key=v3"; throws std::invalid_argument saying what is wrong where
/// (empty key, no values, a key given twice).
std::vector<SweepAxis> parseSweepAxes(const std::string& text);
/// The grid, or `randomDraws` draws. Throws std::invalid_argument without axes.
std::vector<SweepPoint> sweepPoints(const SweepSpec& spec);
/// The file with the point's settings applied. Throws std::invalid_argument naming the
/// setting and value when a key is unknown, a node is missing or a value does not parse.
GraphFile applySweepPoint(GraphFile file, const SweepPoint& point);
/// "learningRate=0.001 batchSize=32": a run's default name.
std::string sweepPointName(const SweepPoint& point);
/// "learningRate=1e-3,1e-2;batchSize=32,128" (the inverse of parseSweepAxes).
std::string toString(const std::vector<SweepAxis>& axes);

} // namespace miniflow
