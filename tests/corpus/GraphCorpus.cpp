// Graph JSON corpus: truncations, syntax errors, wrong JSON types, future versions,
// duplicate ids, edges to missing nodes and ports, cycles, unknown ops.
#include "CorpusWriter.h"

#include <nlohmann/json.hpp>

#include <functional>

namespace miniflow::corpus {

namespace {

using nlohmann::json;

/// A small valid training graph: points -> dense1 -> tanh -> dense2 -> loss <- labels.
json baseGraph() {
    auto node = [](int id, const char* op, const char* name, json attributes) {
        return json{{"id", id},
                    {"op", op},
                    {"name", name},
                    {"attributes", attributes},
                    {"position", {id * 10, 0}}};
    };
    auto edge = [](int from, int to, int port) {
        return json{{"from", from}, {"fromPort", 0}, {"to", to}, {"toPort", port}};
    };
    json g{{"format", "miniflow-graph"}, {"version", 1}, {"description", "corpus base"}};
    g["nodes"] = {
        node(1, "Input", "points", {{"role", "features"}, {"features", 2}}),
        node(2, "Input", "labels", {{"role", "labels"}, {"features", 1}}),
        node(3, "Parameter", "W1", {{"rows", 2}, {"cols", 4}, {"initializer", "glorot_uniform"}}),
        node(4, "Parameter", "b1", {{"rows", 1}, {"cols", 4}, {"initializer", "zeros"}}),
        node(5, "Linear", "dense1", {{"units", 4}}),
        node(6, "Tanh", "tanh", json::object()),
        node(7, "Parameter", "W2", {{"rows", 4}, {"cols", 2}, {"initializer", "glorot_uniform"}}),
        node(8, "Parameter", "b2", {{"rows", 1}, {"cols", 2}, {"initializer", "zeros"}}),
        node(9, "Linear", "dense2", {{"units", 2}}),
        node(10, "SoftmaxCrossEntropy", "loss", json::object())};
    g["edges"] = {edge(1, 5, 0), edge(3, 5, 1), edge(4, 5, 2),  edge(5, 6, 0), edge(6, 9, 0),
                  edge(7, 9, 1), edge(8, 9, 2), edge(9, 10, 0), edge(2, 10, 1)};
    g["dataset"] = {{"source", "builtin"}, {"name", "spiral"}, {"samples", 100}, {"classes", 2}};
    g["training"] = {
        {"optimizer", "adam"}, {"learningRate", 0.01}, {"batchSize", 16}, {"epochs", 2}};
    g["parameters"] = {
        {"3", {{"rows", 2}, {"cols", 4}, {"data", {0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8}}}}};
    return g;
}

struct Mutation {
    const char* name;
    std::function<void(json&)> change;
    Outcome outcome;
    const char* mention;
};

std::vector<Mutation> typeMutations() {
    return {
        {"nodes-object", [](json& g) { g["nodes"] = json::object(); }, Outcome::Error,
         "at /nodes: expected an array"},
        {"nodes-missing", [](json& g) { g.erase("nodes"); }, Outcome::Error,
         "at /: missing field \"nodes\""},
        {"node-number", [](json& g) { g["nodes"][0] = 5; }, Outcome::Error,
         "at /nodes/0: expected an object"},
        {"id-string", [](json& g) { g["nodes"][0]["id"] = "one"; }, Outcome::Error,
         "at /nodes/0/id: expected an integer"},
        {"id-negative", [](json& g) { g["nodes"][0]["id"] = -5; }, Outcome::Error,
         "at /nodes/0/id: -5 is outside"},
        {"id-fraction", [](json& g) { g["nodes"][0]["id"] = 1.5; }, Outcome::Error,
         "at /nodes/0/id: expected an integer"},
        {"id-huge", [](json& g) { g["nodes"][0]["id"] = std::int64_t{1} << 50; }, Outcome::Error,
         "at /nodes/0/id:"},
        {"id-missing", [](json& g) { g["nodes"][0].erase("id"); }, Outcome::Error,
         "at /nodes/0/id: missing node id"},
        {"op-number", [](json& g) { g["nodes"][0]["op"] = 3; }, Outcome::Error,
         "at /nodes/0/op: expected a string"},
        {"op-missing", [](json& g) { g["nodes"][0].erase("op"); }, Outcome::Error,
         "at /nodes/0: missing field \"op\""},
        {"name-number", [](json& g) { g["nodes"][1]["name"] = 7; }, Outcome::Error,
         "at /nodes/1/name: expected a string"},
        {"position-short", [](json& g) { g["nodes"][2]["position"] = {1}; }, Outcome::Error,
         "at /nodes/2/position: expected [x, y]"},
        {"position-text", [](json& g) { g["nodes"][2]["position"] = "here"; }, Outcome::Error,
         "at /nodes/2/position: expected an array"},
        {"attributes-array", [](json& g) { g["nodes"][4]["attributes"] = json::array(); },
         Outcome::Error, "at /nodes/4/attributes: expected an object"},
        {"edges-object", [](json& g) { g["edges"] = json::object(); }, Outcome::Error,
         "at /edges: expected an array"},
        {"edge-text", [](json& g) { g["edges"][0] = "x"; }, Outcome::Error,
         "at /edges/0: expected an object"},
        {"edge-from-text", [](json& g) { g["edges"][0]["from"] = "1"; }, Outcome::Error,
         "at /edges/0/from: expected an integer"},
        {"edge-from-missing", [](json& g) { g["edges"][0].erase("from"); }, Outcome::Error,
         "at /edges/0: missing field \"from\""},
        {"edge-port-negative", [](json& g) { g["edges"][0]["fromPort"] = -1; }, Outcome::Error,
         "at /edges/0/fromPort: -1 is outside"},
        {"edge-to-missing-node", [](json& g) { g["edges"][3]["to"] = 99; }, Outcome::Error,
         "at /edges/3/to: node 99 does not exist"},
        {"training-number", [](json& g) { g["training"] = 3; }, Outcome::Error,
         "at /training: expected an object"},
        {"rate-text", [](json& g) { g["training"]["learningRate"] = "fast"; }, Outcome::Error,
         "at /training/learningRate: expected a finite number"},
        {"rate-negative", [](json& g) { g["training"]["learningRate"] = -1; }, Outcome::Error,
         "at /training/learningRate: must be positive"},
        {"batch-zero", [](json& g) { g["training"]["batchSize"] = 0; }, Outcome::Error,
         "at /training/batchSize: 0 is outside"},
        {"optimizer-unknown", [](json& g) { g["training"]["optimizer"] = "lbfgs"; }, Outcome::Error,
         "at /training/optimizer: unknown optimizer"},
        {"sampling-unknown", [](json& g) { g["training"]["sampling"] = "random"; }, Outcome::Error,
         "at /training/sampling:"},
        {"source-unknown", [](json& g) { g["dataset"]["source"] = "ftp"; }, Outcome::Error,
         "at /dataset/source: unknown source"},
        {"fraction-too-big", [](json& g) { g["dataset"]["validationFraction"] = 1.5; },
         Outcome::Error, "at /dataset/validationFraction: must be in [0, 1)"},
        {"samples-text", [](json& g) { g["dataset"]["samples"] = "many"; }, Outcome::Error,
         "at /dataset/samples: expected an integer"},
        {"classification-text", [](json& g) { g["dataset"]["classification"] = "yes"; },
         Outcome::Error, "at /dataset/classification: expected true or false"},
        {"parameter-unknown-node", [](json& g) { g["parameters"]["99"] = g["parameters"]["3"]; },
         Outcome::Error, "at /parameters/99:"},
        {"parameter-key-text", [](json& g) { g["parameters"]["W1"] = g["parameters"]["3"]; },
         Outcome::Error, "at /parameters/W1:"},
        {"parameter-count",
         [](json& g) {
             g["parameters"]["3"]["data"] = {1, 2, 3};
         },
         Outcome::Error, "at /parameters/3/data: holds 3 numbers"},
        {"parameter-text", [](json& g) { g["parameters"]["3"]["data"][1] = "x"; }, Outcome::Error,
         "at /parameters/3/data/1: expected a finite float32"},
        {"parameter-huge", [](json& g) { g["parameters"]["3"]["data"][2] = 1e39; }, Outcome::Error,
         "at /parameters/3/data/2: expected a finite float32"},
        {"parameter-rows-zero", [](json& g) { g["parameters"]["3"]["rows"] = 0; }, Outcome::Error,
         "at /parameters/3/rows: 0 is outside"},
        {"description-number", [](json& g) { g["description"] = 4; }, Outcome::Error,
         "at /description: expected a string"},
    };
}

std::vector<Mutation> versionAndIdMutations() {
    return {
        {"format-other", [](json& g) { g["format"] = "tensorflow"; }, Outcome::Error,
         "at /format: not a MiniFlow graph file"},
        {"version-2", [](json& g) { g["version"] = 2; }, Outcome::Error,
         "at /version: the file was written by a newer MiniFlow"},
        {"version-999", [](json& g) { g["version"] = 999; }, Outcome::Error,
         "at /version: the file was written by a newer MiniFlow"},
        {"version-text", [](json& g) { g["version"] = "1"; }, Outcome::Error,
         "at /version: expected an integer"},
        {"version-zero", [](json& g) { g["version"] = 0; }, Outcome::Error,
         "at /version: 0 is outside"},
        {"duplicate-id", [](json& g) { g["nodes"][1]["id"] = 1; }, Outcome::Error,
         "at /nodes/1/id: duplicate node id 1"},
        {"duplicate-name", [](json& g) { g["nodes"][1]["name"] = "points"; }, Outcome::Error,
         "at /nodes/1/name: duplicate node name"},
    };
}

/// Structurally valid files whose graph Plan::check rejects, naming the nodes.
std::vector<Mutation> semanticMutations() {
    return {
        {"edge-to-missing-port", [](json& g) { g["edges"][3]["toPort"] = 7; }, Outcome::Diagnosed,
         "enters input port 7"},
        {"edge-from-port-3", [](json& g) { g["edges"][3]["fromPort"] = 3; }, Outcome::Diagnosed,
         "leaves output port 3"},
        {"two-edges-one-input", [](json& g) { g["edges"].push_back(g["edges"][0]); },
         Outcome::Diagnosed, "has more than one edge"},
        {"cycle", [](json& g) { g["edges"][3]["from"] = 9; }, Outcome::Diagnosed,
         "the graph has a cycle"},
        {"unknown-op", [](json& g) { g["nodes"][5]["op"] = "Conv7D"; }, Outcome::Diagnosed,
         "has unknown op \"Conv7D\""},
        {"bad-rows", [](json& g) { g["nodes"][2]["attributes"]["rows"] = -3; }, Outcome::Diagnosed,
         "\"rows\" must be a positive integer"},
        {"bad-role", [](json& g) { g["nodes"][0]["attributes"]["role"] = "middle"; },
         Outcome::Diagnosed, "role must be"},
        {"unconnected-input", [](json& g) { g["edges"].erase(8); }, Outcome::Diagnosed,
         "is not connected"},
        {"no-loss", [](json& g) { g["nodes"][9]["op"] = "Add"; }, Outcome::Diagnosed,
         "no loss node"},
    };
}

void addMutations(CorpusWriter& w, const std::vector<Mutation>& mutations) {
    for (const Mutation& m : mutations) {
        json g = baseGraph();
        m.change(g);
        w.add(std::string("graph-") + m.name + ".json", m.name, g.dump(1),
              {{"graph", m.outcome, m.mention}});
    }
}

void addTextDamage(CorpusWriter& w) {
    const std::string text = baseGraph().dump(1);
    w.add("graph-good.json", "valid", text, {{"graph", Outcome::Read, ""}});
    std::string crlf;
    for (const char c : text)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    w.add("graph-crlf.json", "CRLF line ends", crlf, {{"graph", Outcome::Read, ""}});
    w.add("graph-bom.json", "UTF-8 BOM", "\xEF\xBB\xBF" + text, {{"graph", Outcome::Read, ""}});
    for (std::size_t i = 0; i < 40; ++i) {
        const std::size_t cut = i * text.size() / 40;
        w.add("graph-cut-" + std::to_string(cut) + ".json",
              "cut after " + std::to_string(cut) + " bytes", text.substr(0, cut),
              {{"graph", Outcome::Error, "not valid JSON"}});
    }
    const std::vector<std::pair<std::string, std::string>> syntax{
        {"empty", ""},
        {"array", "[]"},
        {"number", "42"},
        {"null", "null"},
        {"trailing-text", text + "x"},
        {"two-documents", text + text},
        {"nan-literal", "{\"format\": \"miniflow-graph\", \"version\": NaN}"},
        {"bad-utf8", "{\"description\": \"\xFF\xFE\", \"nodes\": []}"},
        {"single-quotes", "{'nodes': []}"},
        {"binary", std::string("\0\x01\x02", 3)}};
    for (const auto& [name, content] : syntax)
        w.add("graph-syntax-" + name + ".json", name, content, {{"graph", Outcome::Error, ""}});
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    std::string deepDescription = text, deepAttributes = text;
    deepDescription.replace(deepDescription.find("\"corpus base\""), 13, deep);
    deepAttributes.replace(deepAttributes.find("\"units\": 4"), 11,
                           "\"units\": 4, \"extra\": " + deep);
    w.add("graph-deep-description.json", "description nested 100000 arrays deep", deepDescription,
          {{"graph", Outcome::Error, "nests deeper than"}});
    w.add("graph-deep-attributes.json", "attribute nested 100000 arrays deep", deepAttributes,
          {{"graph", Outcome::Error, "nests deeper than"}});
}

} // namespace

void addGraphFiles(CorpusWriter& writer) {
    addTextDamage(writer);
    addMutations(writer, typeMutations());
    addMutations(writer, versionAndIdMutations());
    addMutations(writer, semanticMutations());
}

} // namespace miniflow::corpus
