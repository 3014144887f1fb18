#pragma once
#include "graph/Graph.h"
#include "inspect/GradientSummary.h"
#include "inspect/HealthSample.h"
#include "inspect/HealthThresholds.h"
#include "inspect/LossDivergence.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace miniflow {

enum class AlertKind { Vanishing, Exploding, DeadRelu, Saturated, Divergence };

/// One unhealthy place: a node (and the edge it concerns, when there is one) with a
/// sentence saying what is measured, what it means and what usually helps.
struct HealthAlert {
    AlertKind kind;
    NodeId node;
    std::optional<Edge> edge;
    std::string message;
};

/// "vanishing", "exploding", "dead ReLU", "saturated", "divergence".
std::string toString(AlertKind kind);

/// The health model behind the canvas badges and sparklines (NOTE [Gradient health]):
/// keeps each edge's gradient-norm history and each Parameter's ||dL/dW||/||W|| and
/// ||ΔW||/||W|| histories over the run (halved in resolution when long) and the training
/// loss (LossDivergence), and re-evaluates
/// the alerts after every observed snapshot or threshold change. No Qt; any thread.
class GradientHealth {
  public:
    using EdgeGradients = std::vector<std::pair<Edge, GradientSummary>>;
    static constexpr size_t kHistoryCap = 240; ///< points kept per series (older ones thinned)

    explicit GradientHealth(const Graph& graph = {}, HealthThresholds thresholds = {});

    /// Forgets the history; names in messages come from `graph`.
    void reset(const Graph& graph);
    void setThresholds(const HealthThresholds& thresholds);
    const HealthThresholds& thresholds() const { return thresholds_; }

    /// One snapshot: the health sample and the per-edge gradient summaries of the same step.
    /// A sample whose step is not after the last observed one is ignored (a paused run
    /// resends its latest snapshot).
    void observe(const HealthSample& sample, const EdgeGradients& edges);

    const std::vector<HealthAlert>& alerts() const { return alerts_; }
    /// Alerts about a node: vanishing (at a Parameter), dead ReLU, saturated, divergence (at
    /// the loss).
    std::vector<HealthAlert> alertsAt(NodeId node) const;
    /// Alerts about an edge's gradient: exploding.
    std::vector<HealthAlert> alertsOn(const Edge& edge) const;
    /// Gradient L2 norm of the edge over the run (oldest first); empty when never seen.
    const std::vector<double>& edgeNormHistory(const Edge& edge) const;
    /// ||ΔW|| / ||W|| of one step over the run, for a Parameter node.
    const std::vector<double>& updateRatioHistory(NodeId parameter) const;

  private:
    struct ParameterHistory {
        std::vector<double> gradientRatio; ///< ||dL/dW|| / ||W||, the latest values
        std::vector<double> updateRatio;   ///< over the run (thinned)
        bool finite = true;
    };

    size_t recentKept() const;
    void evaluate();
    void checkVanishing();
    void checkExploding();
    void checkActivations();
    void checkDivergence();
    std::string name(NodeId id) const;
    std::string edgeName(const Edge& edge) const;
    std::optional<Edge> firstEdgeFrom(NodeId id) const;
    std::optional<Edge> edgeInto(NodeId id) const;

    Graph graph_;
    HealthThresholds thresholds_;
    std::map<Edge, std::vector<double>> edgeNorms_;
    std::map<Edge, std::vector<double>> recentNorms_; ///< the latest norms, unthinned
    std::map<Edge, bool> edgeFinite_;
    std::map<Edge, double> peakBeforeLatest_; ///< largest finite norm before the latest one
    std::map<Edge, double> peak_;             ///< largest finite norm so far
    std::map<NodeId, ParameterHistory> parameters_;
    /// Per recent snapshot (aligned with ParameterHistory::gradientRatio's end): the
    /// largest ||dL/dW|| / ||W|| and the Parameter it belongs to.
    std::vector<std::pair<double, NodeId>> recentLargestRatio_;
    std::map<NodeId, std::vector<ActivationStats>> activations_; ///< the latest few per node
    std::vector<HealthAlert> alerts_;
    std::optional<long> lastStep_;
    LossDivergence divergence_;
    NodeId lossNode_;
    std::optional<double> learningRate_;
};

} // namespace miniflow
