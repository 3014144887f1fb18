// libFuzzer target: the ONNX importer (a reader of untrusted files), then what the studio
// does with the graph it returns: Plan::check for training and shape inference. An
// ExportError naming the file, or a GraphError (its diagnostics name the nodes), is a
// clean refusal; anything else (a crash, std::bad_alloc, another exception) is a finding.
#include "FuzzFile.h"

#include "autograd/Plan.h"
#include "export/ExportError.h"
#include "onnxio/OnnxImport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = miniflow::fuzz::writeInput(data, size, "model.onnx");
    try {
        const miniflow::GraphFile file = miniflow::importOnnx(path);
        miniflow::Plan::check(file.graph, miniflow::PlanPurpose::Training);
        miniflow::inferShapes(file.graph);
    } catch (const miniflow::ExportError& e) {
        miniflow::fuzz::requireNamesFile(e.what(), path);
    } catch (const miniflow::GraphError&) {
    }
    return 0;
}
