#include "Workload.h"

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

/// 2 x (multiply-adds) of every Linear per sample: forward, plus 2x for dW and dX... of
/// the layers training computes (no gradient for the first layer's input).
double linearFlops(const GraphFile& file, bool training) {
    double perSample = 0;
    bool first = true;
    for (const Node& n : file.graph.nodes()) {
        if (n.op != "Parameter" || n.attributes.value("rows", 1) == 1)
            continue;
        const double macs =
            static_cast<double>(n.attributes.value("rows", 1)) * n.attributes.value("cols", 1);
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
    w.graph = readGraphFile(examples + "/" + meta.at("example").get<std::string>());
    w.train = readSplit(folder, "train", meta);
    w.test = readSplit(folder, "test", meta);
    w.steps = meta.at("steps");
    const Index batch = meta.at("batch");
    w.graph.training.batchSize = batch;
    if (w.steps > 0)
        w.order = readRaw<int>(folder + "/order.i32", static_cast<size_t>(w.steps * batch));
    const bool training = w.steps > 0;
    const Index samples = training ? w.steps * batch : w.test.size();
    w.flopsPerRun = linearFlops(w.graph, training) * static_cast<double>(samples);
    return w;
}

} // namespace miniflow::bench
