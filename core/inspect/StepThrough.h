#pragma once
/// NOTE [Step-through]
/// MiniFlow's trace ("Forward pass @ Linear", "BP @ Sigmoid", "Getting MSE_Op gradient")
/// as data a view can walk. One forward and one backward pass run on the Session's current
/// inputs (every edge's gradient is kept); the model then holds 2n steps for n nodes:
///   steps 0 .. n-1     forward, in topological order: each node's value;
///   steps n .. 2n-1    backward, in reverse order: the gradient arriving at the node (the
///                      sum over its outgoing edges, listed one by one at a fan-out; ones at
///                      the sink) and, for an op, the chain rule on each input edge
///                      (NOTE [Chain rule on an edge]).
/// The cursor starts before step 0 (position -1); stepping never recomputes anything.
#include "autograd/Session.h"
#include "inspect/ChainRule.h"

#include <optional>
#include <string>
#include <vector>

namespace miniflow {

struct ForwardStep {
    NodeId node;
    std::string name, op;
    Tensor value;
};

/// A gradient arriving at a node along one of its outgoing edges.
struct ArrivingGradient {
    Edge edge;
    std::string consumer; ///< the edge's target node
    Tensor gradient;
};

struct BackwardStep {
    NodeId node;
    std::string name, op;
    std::vector<ArrivingGradient> arriving; ///< one per outgoing edge; empty at a sink
    Tensor nodeGradient;                    ///< sum of `arriving` (ones at a sink): dL/d(node)
    std::vector<EdgeChainRule> inputs;      ///< one per input edge (empty for sources)
};

class StepThrough {
  public:
    enum class Phase { Start, Forward, Backward };

    /// Runs `session` forward (Mode::Train, so Dropout masks are those training uses) and
    /// backward with GradientScope::AllEdges on its current inputs and records every step.
    /// The session's scope is left at AllEdges. Throws what Session::forward throws.
    explicit StepThrough(Session& session);

    int stepCount() const { return static_cast<int>(forward_.size() + backward_.size()); }
    /// -1 before the first step, else 0 .. stepCount() - 1.
    int position() const { return position_; }
    bool atEnd() const { return position_ == stepCount() - 1; }
    /// Each returns false (and changes nothing) at the end / at the start.
    bool stepForward();
    bool stepBack();
    void runToEnd() { position_ = stepCount() - 1; }
    void reset() { position_ = -1; }

    Phase phase() const;
    /// The step at the cursor, or null when the cursor is not on a step of that phase.
    const ForwardStep* currentForward() const;
    const BackwardStep* currentBackward() const;
    /// The node the cursor is on (invalid at the start).
    NodeId currentNode() const;

    const std::vector<ForwardStep>& forwardSteps() const { return forward_; }
    /// The loss of the recorded pass (0 for a forward-only graph).
    float loss() const { return loss_; }
    /// Rows (samples) the pass ran on: the most rows any Input had.
    Index samples() const { return samples_; }

  private:
    void recordForward(const Session& session);
    void recordBackward(const Session& session);
    BackwardStep backwardStepFor(const Session& session, size_t index) const;

    std::vector<ForwardStep> forward_;
    std::vector<BackwardStep> backward_;
    int position_ = -1;
    float loss_ = 0;
    Index samples_ = 0;
};

} // namespace miniflow
