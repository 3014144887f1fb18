#include "cli/ExportCommands.h"

#include "export/TorchExport.h"
#include "io/GraphFile.h"
#include "onnxio/OnnxExport.h"
#include "onnxio/OnnxImport.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace miniflow::cli {

int exportGraph(const std::vector<std::string>& args) {
    if (args.size() != 4 || args[1] != "--to")
        throw std::invalid_argument(
            "usage: miniflow export GRAPH.json --to pytorch OUT_DIR | --to onnx OUT.onnx");
    const std::string &graph = args[0], &kind = args[2], &out = args[3];
    if (kind != "pytorch" && kind != "onnx")
        throw std::invalid_argument("--to takes pytorch or onnx, not \"" + kind + "\"");
    const GraphFile file = readGraphFile(graph);
    if (kind == "pytorch") {
        exportPyTorch(file, graph, out);
        std::printf("wrote %s/model.py, train.py and parameters/ (run: cd %s && python3 train.py, "
                    "or torchrun "
                    "--nproc_per_node=N train.py)\n",
                    out.c_str(), out.c_str());
    } else {
        exportOnnx(file, out);
        std::printf("wrote %s (ONNX opset 13, inference graph)\n", out.c_str());
    }
    return 0;
}

int importModel(const std::vector<std::string>& args) {
    const bool named = args.size() == 3 && args[1] == "-o";
    if (args.size() != 1 && !named)
        throw std::invalid_argument("usage: miniflow import MODEL.onnx [-o GRAPH.json]");
    const std::string out = named ? args[2] : fs::path(args[0]).replace_extension(".json").string();
    std::error_code error;
    if (!named && fs::exists(out, error))
        throw std::invalid_argument(out +
                                    " exists already; choose the graph file with -o GRAPH.json");
    const GraphFile file = importOnnx(args[0]);
    writeGraphFile(out, file);
    std::printf(
        "wrote %s: %zu nodes, %zu edges, %zu parameter tensors (open it in MiniFlow Studio)\n",
        out.c_str(), file.graph.nodes().size(), file.graph.edges().size(), file.parameters.size());
    return 0;
}

} // namespace miniflow::cli
