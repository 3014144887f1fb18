// miniflow-bench-eigen-gemm: the GEMM rate of Eigen's own product kernels, built without
// EIGEN_USE_BLAS, so the benchmark can show Eigen's roofline beside OpenBLAS's.
//   miniflow-bench-eigen-gemm THREADS
#include "GemmRate.h"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: miniflow-bench-eigen-gemm THREADS\n";
        return 2;
    }
    Eigen::setNbThreads(std::stoi(argv[1]));
    nlohmann::json result = miniflow::bench::gemmRates(5);
    result["threads"] = Eigen::nbThreads();
    std::cout << result.dump() << "\n";
}
