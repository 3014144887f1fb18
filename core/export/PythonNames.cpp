#include "export/PythonNames.h"

#include <cctype>
#include <set>

namespace miniflow {

namespace {

/// Python keywords, names model.py itself uses, and nn.Module members a node attribute
/// would shadow.
const std::set<std::string> kReserved{"False",
                                      "None",
                                      "True",
                                      "and",
                                      "as",
                                      "assert",
                                      "async",
                                      "await",
                                      "break",
                                      "class",
                                      "continue",
                                      "def",
                                      "del",
                                      "elif",
                                      "else",
                                      "except",
                                      "finally",
                                      "for",
                                      "from",
                                      "global",
                                      "if",
                                      "import",
                                      "in",
                                      "is",
                                      "lambda",
                                      "nonlocal",
                                      "not",
                                      "or",
                                      "pass",
                                      "raise",
                                      "return",
                                      "try",
                                      "while",
                                      "with",
                                      "yield",
                                      "self",
                                      "torch",
                                      "nn",
                                      "np",
                                      "os",
                                      "forward",
                                      "compute_loss",
                                      "training",
                                      "train",
                                      "eval",
                                      "parameters",
                                      "buffers",
                                      "modules",
                                      "children",
                                      "to",
                                      "cuda",
                                      "cpu",
                                      "float",
                                      "double",
                                      "half",
                                      "state_dict",
                                      "load_state_dict",
                                      "apply",
                                      "zero_grad",
                                      "type",
                                      "named_parameters",
                                      "register_buffer"};

std::string cleaned(const std::string& name) {
    std::string id;
    for (const char c : name)
        id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id.front())))
        id = "n_" + id;
    return kReserved.count(id) ? id + "_" : id;
}

} // namespace

PythonNames::PythonNames(const Graph& graph) {
    std::set<std::string> used;
    for (const Node& node : graph.nodes()) {
        std::string id = cleaned(node.name);
        for (int suffix = 2; used.count(id); ++suffix)
            id = cleaned(node.name) + "_" + std::to_string(suffix);
        used.insert(id);
        names_[node.id] = id;
    }
}

} // namespace miniflow
