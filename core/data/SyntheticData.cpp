#include "data/SyntheticData.h"

#include "tensor/Rng.h"

#include <cmath>
#include <numbers>

namespace miniflow {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr Index kMaxSamples = 10'000'000;
constexpr int kMaxClasses = 100;
/// Jitter amplitude at noise 1, per set (noise 1 matches TensorFlow Playground's 50 %).
constexpr double kCircleJitter = 0.5;
constexpr double kXorJitter = 0.5;
constexpr double kSpiralJitter = 0.2;
constexpr double kRegressionJitter = 0.5;
/// Circle: class 0 inside this radius, class 1 in the ring from kRingInner to 1.
constexpr double kDiscRadius = 0.5;
constexpr double kRingInner = 0.7;
/// XOR: points keep this distance from the axes so every quadrant is unambiguous.
constexpr double kXorMargin = 0.05;
/// Gaussians: blob centres lie on this circle; std grows from kBlobStd with noise.
constexpr double kBlobRing = 0.6;
constexpr double kBlobStd = 0.1;
constexpr double kBlobStdPerNoise = 0.3;
/// Spiral: how many turns each arm makes from the centre to the rim (TensorFlow
/// Playground's 1.75).
constexpr double kSpiralTurns = 1.75;
/// The 2-D sets are drawn in the unit square and stored scaled by this, so coordinates
/// span about [-5, 5] as in TensorFlow Playground: with unit-scale inputs a small tanh
/// MLP barely bends and the spiral stays unlearnt for thousands of steps.
constexpr double kPlaneScale = 5.0;

void checkOptions(const SyntheticOptions& options, bool usesClasses) {
    if (options.samples < 1 || options.samples > kMaxSamples)
        throw DataError("synthetic data: samples is " + std::to_string(options.samples) +
                        " (choose 1 to " + std::to_string(kMaxSamples) + ")");
    if (!(options.noise >= 0.0 && options.noise <= 1.0))
        throw DataError("synthetic data: noise is " + std::to_string(options.noise) +
                        " (choose 0 to 1)");
    if (usesClasses && (options.classes < 2 || options.classes > kMaxClasses))
        throw DataError("synthetic data: classes is " + std::to_string(options.classes) +
                        " (choose 2 to " + std::to_string(kMaxClasses) + ")");
}

/// An empty N x 2 classification set with the shared names.
Dataset makePlane(Index samples, int classes) {
    Dataset data;
    data.features.resize(samples, 2);
    data.targets.resize(samples, 1);
    data.classes = classes;
    data.featureNames = {"x1", "x2"};
    data.targetName = "class";
    return data;
}

void setPoint(Dataset& data, Index row, double x1, double x2, int label) {
    data.features(row, 0) = static_cast<float>(kPlaneScale * x1);
    data.features(row, 1) = static_cast<float>(kPlaneScale * x2);
    data.targets(row, 0) = static_cast<float>(label);
}

double jitter(Rng& rng, double amplitude, double noise) {
    return amplitude * noise * rng.uniform(-1.0, 1.0);
}

} // namespace

Dataset makeCircle(const SyntheticOptions& options) {
    checkOptions(options, false);
    Rng rng(options.seed);
    Dataset data = makePlane(options.samples, 2);
    for (Index i = 0; i < options.samples; ++i) {
        const int label = static_cast<int>(i % 2);
        const double radius =
            label == 0 ? rng.uniform(0.0, kDiscRadius) : rng.uniform(kRingInner, 1.0);
        const double angle = rng.uniform(0.0, kTwoPi);
        setPoint(data, i, radius * std::cos(angle) + jitter(rng, kCircleJitter, options.noise),
                 radius * std::sin(angle) + jitter(rng, kCircleJitter, options.noise), label);
    }
    return data;
}

Dataset makeXor(const SyntheticOptions& options) {
    checkOptions(options, false);
    Rng rng(options.seed);
    Dataset data = makePlane(options.samples, 2);
    const auto awayFromAxis = [&rng] {
        const double magnitude = rng.uniform(kXorMargin, 1.0);
        return rng.uniform() < 0.5 ? -magnitude : magnitude;
    };
    for (Index i = 0; i < options.samples; ++i) {
        const double x1 = awayFromAxis();
        const double x2 = awayFromAxis();
        const int label = (x1 > 0) != (x2 > 0) ? 1 : 0;
        setPoint(data, i, x1 + jitter(rng, kXorJitter, options.noise),
                 x2 + jitter(rng, kXorJitter, options.noise), label);
    }
    return data;
}

Dataset makeGaussians(const SyntheticOptions& options) {
    checkOptions(options, true);
    Rng rng(options.seed);
    Dataset data = makePlane(options.samples, options.classes);
    const double std = kBlobStd + kBlobStdPerNoise * options.noise;
    for (Index i = 0; i < options.samples; ++i) {
        const int label = static_cast<int>(i % options.classes);
        const double angle = std::numbers::pi / 4 + kTwoPi * label / options.classes;
        setPoint(data, i, kBlobRing * std::cos(angle) + std * rng.normal(),
                 kBlobRing * std::sin(angle) + std * rng.normal(), label);
    }
    return data;
}

Dataset makeSpiral(const SyntheticOptions& options) {
    checkOptions(options, true);
    Rng rng(options.seed);
    Dataset data = makePlane(options.samples, options.classes);
    for (Index i = 0; i < options.samples; ++i) {
        const int label = static_cast<int>(i % options.classes);
        const double radius = rng.uniform();
        const double angle =
            kTwoPi * (static_cast<double>(label) / options.classes + kSpiralTurns * radius);
        setPoint(data, i, radius * std::cos(angle) + jitter(rng, kSpiralJitter, options.noise),
                 radius * std::sin(angle) + jitter(rng, kSpiralJitter, options.noise), label);
    }
    return data;
}

Dataset makeRegression1D(const SyntheticOptions& options) {
    checkOptions(options, false);
    Rng rng(options.seed);
    Dataset data{Tensor(options.samples, 1), Tensor(options.samples, 1), 0, {"x"}, "y", {}, {}};
    for (Index i = 0; i < options.samples; ++i) {
        const double x = rng.uniform(-1.0, 1.0);
        data.features(i, 0) = static_cast<float>(x);
        data.targets(i, 0) = static_cast<float>(std::sin(kTwoPi * x) +
                                                jitter(rng, kRegressionJitter, options.noise));
    }
    return data;
}

Dataset makeSynthetic(const std::string& name, const SyntheticOptions& options) {
    if (name == "circle")
        return makeCircle(options);
    if (name == "xor")
        return makeXor(options);
    if (name == "gaussians")
        return makeGaussians(options);
    if (name == "spiral")
        return makeSpiral(options);
    if (name == "regression1d")
        return makeRegression1D(options);
    throw DataError("unknown synthetic dataset \"" + name +
                    "\" (choose circle, xor, gaussians, spiral or regression1d)");
}

} // namespace miniflow
