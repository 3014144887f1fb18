#include "optim/Optimizer.h"

#include "tensor/ParallelRanges.h"

#include <cmath>
#include <stdexcept>

namespace miniflow {

namespace {
Tensor& stateFor(std::unordered_map<NodeId, Tensor>& states, NodeId id, const Tensor& like) {
    Tensor& s = states[id];
    if (s.rows() != like.rows() || s.cols() != like.cols())
        s.setZero(like.rows(), like.cols());
    return s;
}
/// The loops below take plain arguments (restrict-qualified where nothing aliases) so they
/// vectorize; `out` may be `w` itself (same index only), hence ivdep instead of restrict.
void sgdSlice(const float* w, const float* __restrict g, float rate, float* out, Index begin,
              Index end) {
#pragma GCC ivdep
    for (Index i = begin; i < end; ++i)
        out[i] = w[i] - rate * g[i];
}

struct AdamStep {
    float b1, b2, rest1, rest2, stepSize, eps;
};

void adamSlice(AdamStep s, const float* w, const float* __restrict g, float* __restrict m,
               float* __restrict v, float* out, Index begin, Index end) {
#pragma GCC ivdep
    for (Index i = begin; i < end; ++i) {
        m[i] = s.b1 * m[i] + s.rest1 * g[i];
        v[i] = s.b2 * v[i] + s.rest2 * g[i] * g[i];
        out[i] = w[i] - s.stepSize * m[i] / (std::sqrt(v[i]) + s.eps);
    }
}
struct AdamWStep {
    float b2, rest1, rest2, decay, stepSize, sqrtCorrection2, eps;
};

/// torch.optim.AdamW's single-tensor step, operation for operation.
void adamwSlice(AdamWStep s, const float* w, const float* __restrict g, float* __restrict m,
                float* __restrict v, float* out, Index begin, Index end) {
#pragma GCC ivdep
    for (Index i = begin; i < end; ++i) {
        const float decayed = w[i] * s.decay;
        m[i] = m[i] + s.rest1 * (g[i] - m[i]); // torch's lerp_(g, 1 - beta1)
        v[i] = s.b2 * v[i] + s.rest2 * g[i] * g[i];
        const float denom = std::sqrt(v[i]) / s.sqrtCorrection2 + s.eps;
        out[i] = decayed - s.stepSize * (m[i] / denom);
    }
}
} // namespace

void Sgd::apply(NodeId, const Tensor& value, const Tensor& gradient, Tensor& next) {
    next.resize(value.rows(), value.cols());
    const float* w =
        value.data(); // may be next's buffer: each element is read before it is written
    float* out = next.data();
    const float* __restrict g = gradient.data();
    const auto rate = static_cast<float>(learningRate_);
    forRanges(value.size(), 1,
              [=](Index begin, Index end) { sgdSlice(w, g, rate, out, begin, end); });
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
    const auto b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_),
               eps = static_cast<float>(epsilon_);
    // The complements in double: 1.0f - 0.999f is 0.00099998713, 1.3e-5 off (1 - beta2).
    const auto rest1 = static_cast<float>(1.0 - beta1_), rest2 = static_cast<float>(1.0 - beta2_);
    // One fused pass (the arrays are larger than the caches, so passes cost bandwidth).
    // w and out may be the same buffer: each element is read before it is written.
    next.resize(value.rows(), value.cols());
    const float* w = value.data();
    float* out = next.data();
    float* __restrict mp = m.data();
    float* __restrict vp = v.data();
    const float* __restrict g = gradient.data();
    const AdamStep step{b1, b2, rest1, rest2, stepSize, eps};
    forRanges(value.size(), 1,
              [=](Index begin, Index end) { adamSlice(step, w, g, mp, vp, out, begin, end); });
}

void Adam::reset() {
    step_ = 0;
    m_.clear();
    v_.clear();
}

void AdamW::apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) {
    Tensor& m = stateFor(m_, id, value);
    Tensor& v = stateFor(v_, id, value);
    const double correction1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
    const double correction2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
    const AdamWStep step{static_cast<float>(beta2_),
                         static_cast<float>(1.0 - beta1_),
                         static_cast<float>(1.0 - beta2_),
                         static_cast<float>(1.0 - learningRate_ * weightDecay_),
                         static_cast<float>(learningRate_ / correction1),
                         static_cast<float>(std::sqrt(correction2)),
                         static_cast<float>(epsilon_)};
    next.resize(value.rows(), value.cols());
    const float* w = value.data(); // may be next's buffer: read before written, per element
    float* out = next.data();
    float* __restrict mp = m.data();
    float* __restrict vp = v.data();
    const float* __restrict g = gradient.data();
    forRanges(value.size(), 1,
              [=](Index begin, Index end) { adamwSlice(step, w, g, mp, vp, out, begin, end); });
}

void AdamW::reset() {
    step_ = 0;
    m_.clear();
    v_.clear();
}

bool isOptimizerName(const std::string& kind) {
    return kind == "sgd" || kind == "momentum" || kind == "adam" || kind == "adamw";
}

const char* optimizerNames() {
    return "sgd, momentum, adam or adamw";
}

std::unique_ptr<Optimizer> makeOptimizer(const std::string& kind, double learningRate,
                                         double momentum, double weightDecay) {
    if (!(learningRate > 0.0) || !std::isfinite(learningRate))
        throw std::invalid_argument("learning rate must be a positive number");
    if (kind == "sgd")
        return std::make_unique<Sgd>(learningRate);
    if (kind == "momentum")
        return std::make_unique<Momentum>(learningRate, momentum);
    if (kind == "adam")
        return std::make_unique<Adam>(learningRate);
    if (kind == "adamw") {
        if (!(weightDecay >= 0.0) || !std::isfinite(weightDecay))
            throw std::invalid_argument("weight decay must be a number >= 0");
        return std::make_unique<AdamW>(learningRate, weightDecay);
    }
    throw std::invalid_argument("unknown optimizer \"" + kind + "\" (use " + optimizerNames() +
                                ")");
}

} // namespace miniflow
