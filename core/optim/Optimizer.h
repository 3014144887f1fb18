#pragma once
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace miniflow {

/// Updates parameters from their gradients. State (velocities, moments) is keyed by the
/// parameter's NodeId, never by pointers, so it survives buffer moves and can be reset.
class Optimizer {
  public:
    virtual ~Optimizer() = default;
    /// One update: `next` = the new value of `value` (any shape) from `gradient` (same
    /// shape); `next` is resized to fit and may be `value` itself (in place).
    virtual void apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) = 0;
    /// Called once per step before the parameters' apply() calls.
    virtual void beginStep() {}
    virtual void reset() = 0;
    void setLearningRate(double lr) { learningRate_ = static_cast<float>(lr); }
    double learningRate() const { return learningRate_; }

  protected:
    explicit Optimizer(double lr) : learningRate_(static_cast<float>(lr)) {}
    float learningRate_;
};

/// MiniFlow's sgd_update: value -= lr * gradient.
class Sgd final : public Optimizer {
  public:
    explicit Sgd(double lr) : Optimizer(lr) {}
    void apply(NodeId, const Tensor& value, const Tensor& gradient, Tensor& next) override;
    void reset() override {}
};

/// Classical momentum: v = mu v - lr g; value += v.
class Momentum final : public Optimizer {
  public:
    Momentum(double lr, double momentum) : Optimizer(lr), momentum_(static_cast<float>(momentum)) {}
    void apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) override;
    void reset() override { velocity_.clear(); }

  private:
    float momentum_;
    std::unordered_map<NodeId, Tensor> velocity_;
};

/// Adam with Keras defaults (beta1 0.9, beta2 0.999, epsilon 1e-7), bias-corrected.
class Adam final : public Optimizer {
  public:
    explicit Adam(double lr, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : Optimizer(lr), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}
    void beginStep() override { ++step_; }
    void apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) override;
    void reset() override;

  private:
    double beta1_, beta2_, epsilon_;
    long step_ = 0;
    std::unordered_map<NodeId, Tensor> m_, v_;
};

/// PyTorch's AdamW (torch.optim.AdamW, defaults beta1 0.9, beta2 0.999, epsilon 1e-8):
/// decoupled weight decay W *= 1 - lr wd, then the bias-corrected Adam step with epsilon added
/// to sqrt(v / (1 - beta2^t)), exactly torch's order of operations (in float32).
class AdamW final : public Optimizer {
  public:
    explicit AdamW(double lr, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999,
                   double epsilon = 1e-8)
        : Optimizer(lr), weightDecay_(weightDecay), beta1_(beta1), beta2_(beta2),
          epsilon_(epsilon) {}
    void beginStep() override { ++step_; }
    void apply(NodeId id, const Tensor& value, const Tensor& gradient, Tensor& next) override;
    void reset() override;
    double weightDecay() const { return weightDecay_; }

  private:
    double weightDecay_, beta1_, beta2_, epsilon_;
    long step_ = 0;
    std::unordered_map<NodeId, Tensor> m_, v_;
};

/// "sgd", "momentum", "adam", "adamw". `weightDecay` is AdamW's (decoupled); the other
/// optimizers ignore it (per-Parameter "l2" is their weight decay, NOTE [Parameter training
/// attributes]).
std::unique_ptr<Optimizer> makeOptimizer(const std::string& kind, double learningRate,
                                         double momentum = 0.9, double weightDecay = 0.01);
/// The names makeOptimizer takes, for messages: "sgd, momentum, adam or adamw".
const char* optimizerNames();
bool isOptimizerName(const std::string& kind);

} // namespace miniflow
