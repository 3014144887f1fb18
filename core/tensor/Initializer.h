#pragma once
#include "tensor/Rng.h"
#include "tensor/Tensor.h"

#include <optional>
#include <string>

namespace miniflow {

/// How a Parameter's tensor is filled before training.
struct Initializer {
    enum class Kind { Zeros, Constant, Normal, Uniform, GlorotUniform, KaimingNormal };
    Kind kind = Kind::GlorotUniform;
    double value = 0.0;              ///< Constant
    double stddev = 1.0;             ///< Normal
    double low = -0.05, high = 0.05; ///< Uniform

    /// Fills `t` (rows = fan-in, cols = fan-out for weight matrices).
    void fill(Tensor& t, Rng& rng) const;
};

/// "zeros", "constant", "normal", "uniform", "glorot_uniform", "kaiming_normal".
std::string toString(Initializer::Kind kind);
std::optional<Initializer::Kind> initializerKindFromString(const std::string& name);

} // namespace miniflow
