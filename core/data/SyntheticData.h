#pragma once
#include "data/Dataset.h"

#include <cstdint>
#include <string>

namespace miniflow {

/// Built-in generated sets (TensorFlow Playground's shapes), deterministic for a seed.
struct SyntheticOptions {
    Index samples = 500;
    double noise = 0.0; ///< 0..1, scaled to each set's spread
    std::uint64_t seed = 1;
    int classes = 2; ///< spiral and gaussians: number of classes (arms / blobs)
};

/// 2-D classification sets (N x 2 features within about [-5, 5], as TensorFlow
/// Playground draws them; N x 1 class index):
Dataset makeCircle(const SyntheticOptions& options);    ///< inner disc vs outer ring
Dataset makeXor(const SyntheticOptions& options);       ///< class = sign(x) != sign(y)
Dataset makeGaussians(const SyntheticOptions& options); ///< `classes` blobs
Dataset makeSpiral(const SyntheticOptions& options);    ///< `classes` interleaved arms
/// 1-D regression: y = sin(2 pi x) + noise on x in [-1, 1] (N x 1 features, N x 1 target).
Dataset makeRegression1D(const SyntheticOptions& options);

/// By name: "circle", "xor", "gaussians", "spiral", "regression1d"; throws DataError.
Dataset makeSynthetic(const std::string& name, const SyntheticOptions& options);

} // namespace miniflow
