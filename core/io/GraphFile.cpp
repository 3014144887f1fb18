#include "io/GraphFile.h"

#include "io/JsonFields.h"
#include "optim/Optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <unistd.h>

namespace miniflow {

namespace {

constexpr std::int64_t kMaxId = std::int64_t{1} << 40;
/// Graph files nest a few levels (tensors in attributes: 4); far more is not a graph file.
constexpr int kMaxJsonDepth = 64;

Node parseNode(const nlohmann::json& j, const std::string& path, const std::string& source) {
    const JsonFields f(j, path, source);
    Node n;
    n.id = NodeId{f.integer("id", -1, 0, kMaxId)};
    if (!f.has("id"))
        f.fail("id", "missing node id");
    n.op = f.requiredString("op");
    n.name = f.string("name", n.op + "_" + std::to_string(n.id.value));
    if (f.has("attributes"))
        n.attributes = f.object("attributes");
    if (f.has("position")) {
        const nlohmann::json& p = f.array("position");
        if (p.size() != 2 || !p[0].is_number() || !p[1].is_number())
            f.fail("position", "expected [x, y] numbers");
        n.position = {p[0].get<double>(), p[1].get<double>()};
    }
    return n;
}

Edge parseEdge(const nlohmann::json& j, const std::string& path, const std::string& source,
               const Graph& graph) {
    const JsonFields f(j, path, source);
    for (const char* end : {"from", "to"})
        if (!f.has(end))
            failAt(source, path, std::string("missing field \"") + end + "\"");
    Edge e{NodeId{f.integer("from", -1, 0, kMaxId)},
           static_cast<PortIndex>(f.integer("fromPort", 0, 0, 1 << 16)),
           NodeId{f.integer("to", -1, 0, kMaxId)},
           static_cast<PortIndex>(f.integer("toPort", 0, 0, 1 << 16))};
    if (!graph.find(e.from))
        f.fail("from", "node " + std::to_string(e.from.value) + " does not exist");
    if (!graph.find(e.to))
        f.fail("to", "node " + std::to_string(e.to.value) + " does not exist");
    return e;
}

DatasetSpec parseDataset(const nlohmann::json& j, const std::string& source) {
    const JsonFields f(j, "/dataset", source);
    DatasetSpec d;
    d.source = f.string("source", d.source);
    static const std::set<std::string> sources{"none", "builtin", "csv", "mnist", "cifar10"};
    if (!sources.count(d.source))
        f.fail("source",
               "unknown source \"" + d.source + "\" (none, builtin, csv, mnist, cifar10)");
    d.name = f.string("name", d.name);
    d.path = f.string("path", d.path);
    d.target = f.string("target", d.target);
    d.classification = f.boolean("classification", d.classification);
    d.samples = f.integer("samples", d.samples, 1, 10'000'000);
    d.noise = f.number("noise", d.noise);
    d.classes = static_cast<int>(f.integer("classes", d.classes, 2, 1000));
    d.normalization = f.string("normalization", d.normalization);
    d.validationFraction = f.number("validationFraction", d.validationFraction);
    if (d.validationFraction < 0 || d.validationFraction >= 1)
        f.fail("validationFraction", "must be in [0, 1)");
    d.seed = static_cast<std::uint64_t>(f.integer("seed", 1, 0, INT64_MAX));
    return d;
}

TrainingConfig parseTraining(const nlohmann::json& j, const std::string& source) {
    const JsonFields f(j, "/training", source);
    TrainingConfig t;
    t.optimizer = f.string("optimizer", t.optimizer);
    if (!isOptimizerName(t.optimizer))
        f.fail("optimizer", "unknown optimizer \"" + t.optimizer + "\" (" + optimizerNames() + ")");
    t.learningRate = f.number("learningRate", t.learningRate);
    if (t.learningRate <= 0)
        f.fail("learningRate", "must be positive");
    t.momentum = f.number("momentum", t.momentum);
    t.weightDecay = f.number("weightDecay", t.weightDecay);
    if (t.weightDecay < 0)
        f.fail("weightDecay", "must be >= 0 (0 turns AdamW's weight decay off)");
    t.batchSize = f.integer("batchSize", t.batchSize, 1, 1 << 20);
    t.epochs = static_cast<int>(f.integer("epochs", t.epochs, 1, 1'000'000));
    t.seed = static_cast<std::uint64_t>(f.integer("seed", 1, 0, INT64_MAX));
    const std::string sampling = f.string("sampling", "shuffle");
    if (sampling != "shuffle" && sampling != "resample")
        f.fail("sampling", "must be \"shuffle\" or \"resample\"");
    t.sampling = sampling == "shuffle" ? Sampling::Shuffle : Sampling::Resample;
    t.stepsPerEpoch = f.integer("stepsPerEpoch", 0, 0, 1 << 30);
    t.clipGradientNorm = f.number("clipGradientNorm", 0.0);
    if (t.clipGradientNorm < 0)
        f.fail("clipGradientNorm", "must be >= 0 (0 turns clipping off)");
    return t;
}

Tensor parseTensor(const nlohmann::json& j, const std::string& path, const std::string& source) {
    const JsonFields f(j, path, source);
    const Index rows = f.integer("rows", 0, 1, 1 << 24), cols = f.integer("cols", 0, 1, 1 << 24);
    const nlohmann::json& data = f.array("data");
    if (static_cast<Index>(data.size()) != rows * cols)
        f.fail("data", "holds " + std::to_string(data.size()) + " numbers but rows x cols is " +
                           std::to_string(rows * cols));
    Tensor t(rows, cols);
    for (Index i = 0; i < t.size(); ++i) {
        const nlohmann::json& value = data[static_cast<size_t>(i)];
        if (!value.is_number() || std::abs(value.get<double>()) > std::numeric_limits<float>::max())
            failAt(source, path + "/data/" + std::to_string(i),
                   "expected a finite float32 number, found " +
                       (value.is_number() ? value.dump() : jsonTypeName(value)));
        t.data()[i] = value.get<float>();
    }
    return t;
}

/// "line L, column C (byte B)" for nlohmann's position of a syntax error (B = characters
/// read, so the offending character is at index B - 1).
std::string textPosition(const std::string& text, std::size_t byte) {
    const std::size_t at = std::min(byte > 0 ? byte - 1 : 0, text.size());
    const auto begin = text.begin(), offending = text.begin() + static_cast<std::ptrdiff_t>(at);
    const auto line = 1 + std::count(begin, offending, '\n');
    const auto column =
        std::distance(std::find(std::make_reverse_iterator(offending), text.rend(), '\n').base(),
                      offending) +
        1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
           std::to_string(byte) + ")";
}

/// Throws when brackets nest deeper than kMaxJsonDepth (copying such a document would
/// recurse that deep), naming the position of the first bracket too many.
void checkNesting(const std::string& path, const std::string& text) {
    int depth = 0;
    bool inString = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth)
                throw FormatError(path + ": " + textPosition(text, i + 1) +
                                  ": the JSON nests deeper than " + std::to_string(kMaxJsonDepth) +
                                  " levels (not a MiniFlow graph file)");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

/// nlohmann's own DOM builder, remembering where parsing stopped: json::parse gives the
/// byte of a syntax error, but not of a number too large for a double (out_of_range 406).
class PositionedJsonParser : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
  public:
    using json_sax_dom_parser::json_sax_dom_parser;
    template <typename Exception>
    bool parse_error(std::size_t position, const std::string& lastToken, const Exception& error) {
        errorByte = position;
        return json_sax_dom_parser::parse_error(position, lastToken, error);
    }
    std::size_t errorByte = 0; ///< as nlohmann::json::parse_error::byte
};

void checkVersion(const JsonFields& f) {
    if (f.string("format", "miniflow-graph") != "miniflow-graph")
        f.fail("format", "not a MiniFlow graph file");
    const std::int64_t version = f.integer("version", kGraphFormatVersion, 1, INT32_MAX);
    if (version > kGraphFormatVersion)
        f.fail("version", "the file was written by a newer MiniFlow (format " +
                              std::to_string(version) + "; this build reads up to " +
                              std::to_string(kGraphFormatVersion) + "): update MiniFlow");
}

} // namespace

bool GraphFile::operator==(const GraphFile& other) const {
    if (!(graph == other.graph && dataset == other.dataset && training == other.training &&
          description == other.description && parameters.size() == other.parameters.size()))
        return false;
    for (const auto& [id, t] : parameters) {
        const auto it = other.parameters.find(id);
        if (it == other.parameters.end() || it->second.rows() != t.rows() ||
            it->second.cols() != t.cols() || it->second != t)
            return false;
    }
    return true;
}

GraphFile graphFileFromJson(const nlohmann::json& document, const std::string& source) {
    const JsonFields f(document, "", source);
    checkVersion(f);
    GraphFile file;
    file.description = f.string("description", "");
    const nlohmann::json& nodes = f.array("nodes");
    std::set<std::string> names;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const std::string path = "/nodes/" + std::to_string(i);
        Node n = parseNode(nodes[i], path, source);
        if (file.graph.find(n.id))
            failAt(source, path + "/id", "duplicate node id " + std::to_string(n.id.value));
        if (!names.insert(n.name).second)
            failAt(source, path + "/name", "duplicate node name \"" + n.name + "\"");
        file.graph.addNode(std::move(n));
    }
    const nlohmann::json& edges = f.has("edges") ? f.array("edges") : nlohmann::json::array();
    for (size_t i = 0; i < edges.size(); ++i)
        file.graph.addEdge(parseEdge(edges[i], "/edges/" + std::to_string(i), source, file.graph));
    if (f.has("dataset"))
        file.dataset = parseDataset(f.object("dataset"), source);
    if (f.has("training"))
        file.training = parseTraining(f.object("training"), source);
    if (f.has("parameters")) {
        for (const auto& [key, value] : f.object("parameters").items()) {
            const std::string path = "/parameters/" + key;
            char* end = nullptr;
            const long long id = std::strtoll(key.c_str(), &end, 10);
            if (key.empty() || *end != '\0' || !file.graph.find(NodeId{id}))
                failAt(source, path, "\"" + key + "\" is not the id of a node in this graph");
            file.parameters[NodeId{id}] = parseTensor(value, path, source);
        }
    }
    return file;
}

nlohmann::json toJson(const GraphFile& file) {
    nlohmann::json j{{"format", "miniflow-graph"}, {"version", kGraphFormatVersion}};
    if (!file.description.empty())
        j["description"] = file.description;
    j["nodes"] = nlohmann::json::array();
    for (const Node& n : file.graph.nodes())
        j["nodes"].push_back({{"id", n.id.value},
                              {"op", n.op},
                              {"name", n.name},
                              {"attributes", n.attributes},
                              {"position", {n.position.x, n.position.y}}});
    j["edges"] = nlohmann::json::array();
    for (const Edge& e : file.graph.edges())
        j["edges"].push_back({{"from", e.from.value},
                              {"fromPort", e.fromPort},
                              {"to", e.to.value},
                              {"toPort", e.toPort}});
    const DatasetSpec& d = file.dataset;
    j["dataset"] = {{"source", d.source},
                    {"name", d.name},
                    {"path", d.path},
                    {"target", d.target},
                    {"classification", d.classification},
                    {"samples", d.samples},
                    {"noise", d.noise},
                    {"classes", d.classes},
                    {"normalization", d.normalization},
                    {"validationFraction", d.validationFraction},
                    {"seed", d.seed}};
    const TrainingConfig& t = file.training;
    j["training"] = {{"optimizer", t.optimizer},
                     {"learningRate", t.learningRate},
                     {"momentum", t.momentum},
                     {"batchSize", t.batchSize},
                     {"epochs", t.epochs},
                     {"seed", t.seed},
                     {"sampling", toString(t.sampling)},
                     {"stepsPerEpoch", t.stepsPerEpoch}};
    // Optional like clipGradientNorm: files that do not use AdamW stay as they were.
    if (t.optimizer == "adamw" || t.weightDecay != TrainingConfig{}.weightDecay)
        j["training"]["weightDecay"] = t.weightDecay;
    if (t.clipGradientNorm > 0)
        j["training"]["clipGradientNorm"] =
            t.clipGradientNorm; // optional: files without it stay as they were
    if (!file.parameters.empty()) {
        nlohmann::json params = nlohmann::json::object();
        for (const auto& [id, tensor] : file.parameters)
            params[std::to_string(id.value)] = {
                {"rows", tensor.rows()},
                {"cols", tensor.cols()},
                {"data", std::vector<float>(tensor.data(), tensor.data() + tensor.size())}};
        j["parameters"] = params;
    }
    return j;
}

GraphFile readGraphFile(const std::string& path) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > kMaxGraphFileBytes)
        throw FormatError(path + ": the file has " + std::to_string(size) +
                          " bytes; a graph file holds at most " +
                          std::to_string(kMaxGraphFileBytes) + " (is this a MiniFlow graph file?)");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FormatError(path + ": cannot open the file (check the path and permissions)");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return graphFileFromText(buffer.str(), path);
}

GraphFile graphFileFromText(const std::string& text, const std::string& source) {
    checkNesting(source, text);
    nlohmann::json document;
    PositionedJsonParser parser(document);
    try {
        nlohmann::json::sax_parse(text, &parser);
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(source + ": " + textPosition(text, parser.errorByte) +
                          ": not valid JSON (" + e.what() + ")");
    }
    return graphFileFromJson(document, source);
}

namespace {

/// NOTE [Format field first]: the desktop recognises a project by the "miniflow-graph" string
/// within its first 256 bytes (resources/desktop/miniflow-studio-mime.xml), so the written
/// text starts with "format" and "version"; the other keys follow in the library's order.
std::string projectText(const GraphFile& file) {
    const nlohmann::json j = toJson(file);
    nlohmann::ordered_json ordered;
    ordered["format"] = j.at("format");
    ordered["version"] = j.at("version");
    for (const auto& [key, value] : j.items())
        if (key != "format" && key != "version")
            ordered[key] = value;
    return ordered.dump(1);
}

} // namespace

void writeGraphFile(const std::string& path, const GraphFile& file) {
    const std::string text = projectText(file);
    const std::string temporary = path + ".saving";
    std::FILE* out = std::fopen(temporary.c_str(), "wb");
    if (!out)
        throw FormatError(path + ": cannot write the folder (check permissions and free space)");
    const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size() &&
                         std::fflush(out) == 0 && ::fsync(fileno(out)) == 0;
    const bool closed = std::fclose(out) == 0;
    if (!written || !closed) {
        std::remove(temporary.c_str());
        throw FormatError(path + ": writing failed (disk full?); the previous file is unchanged");
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
        throw FormatError(path + ": cannot replace the file: " + error.message());
}

} // namespace miniflow
