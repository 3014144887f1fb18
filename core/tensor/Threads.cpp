#include "tensor/Threads.h"

#include <Eigen/Core>
#include <algorithm>

#ifdef MINIFLOW_USE_OPENBLAS
extern "C" void openblas_set_num_threads(int threads); // OpenBLAS's own API (no header needed)
#endif

namespace miniflow {

void setThreadCount(int threads) {
    threads = std::max(1, threads);
    Eigen::setNbThreads(threads);
#ifdef MINIFLOW_USE_OPENBLAS
    openblas_set_num_threads(threads);
#endif
}

int threadCount() {
    return Eigen::nbThreads();
}

} // namespace miniflow
