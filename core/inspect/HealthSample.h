#pragma once
/// NOTE [Gradient health]
/// What the training worker measures for the health alerts, only when it sends a snapshot
/// (never per step): per activation node the share of outputs at an asymptote or exactly 0,
/// per Parameter node ||W||, ||dL/dW|| and ||ΔW|| of one step. The per-edge gradient norms
/// travel separately (GradientSummary). GradientHealth turns a series of samples into alerts.
#include "autograd/Session.h"

#include <optional>
#include <string>
#include <vector>

namespace miniflow {

/// An output counts as saturated within this distance of an asymptote: sigmoid > 0.99 or
/// < 0.01, tanh |x| > 0.99.
inline constexpr float kSaturationMargin = 0.01f;

/// One watched activation's output over the latest batch (N x units): the ops whose
/// OpTraits::health names a family (Sigmoid and Tanh saturate; ReLU and GELU rectify).
struct ActivationStats {
    NodeId node;
    std::string op;          ///< the op kind, whose traits.health says how it was measured
    double highFraction = 0; ///< share near the upper asymptote (sigmoid > 0.99, tanh > 0.99)
    double lowFraction = 0;  ///< share near the lower one (sigmoid < 0.01, tanh < -0.99)
    /// Rectifiers: share of inputs at or below the off point, where (almost) no gradient flows
    /// back (ReLU: outputs exactly 0); saturating ops: share of outputs exactly 0.
    double zeroFraction = 0;
    Index deadUnits = 0; ///< columns off (rectifiers) or 0 (others) for every sample
    Index units = 0;     ///< columns
    double saturatedFraction() const { return highFraction + lowFraction; }
};

/// One Parameter node after the latest step.
struct ParameterStats {
    NodeId node;
    double weightNorm = 0;             ///< ||W||
    double gradientNorm = 0;           ///< ||dL/dW|| of the latest step
    std::optional<double> updateRatio; ///< ||ΔW|| / ||W|| of one step, when it was measured
    bool finite = true;                ///< both norms finite (no NaN / Inf in W and dL/dW)
};

struct HealthSample {
    long step = 0;
    std::vector<ActivationStats> activations; ///< in topological order
    std::vector<ParameterStats> parameters;   ///< in node-id order
};

/// Reads the session after a training step (values of the batch, node gradients).
/// Cost: one pass over each activation's output and each parameter with its gradient.
HealthSample measureHealth(const Session& session, long step);

} // namespace miniflow
