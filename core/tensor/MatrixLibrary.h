#pragma once
#include <string>

namespace miniflow {

/// What runs the large matrix products, for --version and the About box: OpenBLAS's own
/// configuration string ("OpenBLAS 0.3.21 DYNAMIC_ARCH ...") in builds with
/// MINIFLOW_USE_OPENBLAS, else Eigen's own GEMM with Eigen's version.
std::string matrixLibrary();

/// Eigen's version, "3.4.0".
std::string eigenVersion();

} // namespace miniflow
