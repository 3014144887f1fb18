#include "optim/Optimizer.h"

#include <cmath>
#include <stdexcept>

namespace miniflow {

namespace {
Tensor& stateFor(std::unordered_map<NodeId, Tensor>& states, NodeId id, const Tensor& like) {
    Tensor& s = states[id];
    if (s.rows() != like.rows() || s.cols() != like.cols()) s.setZero(like.rows(), like.cols());
    return s;
}
} // namespace

void Sgd::apply(NodeId, const Tensor& value, const Tensor& gradient, Tensor& next) {
    next = value - learningRate_ * gradient; // element-wise: next may alias value
}

void Momentum::apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) {
    Tensor& v = stateFor(velocity_, id, value);
    v = momentum_ * v - learningRate_ * gradient;
    next = value + v;
}

void Adam::apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) {
    Tensor& m = stateFor(m_, id, value);
    Tensor& v = stateFor(v_, id, value);
    // Bias correction folded into the step size, epsilon added unscaled (Keras's form).
    const double correction1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
    const double correction2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
    const auto stepSize = static_cast<float>(learningRate_ * std::sqrt(correction2) / correction1);
    const auto b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_), eps = static_cast<float>(epsilon_);
    // One fused pass (the arrays are larger than the caches, so passes cost bandwidth).
    // w and out may be the same buffer: each element is read before it is written.
    next.resize(value.rows(), value.cols());
    const float* w = value.data();
    float* out = next.data();
    float* __restrict mp = m.data();
    float* __restrict vp = v.data();
    const float* __restrict g = gradient.data();
    for (Index i = 0; i < value.size(); ++i) {
        mp[i] = b1 * mp[i] + (1.0f - b1) * g[i];
        vp[i] = b2 * vp[i] + (1.0f - b2) * g[i] * g[i];
        out[i] = w[i] - stepSize * mp[i] / (std::sqrt(vp[i]) + eps);
    }
}

void Adam::reset() {
    step_ = 0;
    m_.clear();
    v_.clear();
}

bool isOptimizerName(const std::string& kind) { return kind == "sgd" || kind == "momentum" || kind == "adam"; }

std::unique_ptr<Optimizer> makeOptimizer(const std::string& kind, double learningRate, double momentum) {
    if (!(learningRate > 0.0) || !std::isfinite(learningRate))
        throw std::invalid_argument("learning rate must be a positive number");
    if (kind == "sgd") return std::make_unique<Sgd>(learningRate);
    if (kind == "momentum") return std::make_unique<Momentum>(learningRate, momentum);
    if (kind == "adam") return std::make_unique<Adam>(learningRate);
    throw std::invalid_argument("unknown optimizer \"" + kind + "\" (use sgd, momentum or adam)");
}

} // namespace miniflow
