#pragma once
/// The roofline probe: float32 2048 x 2048 x 2048 products through whatever Eigen's
/// products resolve to in the including target (Eigen's own GEMM, or BLAS with EIGEN_USE_BLAS).
#include <Eigen/Core>
#include <chrono>
#include <nlohmann/json.hpp>

namespace miniflow::bench {

/// GFLOP/s of `runs` timed products after one warm-up product.
inline nlohmann::json gemmRates(int runs) {
    using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Index n = 2048;
    const Matrix a = Matrix::Random(n, n), b = Matrix::Random(n, n);
    Matrix c(n, n);
    c.noalias() = a * b;
    nlohmann::json rates = nlohmann::json::array();
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        c.noalias() = a * b;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rates.push_back(2.0 * n * n * n / seconds / 1e9);
    }
    return {{"gflops", rates}};
}

} // namespace miniflow::bench
