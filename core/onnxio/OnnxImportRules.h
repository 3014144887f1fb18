#pragma once
/// How ONNX nodes map back to op kinds, read from every registered op's ONNX recipes
/// (OnnxForm::recipe and importAlso, NOTE [Export templates]): a one-step recipe maps one
/// ONNX node ("Relu(x)" -> ReLU), a longer one maps a chain of nodes (GELU's Erf
/// decomposition). The importer (OnnxImport.cpp) asks these; it names no op kind.
#include "onnxio/OnnxRecipe.h"
#include "ops/OpRegistry.h"

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace onnx {
class GraphProto;
}

namespace miniflow {

struct ImportRule {
    const OpInfo* info = nullptr;
    OnnxStep step;
};

/// ONNX op types that import: one-step recipes, the ops of longer ones, and the ones the
/// importer handles itself (Identity, Dropout, Constant).
std::set<std::string> importableOnnxOps();

/// The one-step rule for an ONNX node of type `op` with `inputs` inputs, or nullptr.
const ImportRule* findImportRule(const std::string& op, int inputs);
/// Every one-step rule for such a node, the recipes before importAlso spellings.
std::vector<const ImportRule*> findImportRules(const std::string& op, int inputs);

/// A chain of ONNX nodes that matched a longer recipe.
struct ChainMatch {
    const OpInfo* info = nullptr;
    std::vector<int> nodes;          ///< indices in graph.node(), first to last
    std::vector<std::string> inputs; ///< the values bound to x0, x1, ...
};

/// The recipe chain starting at graph.node(start), if any: every step's op and arguments
/// match (commutative ops in either order, numbers against 1-element `constants` within
/// 1e-6), and every step but the last feeds only the next one.
std::optional<ChainMatch> matchChain(const onnx::GraphProto& graph, int start,
                                     const std::unordered_map<std::string, Tensor>& constants);

} // namespace miniflow
