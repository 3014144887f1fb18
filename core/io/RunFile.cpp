#include "io/RunFile.h"

#include "io/JsonFields.h"
#include "io/RunParameters.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

namespace miniflow {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRunSuffix = ".run.jsonl";
/// Buffered step lines reach the disk at least this often.
constexpr auto kFlushInterval = std::chrono::seconds(2);

/// NaN / Inf have no JSON spelling: they are written as null and read back as NaN.
nlohmann::json number(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

double readNumber(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.contains(key))
        throw FormatError(where + ": missing \"" + key + "\"");
    const nlohmann::json& v = j.at(key);
    if (v.is_null())
        return std::nan("");
    if (!v.is_number())
        throw FormatError(where + ": \"" + key + "\" must be a number, found " + jsonTypeName(v));
    return v.get<double>();
}

std::optional<double> optionalNumber(const nlohmann::json& j, const char* key,
                                     const std::string& where) {
    if (!j.contains(key))
        return std::nullopt;
    return readNumber(j, key, where);
}

std::string readString(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.contains(key) || !j.at(key).is_string())
        throw FormatError(where + ": \"" + key + "\" must be a string");
    return j.at(key).get<std::string>();
}

} // namespace

std::string runsFolderFor(const std::string& projectPath) {
    fs::path p(projectPath);
    std::string stem = p.filename().string();
    for (const char* suffix : {".miniflow.json", ".json"})
        if (stem.size() > std::strlen(suffix) &&
            stem.compare(stem.size() - std::strlen(suffix), std::string::npos, suffix) == 0) {
            stem.resize(stem.size() - std::strlen(suffix));
            break;
        }
    return (p.parent_path() / (stem + ".runs")).string();
}

std::string runFilePath(const std::string& folder, const std::string& id) {
    return (fs::path(folder) / (id + kRunSuffix)).string();
}

std::string newRunId(const std::string& folder) {
    static std::mt19937_64 random(std::random_device{}());
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    for (;;) {
        char id[48];
        std::snprintf(id, sizeof id, "%s-%04x", stamp, static_cast<unsigned>(random() & 0xffff));
        if (!fs::exists(runFilePath(folder, id)))
            return id;
    }
}

// --- writing ---------------------------------------------------------------------------

RunWriter::RunWriter(const std::string& folder, RunRecord& run)
    : folder_(folder), path_(runFilePath(folder, run.id)), id_(run.id),
      lastFlush_(std::chrono::steady_clock::now()) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error)
        throw std::runtime_error(folder + ": cannot create the runs folder: " + error.message());
    if (run.graphHash.empty())
        run.graphHash = structureHash(run.graph.graph);
    file_ = std::fopen(path_.c_str(), "ab");
    if (!file_)
        throw std::runtime_error(path_ + ": cannot write the run file (check the folder's "
                                         "permissions and free space)");
    GraphFile graph = run.graph;
    graph.parameters.clear();
    graph.training = run.training;
    graph.dataset = run.dataset;
    const nlohmann::json project = toJson(graph);
    nlohmann::ordered_json header;
    header["format"] = "miniflow-run";
    header["version"] = kRunFormatVersion;
    header["id"] = run.id;
    header["name"] = run.name;
    header["started"] = run.started;
    header["startedMs"] = run.startedMs;
    header["graphHash"] = run.graphHash;
    header["bestBy"] = toString(run.bestBy);
    header["training"] = project.at("training");
    header["dataset"] = project.at("dataset");
    header["graph"] = project;
    writeLine(header.dump());
    flush();
}

RunWriter::~RunWriter() {
    if (file_)
        std::fclose(file_);
}

void RunWriter::writeLine(const std::string& line) {
    if (!file_)
        throw std::logic_error("RunWriter: appending after finish()");
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
}

void RunWriter::flush() {
    if (file_ && std::fflush(file_) != 0)
        throw std::runtime_error(path_ + ": writing the run failed (disk full?)");
    lastFlush_ = std::chrono::steady_clock::now();
}

void RunWriter::appendStep(const RunStep& step) {
    // Formatted by hand: this runs after every training step.
    char line[96];
    if (std::isfinite(step.loss))
        std::snprintf(line, sizeof line, "{\"t\":\"step\",\"step\":%ld,\"epoch\":%d,\"loss\":%.9g}",
                      step.step, step.epoch, static_cast<double>(step.loss));
    else
        std::snprintf(line, sizeof line, "{\"t\":\"step\",\"step\":%ld,\"epoch\":%d,\"loss\":null}",
                      step.step, step.epoch);
    writeLine(line);
    if (std::chrono::steady_clock::now() - lastFlush_ >= kFlushInterval)
        flush();
}

void RunWriter::appendEpoch(const RunEpoch& e) {
    nlohmann::ordered_json j;
    j["t"] = "epoch";
    j["epoch"] = e.epoch;
    j["step"] = e.step;
    j["trainLoss"] = number(e.trainLoss);
    if (e.trainAccuracy)
        j["trainAccuracy"] = number(*e.trainAccuracy);
    if (e.validationLoss)
        j["valLoss"] = number(*e.validationLoss);
    if (e.validationAccuracy)
        j["valAccuracy"] = number(*e.validationAccuracy);
    j["seconds"] = e.seconds;
    j["samplesPerSecond"] = number(e.samplesPerSecond);
    writeLine(j.dump());
    flush();
}

std::string RunWriter::writeParameters(const std::string& which, int epoch,
                                       const std::map<NodeId, Tensor>& parameters) {
    const std::string name = id_ + "." + which + ".params";
    writeRunParameters((fs::path(folder_) / name).string(), parameters);
    nlohmann::ordered_json j;
    j["t"] = "params";
    j["which"] = which;
    j["epoch"] = epoch;
    j["file"] = name;
    writeLine(j.dump());
    flush();
    return name;
}

void RunWriter::finish(RunStatus status, double seconds, const std::string& message) {
    nlohmann::ordered_json j;
    j["t"] = "end";
    j["status"] = toString(status);
    j["seconds"] = seconds;
    if (!message.empty())
        j["message"] = message;
    writeLine(j.dump());
    flush();
    std::fclose(file_);
    file_ = nullptr;
}

// --- reading ---------------------------------------------------------------------------

namespace {

void readHeader(RunRecord& run, const nlohmann::json& j, const std::string& where) {
    if (!j.is_object() || j.value("format", "") != "miniflow-run")
        throw FormatError(where + ": not a MiniFlow run file (no \"format\": \"miniflow-run\")");
    const double version = readNumber(j, "version", where);
    if (version > kRunFormatVersion)
        throw FormatError(where + ": run format version " + std::to_string(int(version)) +
                          " is newer than this MiniFlow reads (" +
                          std::to_string(kRunFormatVersion) + "); update MiniFlow");
    run.id = readString(j, "id", where);
    run.name = readString(j, "name", where);
    run.started = readString(j, "started", where);
    run.startedMs = static_cast<std::int64_t>(readNumber(j, "startedMs", where));
    run.graphHash = readString(j, "graphHash", where);
    const auto bestBy = bestByFromString(readString(j, "bestBy", where));
    if (!bestBy)
        throw FormatError(where + ": \"bestBy\" must be validationLoss or validationAccuracy");
    run.bestBy = *bestBy;
    if (!j.contains("graph"))
        throw FormatError(where + ": missing \"graph\"");
    run.graph = graphFileFromJson(j.at("graph"), where + " (graph)");
    run.training = run.graph.training;
    run.dataset = run.graph.dataset;
}

void readRecord(RunRecord& run, const nlohmann::json& j, const std::string& where) {
    if (!j.is_object())
        throw FormatError(where + ": expected a JSON object");
    const std::string type = readString(j, "t", where);
    if (type == "step") {
        run.steps.push_back({static_cast<long>(readNumber(j, "step", where)),
                             static_cast<int>(readNumber(j, "epoch", where)),
                             static_cast<float>(readNumber(j, "loss", where))});
    } else if (type == "epoch") {
        RunEpoch e;
        e.epoch = static_cast<int>(readNumber(j, "epoch", where));
        e.step = static_cast<long>(readNumber(j, "step", where));
        e.trainLoss = readNumber(j, "trainLoss", where);
        e.trainAccuracy = optionalNumber(j, "trainAccuracy", where);
        e.validationLoss = optionalNumber(j, "valLoss", where);
        e.validationAccuracy = optionalNumber(j, "valAccuracy", where);
        e.seconds = readNumber(j, "seconds", where);
        e.samplesPerSecond = readNumber(j, "samplesPerSecond", where);
        run.seconds = e.seconds;
        run.epochs.push_back(e);
    } else if (type == "params") {
        const std::string which = readString(j, "which", where);
        const int epoch = static_cast<int>(readNumber(j, "epoch", where));
        const std::string file = readString(j, "file", where);
        if (file.find('/') != std::string::npos || file.find('\\') != std::string::npos)
            throw FormatError(where + ": \"file\" must be a file name in the runs folder");
        if (which == "best") {
            run.bestEpoch = epoch;
            run.bestParametersFile = file;
        } else if (which == "final") {
            run.finalEpoch = epoch;
            run.finalParametersFile = file;
        } else {
            throw FormatError(where + ": \"which\" must be best or final");
        }
    } else if (type == "name") {
        run.name = readString(j, "name", where);
    } else if (type == "end") {
        const std::string status = readString(j, "status", where);
        run.status = status == "finished"  ? RunStatus::Finished
                     : status == "stopped" ? RunStatus::Stopped
                     : status == "failed"  ? RunStatus::Failed
                                           : RunStatus::Interrupted;
        run.seconds = readNumber(j, "seconds", where);
        run.message = j.value("message", "");
    }
    // Unknown record types are skipped: newer writers may add some.
}

} // namespace

RunRecord readRunFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FormatError(path + ": cannot open the run file");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    RunRecord run;
    run.status = RunStatus::Interrupted;
    size_t begin = 0;
    int line = 0;
    while (begin < text.size()) {
        const size_t end = text.find('\n', begin);
        const bool complete = end != std::string::npos;
        const std::string content = text.substr(begin, complete ? end - begin : std::string::npos);
        begin = complete ? end + 1 : text.size();
        ++line;
        if (content.empty() && line > 1)
            continue;
        const std::string where = path + ": line " + std::to_string(line);
        nlohmann::json j = nlohmann::json::parse(content, nullptr, false);
        if (j.is_discarded()) {
            if (!complete && line > 1)
                break; // the writer was killed inside this line
            if (line > 1 && content.find("{\"t\":") != 0)
                throw FormatError(where + ": not valid JSON");
            if (line > 1)
                continue; // a line cut by a killed writer, then closed by a later append
            throw FormatError(where + ": not valid JSON");
        }
        if (line == 1)
            readHeader(run, j, where);
        else
            readRecord(run, j, where);
    }
    if (line == 0)
        throw FormatError(path + ": the run file is empty");
    if (run.seconds == 0 && !run.epochs.empty())
        run.seconds = run.epochs.back().seconds;
    return run;
}

std::vector<RunRecord> readRunsFolder(const std::string& folder, std::vector<std::string>* errors) {
    std::vector<RunRecord> runs;
    std::error_code error;
    if (!fs::is_directory(folder, error))
        return runs;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= std::strlen(kRunSuffix) ||
            name.compare(name.size() - std::strlen(kRunSuffix), std::string::npos, kRunSuffix) != 0)
            continue;
        try {
            runs.push_back(readRunFile(entry.path().string()));
        } catch (const std::exception& e) {
            if (errors)
                errors->push_back(e.what());
        }
    }
    std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
        return a.startedMs != b.startedMs ? a.startedMs < b.startedMs : a.id < b.id;
    });
    return runs;
}

void renameRun(const std::string& folder, const std::string& id, const std::string& name) {
    const std::string path = runFilePath(folder, id);
    if (!fs::exists(path))
        throw std::runtime_error(path + ": no such run file");
    // A killed writer may have left a cut line: start on a line of our own.
    bool endsInNewline = true;
    if (std::ifstream last(path, std::ios::binary | std::ios::ate); last && last.tellg() > 0) {
        last.seekg(-1, std::ios::end);
        endsInNewline = last.get() == '\n';
    }
    std::ofstream out(path, std::ios::binary | std::ios::app);
    if (!endsInNewline)
        out << '\n';
    nlohmann::ordered_json j;
    j["t"] = "name";
    j["name"] = name;
    out << j.dump() << '\n';
    out.flush();
    if (!out)
        throw std::runtime_error(path + ": cannot append the new name");
}

bool deleteRun(const std::string& folder, const std::string& id) {
    bool removed = false;
    std::error_code error;
    for (const std::string& name : {id + kRunSuffix, id + ".best.params", id + ".final.params"})
        removed = fs::remove(fs::path(folder) / name, error) || removed;
    return removed;
}

void copyRun(const std::string& from, const std::string& to, const std::string& id) {
    fs::create_directories(to);
    for (const std::string& name : {id + kRunSuffix, id + ".best.params", id + ".final.params"})
        if (fs::exists(fs::path(from) / name))
            fs::copy_file(fs::path(from) / name, fs::path(to) / name,
                          fs::copy_options::overwrite_existing);
}

} // namespace miniflow
