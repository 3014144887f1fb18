#include "tensor/Rng.h"

#include <cmath>
#include <numbers>

namespace miniflow {

double Rng::normal() {
    double u1 = uniform();
    while (u1 <= 1e-300)
        u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace miniflow
