#include "export/TorchExport.h"

#include "data/SyntheticData.h"
#include "export/ExportError.h"
#include "export/ModelRoles.h"
#include "export/NpyFile.h"
#include "export/PythonNames.h"
#include "export/TorchModelSource.h"
#include "export/TrainScript.h"

#include <filesystem>
#include <fstream>
#include <optional>

namespace fs = std::filesystem;

namespace miniflow {

namespace {

nlohmann::json datasetConfig(const DatasetSpec& spec, const std::string& graphPath) {
    return {{"source", spec.source},
            {"name", spec.name},
            {"path", spec.path},
            {"target", spec.target},
            {"classification", spec.classification},
            {"normalization", spec.normalization},
            {"validation_fraction", spec.validationFraction},
            {"seed", spec.seed},
            {"graph_folder", fs::absolute(graphPath).parent_path().string()}};
}

nlohmann::json trainingConfig(const TrainingConfig& t) {
    return {{"optimizer", t.optimizer},
            {"learning_rate", t.learningRate},
            {"momentum", t.momentum},
            {"batch_size", t.batchSize},
            {"epochs", t.epochs},
            {"seed", t.seed},
            {"sampling", toString(t.sampling)},
            {"steps_per_epoch", t.stepsPerEpoch},
            {"weight_decay", t.weightDecay}};
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
    if (!out.flush())
        throw ExportError(path.string() + ": cannot write the file (is the folder writable?)");
}

void createFolder(const fs::path& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error || !fs::is_directory(folder))
        throw ExportError(folder.string() + ": cannot create the folder (" + error.message() + ")");
}

} // namespace

void exportPyTorch(const GraphFile& file, const std::string& graphPath, const std::string& outDir) {
    const ModelRoles roles = findModelRoles(file.graph);
    const PythonNames names(file.graph);
    const std::string model = torchModelSource(file, roles, names);
    const std::string train =
        trainScriptSource({{"dataset", datasetConfig(file.dataset, graphPath)},
                           {"training", trainingConfig(file.training)}});
    const std::map<NodeId, Tensor> parameters = currentParameters(file, roles.plan);
    const DatasetSpec& spec = file.dataset;
    const std::optional<Dataset> generated =
        spec.source == "builtin"
            ? std::optional(
                  makeSynthetic(spec.name, {spec.samples, spec.noise, spec.seed, spec.classes}))
            : std::nullopt;

    const fs::path out(outDir);
    createFolder(out / "parameters");
    writeText(out / "model.py", model);
    writeText(out / "train.py", train);
    for (const auto& [id, value] : parameters)
        writeNpy((out / "parameters" / (names[id] + ".npy")).string(), value);
    if (generated) {
        createFolder(out / "dataset");
        writeNpy((out / "dataset" / "features.npy").string(), generated->features);
        writeNpy((out / "dataset" / "targets.npy").string(), generated->targets);
    }
}

} // namespace miniflow
