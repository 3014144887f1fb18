#include "io/DataSource.h"

#include "data/Batcher.h"
#include "data/CifarLoader.h"
#include "data/CsvLoader.h"
#include "data/IdxLoader.h"
#include "data/Normalization.h"
#include "data/SyntheticData.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace miniflow {

namespace {

/// Candidate shared-data folders: $MINIFLOW_DATA_DIR, then <ancestor>/shared/data for
/// each ancestor of `start`.
std::vector<fs::path> sharedDataFolders(const fs::path& start) {
    std::vector<fs::path> folders;
    if (const char* env = std::getenv("MINIFLOW_DATA_DIR"); env && *env)
        folders.emplace_back(env);
    std::error_code error;
    for (fs::path p = fs::absolute(start, error); !p.empty(); p = p.parent_path()) {
        folders.push_back(p / "shared" / "data");
        if (p == p.parent_path())
            break;
    }
    return folders;
}

TrainTest loadSource(const DatasetSpec& spec, const std::string& baseFolder) {
    if (spec.source == "builtin") {
        SyntheticOptions options{spec.samples, spec.noise, spec.seed, spec.classes};
        return {makeSynthetic(spec.name, options), {}};
    }
    const std::string path = resolveDataPath(spec.path, baseFolder);
    if (spec.source == "csv")
        return {loadCsv(path, CsvOptions{spec.target, spec.classification}), {}};
    if (spec.source == "mnist")
        return loadMnistFolder(path);
    if (spec.source == "cifar10")
        return loadCifarFolder(path);
    throw std::invalid_argument("the graph has no dataset (source \"" + spec.source +
                                "\"): pass --data PATH or set a dataset in the studio");
}

} // namespace

std::string resolveDataPath(const std::string& path, const std::string& baseFolder) {
    if (path.empty())
        throw DataError("the dataset has no path (set \"dataset.path\" or pass --data PATH)");
    std::error_code error;
    const std::string prefix = "data:";
    if (path.rfind(prefix, 0) == 0) {
        const std::string relative = path.substr(prefix.size());
        std::string looked;
        std::vector<fs::path> tried; // the base folder and the working directory share ancestors
        for (const fs::path& start : {fs::path(baseFolder), fs::current_path(error)})
            for (const fs::path& folder : sharedDataFolders(start)) {
                const fs::path candidate = (folder / relative).lexically_normal();
                if (std::find(tried.begin(), tried.end(), candidate) != tried.end())
                    continue;
                tried.push_back(candidate);
                if (fs::exists(candidate, error))
                    return candidate.string();
                looked += "\n  " + candidate.string();
            }
        throw DataError("shared dataset \"" + relative + "\" not found; looked in:" + looked +
                        "\n(set MINIFLOW_DATA_DIR to the folder holding mnist/ and csv/)");
    }
    fs::path p(path);
    if (p.is_relative() && !baseFolder.empty() && fs::exists(fs::path(baseFolder) / p, error))
        return (fs::path(baseFolder) / p).string();
    if (fs::exists(p, error))
        return p.string();
    throw DataError(path + ": no such file or folder (checked relative to " +
                    (baseFolder.empty() ? std::string(".") : baseFolder) +
                    " and the working directory)");
}

DatasetSpec specForDataPath(const std::string& path, DatasetSpec base) {
    std::error_code error;
    base.path = fs::absolute(path, error).string();
    if (fs::is_directory(path, error)) {
        const bool cifar = fs::exists(fs::path(path) / "test_batch.bin", error) ||
                           fs::exists(fs::path(path) / "data_batch_1.bin", error);
        base.source = cifar ? "cifar10" : "mnist";
    } else {
        base.source = "csv";
    }
    return base;
}

TrainingData loadTrainingData(const DatasetSpec& spec, const std::string& baseFolder) {
    TrainTest loaded = loadSource(spec, baseFolder);
    TrainingData data;
    Split split = splitDataset(loaded.train, spec.validationFraction, spec.seed);
    data.train = std::move(split.train);
    data.validation = std::move(split.validation);
    data.test = std::move(loaded.test);
    const auto kind = normalizationFromString(spec.normalization);
    if (!kind)
        throw std::invalid_argument("unknown normalization \"" + spec.normalization +
                                    "\" (none, standardize, minmax, per_channel)");
    const bool pixels = spec.source == "mnist" || spec.source == "cifar10";
    const Normalization norm = Normalization::fit(data.train, *kind, pixels ? 255.0 : 0.0);
    for (Dataset* d : {&data.train, &data.validation, &data.test})
        if (d->size() > 0)
            norm.apply(*d);
    if (data.validation.size() == 0)
        data.validation = data.test;
    return data;
}

} // namespace miniflow
