#pragma once
#include <string>
#include <vector>

namespace miniflow::cli {

/// `miniflow export GRAPH.json --to pytorch OUT_DIR` or `--to onnx OUT.onnx`.
int exportGraph(const std::vector<std::string>& args);
/// `miniflow import MODEL.onnx [-o GRAPH.json]` (default: MODEL.json beside the model,
/// never overwritten).
int importModel(const std::vector<std::string>& args);

} // namespace miniflow::cli
