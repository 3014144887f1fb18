#pragma once
/// NOTE [Op contract]
/// An Op is one node's computation: forward and backward side by side. backward receives
/// the gradient of the loss with respect to this node's output (`gradOut`, same shape as
/// `out`) and writes exactly one gradient per input, each shaped like that input, into
/// `gradIn[i]` (a null entry means nobody needs that gradient). Buffers are owned by the
/// Session and reused between steps: ops assign into them (Eigen resizes only when the
/// batch size changes) and keep any scratch state as members, so a steady training loop
/// allocates nothing. Whoever runs an op (the Session, a test, an inspector) calls
/// setInputShapes once with the planned input shapes before the first forward: a row holds a
/// sample flat, so ops on images (NOTE [Image layout]) learn C x H x W from it.
#include "tensor/Rng.h"
#include "tensor/Tensor.h"

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace miniflow {

/// A shape problem found by Op::inferShape; the message names both shapes.
struct ShapeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A bad attribute value (negative units, dropout rate of 1.5, unknown initializer...).
struct AttributeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A problem found while running (e.g. a class label outside the logits' range).
struct RunError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// What shape inference knows about one input: its shape and the producing node's name.
struct InputShape {
    Shape shape;
    std::string producer;
};

/// NOTE [Op state]
/// A few ops keep state in Parameters that no optimizer trains: BatchNorm's running mean and
/// variance. The op kind lists those input ports in OpTraits::statePorts; each must be fed
/// by a Parameter of its own with "trainable": false (Plan checks both). The op reads them
/// like any input through `in`, and may write them only through OpContext::state, which the
/// Session fills with the Parameters' writable values (in statePorts order) for exactly one
/// kind of pass: Session::forward(Mode::Train, StateUpdate::Apply), which only the Trainer's
/// step calls. Every other pass (evaluation, gradient checks, step-through, probes, previews,
/// decision boundaries, benchmarks of the forward alone) gets an empty `state` and changes
/// nothing, so looking at a model never moves it. The values are written in place (no
/// allocation); they are saved, loaded and sent to the studio like any Parameter's.
struct OpContext {
    bool training = true;
    Rng* rng = nullptr; ///< the Session's seeded generator (Dropout masks)
    /// Writable values of the op's OpTraits::statePorts, or empty: the pass must not change
    /// the model (NOTE [Op state]).
    std::span<Tensor* const> state = {};
};

using OpInputs = std::span<const Tensor* const>;
using OpGradients = std::span<Tensor* const>;

class Op {
  public:
    virtual ~Op() = default;
    /// Output shape for these input shapes; throws ShapeError naming both shapes.
    virtual Shape inferShape(std::span<const InputShape> inputs) const = 0;
    /// The planned shapes of the inputs (they passed inferShape). Ops that need a sample's
    /// dims keep them; the default ignores them.
    virtual void setInputShapes(std::span<const InputShape> /*inputs*/) {}
    /// Ops whose output picks among their inputs (OpTraits::selectsMaximum): the input
    /// element each output took at the last forward, in output order. Empty for the rest.
    virtual std::span<const std::int32_t> selections() const { return {}; }
    virtual void forward(OpInputs in, Tensor& out, OpContext& ctx) = 0;
    virtual void backward(OpInputs in, const Tensor& out, const Tensor& gradOut, OpGradients gradIn,
                          const OpContext& ctx) = 0;
};

} // namespace miniflow
