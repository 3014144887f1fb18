/// BatchNorm: out = scale ⊙ (x - μ) / √(σ² + ε) + shift, per channel for images (statistics
/// over the batch and every position of the channel, PyTorch's BatchNorm2d) and per feature
/// for flat rows (BatchNorm1d). Training: μ, σ² are the batch's (σ² biased, divided by the
/// count) and the running statistics on the mean and variance ports move towards them
/// (NOTE [Op state]); evaluation: the running statistics.
#include "ops/OpRegistry.h"

#include "tensor/ParallelRanges.h"

#include <cmath>

namespace miniflow {

namespace {

enum Port { kX = 0, kScale = 1, kShift = 2, kMean = 3, kVariance = 4 };

/// Channels of a shape: C of an image's {C, H, W}, else every column is a feature.
Index channelsOf(const Shape& shape) {
    return shape.sampleDims.size() >= 2 ? shape.sampleDims.front() : shape.cols;
}

std::string describe(const InputShape& in) {
    return toString(in.shape) + " (from \"" + in.producer + "\")";
}

class BatchNormOp final : public Op {
  public:
    BatchNormOp(float momentum, float epsilon) : momentum_(momentum), epsilon_(epsilon) {}

    /// x: N x C*H*W with sampleDims {C, H, W}, or N x C flat; the other four: 1 x C.
    Shape inferShape(std::span<const InputShape> in) const override {
        const Shape& x = in[kX].shape;
        if (!x.isBatched())
            throw ShapeError("BatchNorm normalizes a batch, but its x " + describe(in[kX]) +
                             " is not one row per sample");
        const Index channels = channelsOf(x);
        static const char* const names[] = {"x", "scale", "shift", "mean", "variance"};
        for (int port = kScale; port <= kVariance; ++port) {
            const Shape& s = in[static_cast<size_t>(port)].shape;
            if (s.isBatched() || s.rows != 1 || s.cols != channels)
                throw ShapeError(std::string("BatchNorm's ") + names[port] + " must be 1 x " +
                                 std::to_string(channels) + ", one per " +
                                 (x.sampleDims.size() >= 2 ? "channel" : "feature") + " of x " +
                                 describe(in[kX]) + ", but " +
                                 describe(in[static_cast<size_t>(port)]) + " is not");
        }
        return x;
    }

    void forward(OpInputs in, Tensor& out, OpContext& ctx) override {
        const Tensor& x = *in[kX];
        channels_ = in[kScale]->cols();
        positions_ = channels_ > 0 ? x.cols() / channels_ : 0;
        training_ = ctx.training;
        const Index count = x.rows() * positions_; // values per channel
        mean_.resize(channels_);
        invStd_.resize(channels_);
        if (training_) {
            if (count < 2)
                throw RunError("BatchNorm needs more than one value per channel to normalize a "
                               "training batch, but this one has " +
                               std::to_string(count) + " (use a batch of at least 2 samples)");
            batchStatistics(x, count);
            if (!ctx.state.empty())
                updateRunning(ctx.state, count);
        } else {
            for (Index c = 0; c < channels_; ++c) {
                mean_[c] = (*in[kMean])(0, c);
                invStd_[c] = 1.0f / std::sqrt((*in[kVariance])(0, c) + epsilon_);
            }
        }
        normalize(x, *in[kScale], *in[kShift], out);
    }

    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        // Per channel: Σ g and Σ g x̂ (the shift's and the scale's gradients).
        sumG_.assign(static_cast<size_t>(channels_), 0.0);
        sumGXhat_.assign(static_cast<size_t>(channels_), 0.0);
        for (Index n = 0; n < g.rows(); ++n)
            for (Index c = 0; c < channels_; ++c) {
                const float* gp = g.row(n).data() + c * positions_;
                const float* xp = xhat_.row(n).data() + c * positions_;
                double sg = 0, sgx = 0;
                for (Index s = 0; s < positions_; ++s) {
                    sg += gp[s];
                    sgx += static_cast<double>(gp[s]) * xp[s];
                }
                sumG_[static_cast<size_t>(c)] += sg;
                sumGXhat_[static_cast<size_t>(c)] += sgx;
            }
        if (gi[kShift]) {
            gi[kShift]->resize(1, channels_);
            for (Index c = 0; c < channels_; ++c)
                (*gi[kShift])(0, c) = static_cast<float>(sumG_[static_cast<size_t>(c)]);
        }
        if (gi[kScale]) {
            gi[kScale]->resize(1, channels_);
            for (Index c = 0; c < channels_; ++c)
                (*gi[kScale])(0, c) = static_cast<float>(sumGXhat_[static_cast<size_t>(c)]);
        }
        // The running statistics are state, not inputs of the function being trained.
        for (int port : {kMean, kVariance})
            if (gi[static_cast<size_t>(port)])
                gi[static_cast<size_t>(port)]->setZero(1, channels_);
        if (gi[kX])
            inputGradient(*in[kScale], g, *gi[kX]);
    }

  private:
    /// μ and 1/√(σ² + ε) of the batch, with σ² biased (divided by `count`), in double.
    void batchStatistics(const Tensor& x, Index count) {
        batchVariance_.resize(channels_);
        for (Index c = 0; c < channels_; ++c) {
            double sum = 0;
            for (Index n = 0; n < x.rows(); ++n) {
                const float* p = x.row(n).data() + c * positions_;
                for (Index s = 0; s < positions_; ++s)
                    sum += p[s];
            }
            const double mean = sum / static_cast<double>(count);
            double squares = 0;
            for (Index n = 0; n < x.rows(); ++n) {
                const float* p = x.row(n).data() + c * positions_;
                for (Index s = 0; s < positions_; ++s)
                    squares += (p[s] - mean) * (p[s] - mean);
            }
            const double variance = squares / static_cast<double>(count);
            mean_[c] = static_cast<float>(mean);
            batchVariance_[c] = variance;
            invStd_[c] = static_cast<float>(1.0 / std::sqrt(variance + epsilon_));
        }
    }

    /// PyTorch's rule: running = (1 - m) running + m batch, the variance unbiased
    /// (σ² count / (count - 1)) for the running update.
    void updateRunning(std::span<Tensor* const> state, Index count) {
        Tensor& mean = *state[0];
        Tensor& variance = *state[1];
        const double unbiased = static_cast<double>(count) / static_cast<double>(count - 1);
        for (Index c = 0; c < channels_; ++c) {
            mean(0, c) = (1.0f - momentum_) * mean(0, c) + momentum_ * mean_[c];
            variance(0, c) = (1.0f - momentum_) * variance(0, c) +
                             momentum_ * static_cast<float>(batchVariance_[c] * unbiased);
        }
    }

    /// x̂ = (x - μ) / √(σ² + ε) kept for backward; out = scale x̂ + shift.
    void normalize(const Tensor& x, const Tensor& scale, const Tensor& shift, Tensor& out) {
        xhat_.resize(x.rows(), x.cols());
        out.resize(x.rows(), x.cols());
        forRanges(x.rows(), x.cols(), [&](Index begin, Index end) {
            for (Index n = begin; n < end; ++n)
                for (Index c = 0; c < channels_; ++c) {
                    const float mu = mean_[c], inv = invStd_[c], a = scale(0, c), b = shift(0, c);
                    const float* xp = x.row(n).data() + c * positions_;
                    float* hp = xhat_.row(n).data() + c * positions_;
                    float* op = out.row(n).data() + c * positions_;
                    for (Index s = 0; s < positions_; ++s) {
                        hp[s] = (xp[s] - mu) * inv;
                        op[s] = a * hp[s] + b;
                    }
                }
        });
    }

    /// Training: ∂L/∂x = scale / (M √(σ² + ε)) · (M g - Σ g - x̂ Σ g x̂), sums per channel over
    /// its M values (the batch statistics depend on x). Evaluation: scale g / √(σ² + ε).
    void inputGradient(const Tensor& scale, const Tensor& g, Tensor& dx) {
        dx.resize(g.rows(), g.cols());
        const auto count = static_cast<double>(g.rows() * positions_);
        const bool training = training_;
        forRanges(g.rows(), g.cols(), [&](Index begin, Index end) {
            for (Index n = begin; n < end; ++n)
                for (Index c = 0; c < channels_; ++c) {
                    const auto k = static_cast<size_t>(c);
                    const float factor = scale(0, c) * invStd_[c];
                    const float meanG = training ? static_cast<float>(sumG_[k] / count) : 0.0f;
                    const float meanGXhat =
                        training ? static_cast<float>(sumGXhat_[k] / count) : 0.0f;
                    const float* gp = g.row(n).data() + c * positions_;
                    const float* hp = xhat_.row(n).data() + c * positions_;
                    float* dp = dx.row(n).data() + c * positions_;
                    for (Index s = 0; s < positions_; ++s)
                        dp[s] = factor * (gp[s] - meanG - hp[s] * meanGXhat);
                }
        });
    }

    float momentum_, epsilon_;
    bool training_ = true;
    Index channels_ = 0, positions_ = 0; ///< C, and H*W per channel (1 for flat rows)
    RowVector mean_, invStd_;            ///< per channel, of the last forward
    Eigen::VectorXd batchVariance_;      ///< per channel, biased, of the last training forward
    Tensor xhat_;                        ///< the normalized input of the last forward
    std::vector<double> sumG_, sumGXhat_;
};

std::unique_ptr<Op> makeBatchNorm(const nlohmann::json& a) {
    const double momentum = numberAttribute(a, "momentum", 0.1);
    if (momentum < 0 || momentum > 1)
        throw AttributeError("momentum must be between 0 and 1 (PyTorch's convention: the share "
                             "of the batch statistics in the running ones; 0.1 by default), not " +
                             std::to_string(momentum));
    const double epsilon = numberAttribute(a, "epsilon", 1e-5);
    if (!(epsilon > 0))
        throw AttributeError("epsilon must be > 0 (it keeps the division finite), not " +
                             std::to_string(epsilon));
    return std::make_unique<BatchNormOp>(static_cast<float>(momentum), static_cast<float>(epsilon));
}

} // namespace

void registerBatchNormOp(std::vector<OpInfo>& table) {
    OpTraits t;
    t.statePorts = {kMean, kVariance};
    t.shapeHint = "give scale, shift, mean and variance one column per channel of x (the "
                  "\"BatchNorm layer\" palette entry wires them)";
    const std::string perChannel = "per channel, over the batch and every position";
    t.chainRules = {
        {"{du} = scale / √(σ² + ε) · ({dv} − mean of {dv} − x̂ · mean of ({dv} ⊙ x̂)), the means " +
             perChannel +
             " (the batch statistics depend on {u}; in evaluation only the first "
             "term, scale {dv} / √(σ² + ε))",
         -1, false, false},
        {"{du} = ({dv} ⊙ x̂) summed " + perChannel + ", x̂ = (x − μ) / √(σ² + ε)", -1, false, false},
        {"{du} = {dv} summed " + perChannel, -1, false, false},
        {"no gradient: {u} is the running mean, which BatchNorm updates itself in training "
         "steps",
         -1, false, false},
        {"no gradient: {u} is the running variance, which BatchNorm updates itself in training "
         "steps",
         -1, false, false}};
    // Export (NOTE [Export templates]): nn.BatchNorm2d on images, nn.BatchNorm1d on rows,
    // sharing scale, shift and the running statistics (buffers: trainable=false), which it
    // updates in place in training. ONNX's inputs are ours in order (X, scale, B,
    // input_mean, input_var); its momentum is 1 - ours (it matters only in training mode).
    t.torch.module = "{0.kind?image:nn.BatchNorm2d({0.C}|*:nn.BatchNorm1d({0.F}}, "
                     "eps={epsilon}, momentum={momentum})";
    t.torch.expression = "{0.kind?image:{module}({0.image}).flatten(1)|*:{module}({0})}";
    t.torch.moduleInputs = {"", "weight", "bias", "running_mean", "running_var"};
    t.parameterDims = {"", "-1", "-1", "-1", "-1"};
    t.onnx.recipe = "BatchNormalization(x0, x1, x2, x3, x4)[epsilon=$epsilon~1e-05, "
                    "momentum=$momentum:oneminus~0.9]";
    t.onnx.keepsImages = true;
    table.push_back({"BatchNorm",
                     "Layers",
                     "Normalizes each channel (images) or feature over the batch, then scale ⊙ "
                     "x̂ + shift; running statistics in evaluation",
                     {"x", "scale", "shift", "mean", "variance"},
                     false,
                     false,
                     SourceKind::None,
                     {{"momentum", 0.1}, {"epsilon", 1e-5}},
                     makeBatchNorm,
                     std::move(t)});
}

} // namespace miniflow
