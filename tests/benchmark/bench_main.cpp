// miniflow-bench: times MiniFlow's core on one benchmark workload and prints one JSON
// object (run by bench.py beside the same workload in PyTorch; not part of ctest).
//   miniflow-bench train|infer|accuracy DATA_DIR EXAMPLES_DIR THREADS RUNS
//   miniflow-bench gemm THREADS
#include "GemmRate.h"
#include "Workload.h"

#include "tensor/SparseProducts.h"
#include "tensor/Threads.h"
#include "train/Trainer.h"

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

using namespace miniflow;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

/// What the engine's matrix products run on in this build.
const char* productBackend() {
#ifdef MINIFLOW_USE_OPENBLAS
    return "OpenBLAS through Eigen (EIGEN_USE_BLAS)";
#else
    return "Eigen's own GEMM";
#endif
}

/// This process's peak resident memory (VmHWM: reset at exec, unlike getrusage's
/// ru_maxrss, which a child inherits from the parent that forked it).
long peakRssKb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

/// One run of the workload's training steps in the prepared batch order.
double timeTraining(const bench::Workload& w, Trainer& trainer, Index steps) {
    const Index batch = w.graph.training.batchSize;
    std::vector<Index> rows(static_cast<size_t>(batch));
    const auto start = Clock::now();
    for (Index s = 0; s < steps; ++s) {
        for (Index i = 0; i < batch; ++i)
            rows[static_cast<size_t>(i)] = w.order[static_cast<size_t>(s * batch + i)];
        trainer.step(rows);
    }
    return seconds(start);
}

nlohmann::json train(const bench::Workload& w, int runs) {
    const Plan plan = Plan::build(w.graph.graph);
    nlohmann::json times = nlohmann::json::array();
    { // warm-up: caches, page faults, optimizer state
        Trainer warm(plan, w.graph.training, {w.train, {}, {}});
        timeTraining(w, warm, std::min<Index>(w.steps, 20));
    }
    float loss = 0;
    for (int r = 0; r < runs; ++r) {
        Trainer trainer(plan, w.graph.training, {w.train, {}, {}});
        times.push_back(timeTraining(w, trainer, w.steps));
        loss = trainer.session().loss();
    }
    return {{"times", times}, {"finalLoss", loss}};
}

nlohmann::json infer(const bench::Workload& w, int runs) {
    Trainer trainer(Plan::build(w.graph.graph), w.graph.training, {w.test, {}, {}});
    trainer.evaluate(w.test, 1000); // warm-up
    nlohmann::json times = nlohmann::json::array();
    double accuracy = 0;
    for (int r = 0; r < runs; ++r) {
        const auto start = Clock::now();
        accuracy = trainer.evaluate(w.test, 1000).accuracy.value_or(0);
        times.push_back(seconds(start));
    }
    return {{"times", times}, {"accuracy", accuracy}};
}

/// Test accuracy after `epochs` epochs over the prepared order (one epoch's worth).
/// MINIFLOW_BENCH_SEED (default: the example's seed) seeds initialization and dropout.
nlohmann::json accuracy(const bench::Workload& w, int epochs) {
    TrainingConfig config = w.graph.training;
    if (const char* seed = std::getenv("MINIFLOW_BENCH_SEED"))
        config.seed = std::stoul(seed);
    Trainer trainer(Plan::build(w.graph.graph), config, {w.train, {}, w.test});
    nlohmann::json perEpoch = nlohmann::json::array();
    double total = 0;
    for (int e = 0; e < epochs; ++e) {
        total += timeTraining(w, trainer, w.steps);
        perEpoch.push_back(trainer.evaluate(w.test, 1000).accuracy.value_or(0));
    }
    return {{"testAccuracy", perEpoch}, {"seconds", total}};
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 2 && args[0] == "gemm") {
            setThreadCount(std::stoi(args[1]));
            nlohmann::json result = bench::gemmRates(5);
            result["threads"] = threadCount();
            result["products"] = productBackend();
            std::cout << result.dump() << "\n";
            return 0;
        }
        if (args.size() != 5) {
            std::cerr
                << "usage: miniflow-bench train|infer|accuracy DATA_DIR EXAMPLES_DIR THREADS RUNS\n"
                   "       miniflow-bench gemm THREADS\n";
            return 2;
        }
        setThreadCount(std::stoi(args[3]));
        // MINIFLOW_BENCH_DENSE=1: dense products only (the benchmark reports both paths).
        const char* dense = std::getenv("MINIFLOW_BENCH_DENSE");
        setSparseProductsEnabled(!(dense && std::string(dense) == "1"));
        const bench::Workload w = bench::loadWorkload(args[1], args[1], args[2]);
        const int runs = std::stoi(args[4]);
        nlohmann::json result = args[0] == "train"   ? train(w, runs)
                                : args[0] == "infer" ? infer(w, runs)
                                                     : accuracy(w, runs);
        result["threads"] = threadCount();
        result["sparseProducts"] = sparseProductsEnabled();
        result["flopsPerRun"] = w.flopsPerRun;
        result["peakRssKb"] = peakRssKb();
        std::cout << result.dump() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "miniflow-bench: " << e.what() << "\n";
        return 1;
    }
}
