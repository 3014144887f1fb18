#pragma once
/// The project versions the crash tests' save loop writes (tests/app/helpers/crash_helper.cpp)
/// and checks (tst_crash_recovery): version k is the spiral example whose description says
/// "version k" and whose first Parameter holds a large tensor filled with k (so one save
/// takes long enough for kills to land inside it).
#include "app/document/ProjectFiles.h"

#include <string>

namespace crashtest {

inline constexpr miniflow::Index kRows = 400, kCols = 500; ///< ~200k numbers, a few MB of JSON

inline miniflow::GraphFile version(long k) {
    miniflow::GraphFile file = ProjectFiles::read(ProjectFiles::examplePath("spiral"));
    file.description = "version " + std::to_string(k);
    for (const miniflow::Node& node : file.graph.nodes())
        if (node.op == "Parameter") {
            file.parameters[node.id] =
                miniflow::Tensor::Constant(kRows, kCols, static_cast<float>(k));
            break;
        }
    return file;
}

/// k of a file written by version(k); -1 when the description is not of that form.
inline long versionOf(const miniflow::GraphFile& file) {
    const std::string prefix = "version ";
    if (file.description.rfind(prefix, 0) != 0)
        return -1;
    return std::stol(file.description.substr(prefix.size()));
}

} // namespace crashtest
