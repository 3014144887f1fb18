#pragma once
/// NOTE [Per-edge gradients]
/// For an edge u -> v, the edge gradient is the gradient of the loss with respect to u's
/// output that arrives through v: what v's backward wrote for that input port (MiniFlow's
/// `v.gradients[u]`). A node's gradient is the sum of the gradients on its outgoing edges;
/// a node with one outgoing edge shares that edge's buffer. Sinks (the loss) are seeded
/// with ones, so backward differentiates the sum of the sink outputs.
#include "autograd/Plan.h"
#include "tensor/Rng.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace miniflow {

enum class Mode { Train, Eval };

/// Whether a training forward pass may update the state ops keep in Parameters (BatchNorm's
/// running statistics, NOTE [Op state]). Only the Trainer's step applies it.
enum class StateUpdate { Keep, Apply };

/// Which edges backward() fills. AllEdges (the default) is what the studio shows and the
/// seed prints; TrainableOnly skips every edge whose producer has no Parameter upstream
/// (data inputs and what is computed from them alone), which training does not need:
/// for an MLP this saves the largest product, the gradient with respect to the inputs.
enum class GradientScope { AllEdges, TrainableOnly };

/// A Plan plus its buffers: node values, per-edge gradients, node gradients, the ops'
/// scratch state and the parameters. Owned and used by one thread at a time.
class Session {
  public:
    /// Parameters are initialized from their initializers with `seed`; Dropout masks
    /// come from a generator seeded with `seed` too. Throws MemoryError, before allocating,
    /// when the Parameters do not fit in memory (NOTE [Memory before allocation]).
    explicit Session(Plan plan, std::uint64_t seed = 1);
    ~Session();
    Session(Session&&) noexcept;
    Session& operator=(Session&&) noexcept;

    const Plan& plan() const { return plan_; }

    /// The buffer an Input node reads; fill it with a batch (rows = samples).
    Tensor& input(NodeId id);
    /// Sets every Parameter from its initializer, drawing from Rng(seed) in node-id order.
    void initializeParameters(std::uint64_t seed);
    /// Parameter nodes in node-id order.
    const std::vector<NodeId>& parameterIds() const { return parameterIds_; }
    /// The Parameters an optimizer updates ("trainable" not false), in node-id order
    /// (NOTE [Parameter training attributes]). Only these have gradients under
    /// GradientScope::TrainableOnly.
    const std::vector<NodeId>& trainableParameterIds() const { return trainableIds_; }
    bool isTrainable(NodeId id) const;
    /// The Parameters ops update themselves in training (NOTE [Op state]), in node-id order.
    const std::vector<NodeId>& stateParameterIds() const { return stateIds_; }
    Tensor& parameter(NodeId id);
    /// Reseeds the generator Dropout draws from.
    void reseed(std::uint64_t seed) { rng_.reseed(seed); }

    /// Runs every node in topological order. Returns the loss (0 without one). Ops update
    /// their state Parameters only with Mode::Train and StateUpdate::Apply (NOTE [Op state]).
    float forward(Mode mode = Mode::Train, StateUpdate update = StateUpdate::Keep);
    /// Fills the edge and node gradients of the scope, in reverse topological order.
    void backward();
    void setGradientScope(GradientScope scope);
    /// False for edges backward() leaves empty under the current scope.
    bool hasEdgeGradient(int edgeIndex) const;

    const Tensor& value(NodeId id) const;
    /// The op running node `id` (its scratch state, e.g. Op::selections after a forward).
    const Op& op(NodeId id) const;
    const Tensor& edgeGradient(int edgeIndex) const {
        return edgeGrads_[static_cast<size_t>(edgeIndex)];
    }
    const Tensor& edgeGradient(const Edge& edge) const;
    const Tensor& nodeGradient(NodeId id) const;
    float loss() const;

    /// The first node (topological order) whose value is not finite, else the first in
    /// reverse order whose gradient is not (after backward). nullopt when all are finite.
    std::optional<NodeId> firstNonFiniteValue() const;
    std::optional<NodeId> firstNonFiniteGradient() const;

  private:
    void runForward(size_t index, Mode mode, StateUpdate update);
    void wireStatePorts();
    void runBackward(size_t index);
    void gatherNodeGradient(size_t index);
    int checkedIndex(NodeId id) const;
    void wireGradientBuffers();

    Plan plan_;
    Rng rng_;
    std::vector<std::unique_ptr<Op>> ops_;
    std::vector<Tensor> values_;
    std::vector<Tensor> edgeGrads_;
    std::vector<Tensor> nodeGradBuffers_;  ///< used for fan-out sums and sink seeds
    std::vector<const Tensor*> nodeGrads_; ///< what nodeGradient() returns
    std::vector<NodeId> parameterIds_;
    std::vector<NodeId> trainableIds_;
    std::vector<NodeId> stateIds_;
    Mode lastMode_ = Mode::Train;
    GradientScope scope_ = GradientScope::AllEdges;
    /// Per node: a trainable Parameter is upstream (or it is one).
    std::vector<bool> dependsOnParameter_;
    // Per-node scratch reused each step (no allocation in the loop).
    std::vector<std::vector<const Tensor*>> inputPtrs_;
    std::vector<std::vector<Tensor*>> gradPtrs_;
    std::vector<std::vector<Tensor*>> statePtrs_; ///< per node: its state ports' values
};

} // namespace miniflow
