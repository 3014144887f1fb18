/// Elementwise activations (Sigmoid, ReLU, Tanh, LeakyReLU), row-wise Softmax, Dropout
/// (inverted, seeded, identity in evaluation) and Flatten (N x h x w -> N x h*w).
#include "ops/OpRegistry.h"

#include "tensor/ParallelRanges.h"

namespace miniflow {

namespace {

/// Elementwise ops keep their input's shape.
class ElementwiseOp : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override { return in[0].shape; }
};

class SigmoidOp final : public ElementwiseOp {
  public:
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        assignByRows(*in[0], out,
                     [](const auto& x) { return (1.0f + (-x.array()).exp()).inverse().matrix(); });
    }
    /// dS/dx = S (1 - S), using the stored output.
    void backward(OpInputs, const Tensor& out, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (gi[0])
            *gi[0] = (g.array() * out.array() * (1.0f - out.array())).matrix();
    }
};

class ReluOp final : public ElementwiseOp {
  public:
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        assignByRows(*in[0], out, [](const auto& x) { return x.cwiseMax(0.0f); });
    }
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (gi[0])
            *gi[0] = (in[0]->array() > 0.0f).select(g, 0.0f);
    }
};

class TanhOp final : public ElementwiseOp {
  public:
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        assignByRows(*in[0], out, [](const auto& x) { return x.array().tanh().matrix(); });
    }
    void backward(OpInputs, const Tensor& out, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (gi[0])
            *gi[0] = (g.array() * (1.0f - out.array().square())).matrix();
    }
};

class LeakyReluOp final : public ElementwiseOp {
  public:
    explicit LeakyReluOp(float alpha) : alpha_(alpha) {}
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const float alpha = alpha_;
        assignByRows(*in[0], out, [alpha](const auto& x) {
            return (x.array() > 0.0f).select(x, alpha * x.array());
        });
    }
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (gi[0])
            *gi[0] = (in[0]->array() > 0.0f).select(g, alpha_ * g.array());
    }

  private:
    float alpha_;
};

/// Row-wise softmax, shifted by the row maximum for stability.
class SoftmaxOp final : public ElementwiseOp {
  public:
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        out = (in[0]->colwise() - in[0]->rowwise().maxCoeff()).array().exp().matrix();
        out.array().colwise() /= out.array().rowwise().sum();
    }
    /// dx = s * (g - sum_j g_j s_j) per row.
    void backward(OpInputs, const Tensor& out, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (!gi[0])
            return;
        rowDot_ = (g.array() * out.array()).rowwise().sum();
        *gi[0] = (out.array() * (g.colwise() - rowDot_).array()).matrix();
    }

  private:
    Eigen::VectorXf rowDot_;
};

/// Inverted dropout: in training each element is kept with probability 1 - rate and
/// scaled by 1 / (1 - rate); in evaluation it is the identity.
class DropoutOp final : public ElementwiseOp {
  public:
    explicit DropoutOp(float rate) : rate_(rate) {}
    void forward(OpInputs in, Tensor& out, OpContext& ctx) override {
        training_ = ctx.training && rate_ > 0.0f;
        if (!training_) {
            assignByRows(*in[0], out, [](const auto& x) { return x; });
            return;
        }
        fillMask(in[0]->rows(), in[0]->cols(), *ctx.rng);
        out = in[0]->cwiseProduct(mask_);
    }
    void backward(OpInputs, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (!gi[0])
            return;
        if (training_)
            *gi[0] = g.cwiseProduct(mask_);
        else
            *gi[0] = g;
    }

  private:
    /// Each 64-bit draw gives four 16-bit uniforms; an element is dropped when its
    /// uniform is below rate * 65536 (the rate is thus quantized to 1/65536).
    void fillMask(Index rows, Index cols, Rng& rng) {
        const float scale = 1.0f / (1.0f - rate_);
        const auto threshold = static_cast<std::uint32_t>(rate_ * 65536.0f);
        mask_.resize(rows, cols);
        float* mask = mask_.data();
        for (Index i = 0; i < mask_.size(); i += 4) {
            std::uint64_t bits = rng.next();
            for (Index k = i; k < std::min(i + 4, mask_.size()); ++k, bits >>= 16)
                mask[k] = (bits & 0xffffu) >= threshold ? scale : 0.0f;
        }
    }

    float rate_;
    bool training_ = false;
    Tensor mask_;
};

/// Values are stored flat already (NOTE [Tensor layout]); Flatten drops the sample dims.
class FlattenOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        return Shape{in[0].shape.rows, in[0].shape.cols, {}};
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        assignByRows(*in[0], out, [](const auto& x) { return x; });
    }
    void backward(OpInputs, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (gi[0])
            *gi[0] = g;
    }
};

template <typename T> std::unique_ptr<Op> make(const nlohmann::json&) {
    return std::make_unique<T>();
}

std::unique_ptr<Op> makeLeakyRelu(const nlohmann::json& a) {
    const double alpha = numberAttribute(a, "alpha", 0.01);
    if (alpha < 0.0 || alpha >= 1.0)
        throw AttributeError("LeakyReLU alpha must be in [0, 1)");
    return std::make_unique<LeakyReluOp>(static_cast<float>(alpha));
}

std::unique_ptr<Op> makeDropout(const nlohmann::json& a) {
    const double rate = numberAttribute(a, "rate", 0.5);
    if (rate < 0.0 || rate >= 1.0)
        throw AttributeError("Dropout rate must be in [0, 1), got " + std::to_string(rate));
    return std::make_unique<DropoutOp>(static_cast<float>(rate));
}

} // namespace

void registerActivationOps(std::vector<OpInfo>& table) {
    const auto add =
        [&](const char* kind, const char* category, const char* summary, nlohmann::json defaults,
            std::function<std::unique_ptr<Op>(const nlohmann::json&)> create, OpTraits traits) {
            table.push_back({kind,
                             category,
                             summary,
                             {"x"},
                             false,
                             false,
                             SourceKind::None,
                             std::move(defaults),
                             std::move(create),
                             std::move(traits)});
        };
    const auto none = nlohmann::json::object();
    const auto elementwise = [](std::string torch, std::string onnx) {
        OpTraits t;
        t.elementwise = true;
        t.preservesUnits = true;
        t.torch.module = std::move(torch);
        t.onnx.recipe = std::move(onnx);
        return t;
    };

    OpTraits sigmoid = elementwise("nn.Sigmoid()", "Sigmoid(x)");
    sigmoid.health = {ActivationFamily::Saturating, 0.0f, 1.0f, 0.0f, {}};
    add("Sigmoid", "Activations", "1 / (1 + e^-x), elementwise", none, make<SigmoidOp>, sigmoid);

    OpTraits relu = elementwise("nn.ReLU()", "Relu(x)");
    relu.kinksAt = {0.0f};
    relu.health = {ActivationFamily::Rectifier, 0.0f, 0.0f, 0.0f, "0"};
    add("ReLU", "Activations", "max(0, x), elementwise", none, make<ReluOp>, relu);

    OpTraits tanh = elementwise("nn.Tanh()", "Tanh(x)");
    tanh.health = {ActivationFamily::Saturating, -1.0f, 1.0f, 0.0f, {}};
    add("Tanh", "Activations", "tanh(x), elementwise", none, make<TanhOp>, tanh);

    OpTraits leaky = elementwise("nn.LeakyReLU({alpha})", "LeakyRelu(x)[alpha=$alpha]");
    leaky.kinksAt = {0.0f};
    add("LeakyReLU", "Activations", "x if x > 0 else alpha x", {{"alpha", 0.01}}, makeLeakyRelu,
        leaky);

    OpTraits softmax;
    softmax.preservesUnits = true;
    softmax.chainRules = {{"{du} = s ⊙ ({dv} − rowsum({dv} ⊙ s)), s = {v}", -1, true, false}};
    softmax.torch.module = "nn.Softmax(dim=1)";
    softmax.onnx.recipe = "Softmax(x)[axis=1]";
    add("Softmax", "Activations", "Row-wise softmax: each row sums to 1", none, make<SoftmaxOp>,
        softmax);

    add("Dropout", "Layers",
        "Zeroes a share `rate` of values while training (identity when evaluating)",
        {{"rate", 0.5}}, makeDropout, elementwise("nn.Dropout(p={rate})", "Identity(x)"));

    OpTraits flatten;
    flatten.torch.module = "nn.Flatten()";
    flatten.onnx.recipe = "Flatten(x)[axis=1]";
    flatten.onnx.keepsImages = true;
    add("Flatten", "Layers", "N x h x w -> N x (h*w)", none, make<FlattenOp>, flatten);
}

} // namespace miniflow
