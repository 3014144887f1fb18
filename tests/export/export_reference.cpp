/// MiniFlow's side of the export agreement tests (tests/export/*.py), as JSON files:
///   export_reference trace GRAPH.json STEPS OUT.json
///       trains STEPS steps from the initial parameters (training.seed) on the graph's
///       dataset, drawing batches as the Trainer does; writes each step's batch rows and
///       loss, and every parameter's gradient of the first step, keyed by the parameter's
///       Python name (the attribute name in the exported model.py), and for every edge of
///       the plan whether the first step gave it a gradient (finite, its max |value|)
///   export_reference infer GRAPH.json ROWS OUT.json
///       evaluates the prediction (the loss's non-label input) on ROWS seeded N(0, 1)
///       feature rows with the initial parameters; writes the inputs (flat rows, with the
///       model input's per-sample dims) and the outputs
#include "autograd/Session.h"
#include "export/ModelRoles.h"
#include "export/PythonNames.h"
#include "io/DataSource.h"
#include "ops/SourceOps.h"
#include "train/Trainer.h"

#include <filesystem>
#include <fstream>
#include <iostream>

using namespace miniflow;

namespace {

void writeJson(const std::string& path, const nlohmann::json& document) {
    std::ofstream out(path);
    out << document.dump();
    if (!out.flush())
        throw std::runtime_error(path + ": cannot write");
}

nlohmann::json trace(const std::string& graphPath, long steps) {
    const GraphFile file = readGraphFile(graphPath);
    const PythonNames names(file.graph);
    TrainingData data =
        loadTrainingData(file.dataset, std::filesystem::absolute(graphPath).parent_path().string());
    Trainer trainer(Plan::build(file.graph), file.training, std::move(data));
    const TrainingConfig& config = trainer.config();
    Batcher batcher(trainer.data().train.size(), config.batchSize, config.sampling, config.seed + 2,
                    config.stepsPerEpoch);
    nlohmann::json result{{"steps", nlohmann::json::array()},
                          {"gradients", nlohmann::json::object()}};
    trainer.session().setGradientScope(GradientScope::AllEdges); // the first step shows every edge
    for (long step = 0; step < steps; ++step) {
        if (step == 1)
            trainer.session().setGradientScope(GradientScope::TrainableOnly);
        const std::vector<Index> rows = batcher.next();
        const float loss = trainer.step(rows);
        result["steps"].push_back(nlohmann::json{{"rows", rows}, {"loss", loss}});
        if (step > 0)
            continue;
        for (NodeId id : trainer.session().parameterIds())
            result["gradients"][names[id]] = valueAttribute(trainer.session().nodeGradient(id));
        const Plan& plan = trainer.session().plan();
        for (size_t e = 0; e < plan.edges().size(); ++e) {
            const Edge& edge = plan.edges()[e];
            const bool has = trainer.session().hasEdgeGradient(static_cast<int>(e));
            const Tensor* g = has ? &trainer.session().edgeGradient(static_cast<int>(e)) : nullptr;
            result["edges"].push_back(
                {{"from", plan.nodes()[static_cast<size_t>(plan.indexOf(edge.from))].name},
                 {"to", plan.nodes()[static_cast<size_t>(plan.indexOf(edge.to))].name},
                 {"port", edge.toPort},
                 {"gradient", has},
                 {"finite", g && allFinite(*g)},
                 {"maxAbs", g && g->size() ? g->cwiseAbs().maxCoeff() : 0.0f}});
        }
    }
    return result;
}

nlohmann::json infer(const std::string& graphPath, Index rows) {
    const GraphFile file = readGraphFile(graphPath);
    const ModelRoles roles = findModelRoles(file.graph);
    Session session(roles.plan, file.training.seed);
    for (const auto& [id, value] : currentParameters(file, roles.plan))
        session.parameter(id) = value;
    Rng rng(2024);
    Tensor& features = session.input(roles.node(roles.features).id);
    features.resize(rows, roles.node(roles.features).shape.cols);
    for (Index i = 0; i < features.size(); ++i)
        features.data()[i] = static_cast<float>(rng.normal());
    Tensor& labels = session.input(roles.node(roles.labels).id);
    labels.setZero(
        rows,
        roles.node(roles.labels).shape.cols); // class 0 / target 0: only the prediction is read
    session.forward(Mode::Eval);
    const Shape& shape = roles.node(roles.features).shape;
    const std::vector<Index> dims =
        shape.sampleDims.empty() ? std::vector<Index>{shape.cols} : shape.sampleDims;
    return {{"input", valueAttribute(features)},
            {"inputDims", dims},
            {"output", valueAttribute(session.value(roles.node(roles.prediction).id))}};
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: export_reference trace GRAPH.json STEPS OUT.json | infer GRAPH.json "
                     "ROWS OUT.json\n";
        return 2;
    }
    try {
        const std::string mode = argv[1];
        const long count = std::stol(argv[3]);
        if (mode != "trace" && mode != "infer")
            throw std::invalid_argument("unknown mode " + mode);
        writeJson(argv[4], mode == "trace" ? trace(argv[2], count) : infer(argv[2], count));
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "export_reference: " << e.what() << "\n";
        return 1;
    }
}
