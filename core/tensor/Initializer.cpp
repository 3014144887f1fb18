#include "tensor/Initializer.h"

#include <array>
#include <cmath>
#include <utility>

namespace miniflow {

namespace {
constexpr std::array<std::pair<Initializer::Kind, const char*>, 6> kNames{{
    {Initializer::Kind::Zeros, "zeros"},
    {Initializer::Kind::Constant, "constant"},
    {Initializer::Kind::Normal, "normal"},
    {Initializer::Kind::Uniform, "uniform"},
    {Initializer::Kind::GlorotUniform, "glorot_uniform"},
    {Initializer::Kind::KaimingNormal, "kaiming_normal"},
}};

template <typename Draw> void fillWith(Tensor& t, Draw draw) {
    for (Index i = 0; i < t.size(); ++i)
        t.data()[i] = static_cast<float>(draw());
}
} // namespace

void Initializer::fill(Tensor& t, Rng& rng) const {
    const double fanIn = static_cast<double>(t.rows());
    const double fanOut = static_cast<double>(t.cols());
    switch (kind) {
    case Kind::Zeros:
        t.setZero();
        break;
    case Kind::Constant:
        t.setConstant(static_cast<float>(value));
        break;
    case Kind::Normal:
        fillWith(t, [&] { return stddev * rng.normal(); });
        break;
    case Kind::Uniform:
        fillWith(t, [&] { return rng.uniform(low, high); });
        break;
    case Kind::GlorotUniform: {
        const double limit = std::sqrt(6.0 / (fanIn + fanOut));
        fillWith(t, [&] { return rng.uniform(-limit, limit); });
        break;
    }
    case Kind::KaimingNormal: {
        const double std = std::sqrt(2.0 / fanIn);
        fillWith(t, [&] { return std * rng.normal(); });
        break;
    }
    }
}

std::string toString(Initializer::Kind kind) {
    for (const auto& [k, name] : kNames)
        if (k == kind)
            return name;
    return "?";
}

std::optional<Initializer::Kind> initializerKindFromString(const std::string& name) {
    for (const auto& [k, n] : kNames)
        if (name == n)
            return k;
    return std::nullopt;
}

} // namespace miniflow
