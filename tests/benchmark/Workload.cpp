#include "Workload.h"

#include "autograd/Plan.h"

#include <fstream>
#include <stdexcept>

namespace miniflow::bench {

namespace {

template <typename T> std::vector<T> readRaw(const std::string& path, size_t count) {
    std::ifstream in(path, std::ios::binary);
    std::vector<T> values(count);
    if (!in.read(reinterpret_cast<char*>(values.data()),
                 static_cast<std::streamsize>(count * sizeof(T))))
        throw std::runtime_error(path + ": expected " + std::to_string(count) +
                                 " values (rerun bench.py)");
    return values;
}

Tensor readMatrix(const std::string& path, Index rows, Index cols) {
    const std::vector<float> values = readRaw<float>(path, static_cast<size_t>(rows * cols));
    return Eigen::Map<const Tensor>(values.data(), rows, cols);
}

Dataset readSplit(const std::string& folder, const std::string& split, const nlohmann::json& meta) {
    Dataset d;
    const Index rows = meta.at(split + "Rows"), cols = meta.at("features");
    if (rows == 0)
        return d;
    d.features = readMatrix(folder + "/" + split + "_x.f32", rows, cols);
    d.targets = readMatrix(folder + "/" + split + "_y.f32", rows, 1);
    d.classes = meta.at("classes");
    return d;
}

/// 2 x (multiply-adds) of every Linear and Conv2D per sample: forward, plus 2x for dW and
/// dX... of the layers training computes (no gradient for the first layer's input). A weight
/// matrix (a Parameter with more than one row) is used once per output position of the node
/// it feeds: once for a Linear, Ho*Wo times for a Conv2D (output sampleDims {C, Ho, Wo}).
double layerFlops(const GraphFile& file, bool training) {
    const Plan plan = Plan::build(file.graph);
    double perSample = 0;
    bool first = true;
    for (const Node& n : file.graph.nodes()) {
        if (n.op != "Parameter" || n.attributes.value("rows", 1) == 1)
            continue;
        double positions = 1;
        for (const Edge& e : file.graph.edges())
            if (e.from == n.id) {
                const Shape& out = plan.nodes()[static_cast<size_t>(plan.indexOf(e.to))].shape;
                if (out.isImage())
                    positions = static_cast<double>(out.sampleDims[1] * out.sampleDims[2]);
            }
        const double macs = static_cast<double>(n.attributes.value("rows", 1)) *
                            n.attributes.value("cols", 1) * positions;
        perSample += 2 * macs * (training ? (first ? 2 : 3) : 1);
        first = false;
    }
    return perSample;
}

} // namespace

Workload loadWorkload(const std::string& name, const std::string& folder,
                      const std::string& examples) {
    std::ifstream metaFile(folder + "/meta.json");
    if (!metaFile)
        throw std::runtime_error(folder + "/meta.json missing (bench.py prepares it)");
    const nlohmann::json meta = nlohmann::json::parse(metaFile);
    Workload w;
    w.name = name;
    // A shipped example by name, or a graph bench.py wrote (an absolute path: the cnn workload).
    const std::string example = meta.at("example");
    w.graph = readGraphFile(example.front() == '/' ? example : examples + "/" + example);
    w.train = readSplit(folder, "train", meta);
    w.test = readSplit(folder, "test", meta);
    w.steps = meta.at("steps");
    const Index batch = meta.at("batch");
    w.graph.training.batchSize = batch;
    if (w.steps > 0)
        w.order = readRaw<int>(folder + "/order.i32", static_cast<size_t>(w.steps * batch));
    const bool training = w.steps > 0;
    const Index samples = training ? w.steps * batch : w.test.size();
    w.flopsPerRun = layerFlops(w.graph, training) * static_cast<double>(samples);
    return w;
}

} // namespace miniflow::bench
