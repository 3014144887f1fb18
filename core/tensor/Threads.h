#pragma once

namespace miniflow {

/// Threads Eigen (and OpenBLAS, when built with it) may use for one matrix product. Process-wide.
/// The tools default to 1: training steps are small, and idle OpenMP workers spin, which
/// starves the GUI thread and any other process on a loaded machine.
void setThreadCount(int threads);
int threadCount();

} // namespace miniflow
