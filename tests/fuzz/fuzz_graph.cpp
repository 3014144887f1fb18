// libFuzzer target: the graph file reader, then everything the studio does with a graph it
// opened: Plan::check for training and forward use, and the editor's shape inference.
// Anything but a FormatError naming the file (or diagnostics) is a finding.
#include "FuzzFile.h"

#include "autograd/Plan.h"
#include "io/GraphFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = miniflow::fuzz::writeInput(data, size, "graph.json");
    try {
        const miniflow::GraphFile file = miniflow::readGraphFile(path);
        miniflow::Plan::check(file.graph, miniflow::PlanPurpose::Training);
        miniflow::Plan::check(file.graph, miniflow::PlanPurpose::Forward);
        miniflow::inferShapes(file.graph);
    } catch (const miniflow::FormatError& e) {
        miniflow::fuzz::requireNamesFile(e.what(), path);
    }
    return 0;
}
