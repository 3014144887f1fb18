#include "tensor/Threads.h"

#include <Eigen/Core>
#include <algorithm>

namespace miniflow {

void setThreadCount(int threads) { Eigen::setNbThreads(std::max(1, threads)); }

int threadCount() { return Eigen::nbThreads(); }

} // namespace miniflow
