#pragma once
#include "graph/Graph.h"
#include "ops/OpRegistry.h"

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace miniflow {

/// One problem found while validating a graph, with the nodes it concerns.
struct Diagnostic {
    enum class Kind {
        UnknownOp,
        BadAttribute,
        BadEdge,
        Cycle,
        UnconnectedInput,
        NoLoss,
        SeveralLosses,
        DoesNotReachLoss,
        ShapeMismatch,
        ClassCount ///< checkClassCount (autograd/ClassCount.h): needs the data's class count
    };
    Kind kind;
    std::vector<NodeId> nodes;
    std::string message; ///< complete sentence naming the nodes (and shapes)
};

/// Thrown by Plan::build; what() joins every diagnostic's message, one per line.
struct GraphError : std::runtime_error {
    explicit GraphError(std::vector<Diagnostic> problems);
    std::vector<Diagnostic> diagnostics;
};

/// One node of a Plan, in topological order.
struct PlannedNode {
    NodeId id;
    std::string name;
    const OpInfo* info = nullptr;
    nlohmann::json attributes;
    std::vector<int> inputEdges;  ///< plan edge index feeding each input port
    std::vector<int> outputEdges; ///< plan edge indices leaving this node
    Shape shape;
};

/// What a Plan is for: training needs exactly one loss that every node reaches;
/// forward-only graphs (MiniFlow's Add/Mul/Linear examples) only need to be runnable.
enum class PlanPurpose { Training, Forward };

/// A validated, ordered, shape-checked graph, ready to run (see Session).
class Plan {
  public:
    /// Validates `graph`; throws GraphError listing every problem found.
    static Plan build(const Graph& graph, PlanPurpose purpose = PlanPurpose::Training);
    /// Every problem with `graph` for `purpose`; empty when Plan::build would succeed.
    static std::vector<Diagnostic> check(const Graph& graph,
                                         PlanPurpose purpose = PlanPurpose::Training);

    const std::vector<PlannedNode>& nodes() const { return nodes_; }
    const std::vector<Edge>& edges() const { return edges_; }
    /// Position of `id` in nodes(), or -1.
    int indexOf(NodeId id) const;
    /// Index in nodes() of the loss, or -1 for a forward-only plan.
    int lossIndex() const { return lossIndex_; }
    int edgeIndex(const Edge& edge) const;
    const Graph& graph() const { return graph_; }

  private:
    Graph graph_;
    std::vector<PlannedNode> nodes_;
    std::vector<Edge> edges_;
    std::unordered_map<NodeId, int> index_;
    int lossIndex_ = -1;
};

/// Best-effort shapes for an editor: every node whose inputs are connected and whose
/// producers' shapes are known gets a shape; problems are listed, nothing is thrown.
struct ShapeInference {
    std::unordered_map<NodeId, Shape> shapes;
    std::vector<Diagnostic> problems;
};
ShapeInference inferShapes(const Graph& graph);

} // namespace miniflow
