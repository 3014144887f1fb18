#pragma once
/// The benchmark workloads, shared shapes and settings with bench_torch.py.
#include "data/Dataset.h"
#include "io/GraphFile.h"

#include <string>
#include <vector>

namespace miniflow::bench {

struct Workload {
    std::string name;       ///< boston, mnist-mlp, cifar-fc, mnist-infer, lenet, cnn
    GraphFile graph;        ///< from resources/examples (cnn: written by bench.py)
    Dataset train, test;    ///< prepared (normalized) data, identical to torch's
    std::vector<int> order; ///< row index of every training sample, batch after batch
    Index steps = 0;        ///< training steps per run (0: inference only)
    double flopsPerRun = 0; ///< multiply-adds x 2 of the dense and conv layers, fwd (+ bwd)
};

/// Loads the workload's data from `folder` (written by bench.py: *.f32 / *.i32 raw files).
Workload loadWorkload(const std::string& name, const std::string& folder,
                      const std::string& examples);

} // namespace miniflow::bench
