#pragma once
#include "graph/Graph.h"

#include <string>
#include <unordered_map>

namespace miniflow {

/// Python identifiers for a graph's nodes: the node name itself where it is a valid
/// identifier that clashes with no keyword or nn.Module member, otherwise a cleaned-up
/// form ("dense 1" -> "dense_1", "2x" -> "n_2x", "eval" -> "eval_"), unique per graph.
class PythonNames {
  public:
    explicit PythonNames(const Graph& graph);
    const std::string& operator[](NodeId id) const { return names_.at(id); }

  private:
    std::unordered_map<NodeId, std::string> names_;
};

} // namespace miniflow
