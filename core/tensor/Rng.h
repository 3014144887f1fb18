#pragma once
#include <cstdint>
#include <random>

namespace miniflow {

/// The one source of randomness. Same seed -> same sequence on every run and platform
/// that uses the same standard library (std::mt19937_64 is fully specified; the
/// distributions below are written out by hand so they do not depend on the library).
class Rng {
  public:
    explicit Rng(std::uint64_t seed = 0) : engine_(seed) {}

    void reseed(std::uint64_t seed) { engine_.seed(seed); }
    /// Uniform in [0, 1).
    double uniform() { return (engine_() >> 11) * (1.0 / 9007199254740992.0); }
    /// Uniform in [low, high).
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// Standard normal (Box-Muller, no cached second value so the stream is stateless).
    double normal();
    /// Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }
    std::uint64_t next() { return engine_(); }

  private:
    std::mt19937_64 engine_;
};

} // namespace miniflow
