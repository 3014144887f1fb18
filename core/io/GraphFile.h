#pragma once
/// The versioned project/graph file (JSON), see README "Graph files":
/// { "format": "miniflow-graph", "version": 1, "nodes": [...], "edges": [...],
///   "dataset": {...}, "training": {...}, "parameters": {...} }
#include "graph/Graph.h"
#include "io/DatasetSpec.h"
#include "train/TrainingConfig.h"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace miniflow {

inline constexpr int kGraphFormatVersion = 1;
/// Larger files are refused unread: graphs with trained parameters stay far below this.
inline constexpr std::uintmax_t kMaxGraphFileBytes = std::uintmax_t{256} << 20;

/// A malformed file: the message names the file, the JSON path and the reason.
struct FormatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct GraphFile {
    Graph graph;
    DatasetSpec dataset;
    TrainingConfig training;
    std::map<NodeId, Tensor> parameters; ///< trained values, optional
    std::string description;
    bool operator==(const GraphFile&) const;
};

/// Validates the document's structure and types (not the graph's semantics: see Plan).
/// `source` names the file in messages. Throws FormatError.
GraphFile graphFileFromJson(const nlohmann::json& document, const std::string& source = "graph");
nlohmann::json toJson(const GraphFile& file);

/// Parses JSON text (at most 64 levels deep) into a GraphFile; throws FormatError naming
/// `source`, the line and column of a syntax error or the JSON path of a wrong field.
GraphFile graphFileFromText(const std::string& text, const std::string& source);
/// Reads and parses; throws FormatError (also for unreadable or oversized files, and for bad
/// JSON syntax, naming its line, column and byte).
GraphFile readGraphFile(const std::string& path);
/// Writes atomically: a temporary file in the same folder, flushed, then renamed.
void writeGraphFile(const std::string& path, const GraphFile& file);

} // namespace miniflow
