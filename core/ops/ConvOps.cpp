/// Conv2D: a 2-D convolution (cross-correlation, as PyTorch's nn.Conv2d and
/// ONNX Conv) over C x H x W image rows (NOTE [Image layout]), by im2col and
/// one matrix product per sample and group (NOTE [Im2col]) through the same
/// Eigen/BLAS product as Linear, samples split over the threads. Attributes as
/// in the conv contract (CONV_CONTRACT.md): outChannels, kernelH, kernelW,
/// strideH, strideW, padding ("valid" | "same" | "explicit" with padH, padW),
/// dilationH, dilationW, groups.
#include "ops/OpRegistry.h"

#include "tensor/Im2Col.h"
#include "tensor/ParallelRanges.h"

#include <Eigen/Core>

#include <algorithm>

namespace miniflow {

namespace {

using MatrixMap = Eigen::Map<Tensor>;
using ConstMatrixMap = Eigen::Map<const Tensor>;

/// A whole-number attribute >= minimum (padding may be 0; the rest at least 1).
Index countAttribute(const nlohmann::json& a, const std::string& key, Index fallback,
                     Index minimum) {
    const auto it = a.find(key);
    if (it == a.end())
        return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < minimum ||
        it->get<std::int64_t>() > (1 << 24))
        throw AttributeError("Conv2D attribute \"" + key + "\" must be a whole number from " +
                             std::to_string(minimum) + " to 16777216");
    return it->get<Index>();
}

std::string describe(const InputShape& in) {
    return in.producer + " (" + toString(in.shape) + ")";
}

enum class Padding { Valid, Same, Explicit };

/// The attributes of one Conv2D node, validated.
struct ConvSettings {
    Index outChannels = 8, kernelH = 3, kernelW = 3, strideH = 1, strideW = 1;
    Padding padding = Padding::Valid;
    Index padH = 0, padW = 0, dilationH = 1, dilationW = 1, groups = 1;

    explicit ConvSettings(const nlohmann::json& a) {
        outChannels = countAttribute(a, "outChannels", outChannels, 1);
        kernelH = countAttribute(a, "kernelH", kernelH, 1);
        kernelW = countAttribute(a, "kernelW", kernelW, 1);
        strideH = countAttribute(a, "strideH", strideH, 1);
        strideW = countAttribute(a, "strideW", strideW, 1);
        padH = countAttribute(a, "padH", padH, 0);
        padW = countAttribute(a, "padW", padW, 0);
        dilationH = countAttribute(a, "dilationH", dilationH, 1);
        dilationW = countAttribute(a, "dilationW", dilationW, 1);
        groups = countAttribute(a, "groups", groups, 1);
        const std::string mode = stringAttribute(a, "padding", "valid");
        if (mode == "valid")
            padding = Padding::Valid;
        else if (mode == "same")
            padding = Padding::Same;
        else if (mode == "explicit")
            padding = Padding::Explicit;
        else
            throw AttributeError(
                "Conv2D padding must be \"valid\", \"same\" or \"explicit\", not \"" + mode + "\"");
        if (padding == Padding::Same && (strideH != 1 || strideW != 1))
            throw AttributeError("Conv2D padding \"same\" needs stride 1 (as PyTorch), but the "
                                 "stride is " +
                                 std::to_string(strideH) + " x " + std::to_string(strideW) +
                                 " (use \"explicit\" padding with padH, padW)");
        if (outChannels % groups != 0)
            throw AttributeError("Conv2D outChannels " + std::to_string(outChannels) +
                                 " is not divisible by groups " + std::to_string(groups));
    }

    Index effectiveH() const { return dilationH * (kernelH - 1) + 1; }
    Index effectiveW() const { return dilationW * (kernelW - 1) + 1; }

    /// Padding before and after along one axis of `effective` kernel extent.
    std::pair<Index, Index> pads(Index explicitPad, Index effective) const {
        switch (padding) {
        case Padding::Valid:
            return {0, 0};
        case Padding::Same: // ONNX SAME_UPPER / PyTorch 'same': the odd one goes
                            // after
            return {(effective - 1) / 2, effective - 1 - (effective - 1) / 2};
        case Padding::Explicit:
            break;
        }
        return {explicitPad, explicitPad};
    }

    /// The geometry over `image` ({C, H, W}); throws ShapeError when the kernel
    /// does not fit.
    ConvGeometry geometry(const InputShape& image) const {
        ConvGeometry g;
        g.channels = image.shape.sampleDims[0];
        g.height = image.shape.sampleDims[1];
        g.width = image.shape.sampleDims[2];
        g.kernelH = kernelH;
        g.kernelW = kernelW;
        g.strideH = strideH;
        g.strideW = strideW;
        g.dilationH = dilationH;
        g.dilationW = dilationW;
        const auto [top, bottom] = pads(padH, effectiveH());
        const auto [left, right] = pads(padW, effectiveW());
        g.padTop = top;
        g.padLeft = left;
        const Index paddedH = g.height + top + bottom, paddedW = g.width + left + right;
        if (effectiveH() > paddedH || effectiveW() > paddedW)
            throw ShapeError("Conv2D's " + std::to_string(kernelH) + "x" + std::to_string(kernelW) +
                             " kernel (" + std::to_string(effectiveH()) + "x" +
                             std::to_string(effectiveW()) + " with dilation) is larger than the " +
                             std::to_string(paddedH) + "x" + std::to_string(paddedW) +
                             " padded input of " + describe(image) +
                             " (use a smaller kernel or dilation, or more padding)");
        g.outH = (paddedH - effectiveH()) / strideH + 1;
        g.outW = (paddedW - effectiveW()) / strideW + 1;
        return g;
    }
};

class Conv2DOp final : public Op {
  public:
    explicit Conv2DOp(const nlohmann::json& attributes) : settings_(attributes) {}

    /// x: N x C*H*W with sampleDims {C, H, W}; W: outChannels x
    /// (C/groups)*kernelH*kernelW; b: 1 x outChannels. Output N x
    /// outChannels*Ho*Wo, sampleDims {outChannels, Ho, Wo}.
    Shape inferShape(std::span<const InputShape> in) const override {
        const InputShape& x = in[0];
        if (!x.shape.isImage())
            throw ShapeError("Conv2D needs image rows C x H x W, but " + describe(x) +
                             (x.shape.isFlat() ? " is flat" : " does not have 3 sample dims") +
                             " (give the Input sampleDims such as [1, 28, 28], or insert a "
                             "Reshape)");
        const Index channels = x.shape.sampleDims[0];
        if (channels % settings_.groups != 0)
            throw ShapeError("Conv2D's groups " + std::to_string(settings_.groups) +
                             " do not divide the " + std::to_string(channels) +
                             " input channels of " + describe(x));
        const ConvGeometry g = settings_.geometry(x);
        const Index patch = channels / settings_.groups * settings_.kernelH * settings_.kernelW;
        const Shape& w = in[1].shape;
        if (w.isBatched() || w.rows != settings_.outChannels || w.cols != patch)
            throw ShapeError(
                "Conv2D's weights must be " + std::to_string(settings_.outChannels) + " x " +
                std::to_string(patch) +
                " (outChannels x C/groups*kernelH*kernelW = " + std::to_string(channels) + "/" +
                std::to_string(settings_.groups) + "*" + std::to_string(settings_.kernelH) + "*" +
                std::to_string(settings_.kernelW) + " for " + describe(x) + "), but " +
                describe(in[1]) + " is not (make " + in[1].producer + " " +
                std::to_string(settings_.outChannels) + " x " + std::to_string(patch) + ")");
        const Shape& b = in[2].shape;
        if (b.isBatched() || b.rows != 1 || b.cols != settings_.outChannels)
            throw ShapeError("Conv2D's bias must be 1 x " + std::to_string(settings_.outChannels) +
                             " (one per output channel of " + describe(in[1]) + "), but " +
                             describe(in[2]) + " is not");
        return Shape{x.shape.rows,
                     settings_.outChannels * g.positions(),
                     {settings_.outChannels, g.outH, g.outW}};
    }

    void setInputShapes(std::span<const InputShape> in) override {
        geometry_ = settings_.geometry(in[0]);
        chunk_ = std::max<Index>(1, kChunkColumns / geometry_.positions());
        known_ = true;
    }

    /// Per chunk of samples and group: Y[g] (Cout/g x S*Ho*Wo) = W[g] .
    /// im2col(x_chunk)[g], then + b while copying each sample's Cout x Ho*Wo
    /// block into its row (NOTE [Im2col]).
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        requireGeometry(*in[0]);
        const Tensor& x = *in[0];
        const Tensor& w = *in[1];
        const Tensor& b = *in[2];
        const Index positions = geometry_.positions(), channels = settings_.outChannels;
        out.resize(x.rows(), channels * positions);
        reserveThreads();
        forThreadRanges(x.rows(), work(), [&](int thread, Index begin, Index end) {
            for (Index first = begin; first < end; first += chunk_) {
                const Index count = std::min(chunk_, end - first), width = count * positions;
                const MatrixMap col = im2colChunk(x, first, count, thread);
                MatrixMap y(scratch(outputs_, thread, channels, chunk_ * positions).data(),
                            channels, width);
                groupProducts(w, col, y);
                for (Index s = 0; s < count; ++s) {
                    MatrixMap row(out.row(first + s).data(), channels, positions);
                    row = y.middleCols(s * positions, positions);
                    row.colwise() += b.row(0).transpose();
                }
            }
        });
    }

    /// Per chunk: ∂L/∂W[g] += ∂L/∂Y[g] . im2col(x)[g]ᵀ (the correlation of the
    /// input with ∂L/∂Y); ∂L/∂x = col2im(W[g]ᵀ . ∂L/∂Y[g]) (the full convolution
    /// with the flipped kernels); ∂L/∂b = ∂L/∂Y summed over samples and
    /// positions, per channel.
    void backward(OpInputs in, const Tensor&, const Tensor& gradOut, OpGradients gradIn,
                  const OpContext&) override {
        requireGeometry(*in[0]);
        const Tensor& x = *in[0];
        const Tensor& w = *in[1];
        const Index positions = geometry_.positions(), channels = settings_.outChannels;
        const Index groupOut = channels / settings_.groups, groupPatch = w.cols(), rows = x.rows();
        Tensor* gx = gradIn[0];
        Tensor* gw = gradIn[1];
        if (gx)
            gx->resize(rows, geometry_.imageSize());
        reserveThreads();
        const int threads = static_cast<int>(weightGrads_.size());
        if (gw)
            for (int t = 0; t < threads; ++t)
                scratch(weightGrads_, t, w.rows(), w.cols()).setZero();
        if (gx || gw)
            forThreadRanges(rows, work(), [&](int thread, Index begin, Index end) {
                for (Index first = begin; first < end; first += chunk_) {
                    const Index count = std::min(chunk_, end - first), width = count * positions;
                    MatrixMap dy(scratch(outputs_, thread, channels, chunk_ * positions).data(),
                                 channels, width);
                    for (Index s = 0; s < count; ++s)
                        dy.middleCols(s * positions, positions) =
                            ConstMatrixMap(gradOut.row(first + s).data(), channels, positions);
                    if (gw) {
                        const MatrixMap col = im2colChunk(x, first, count, thread);
                        Tensor& part = weightGrads_[static_cast<size_t>(thread)];
                        for (Index k = 0; k < settings_.groups; ++k)
                            part.middleRows(k * groupOut, groupOut).noalias() +=
                                dy.middleRows(k * groupOut, groupOut) *
                                col.middleRows(k * groupPatch, groupPatch).transpose();
                    }
                    if (gx) {
                        Tensor& buffer =
                            scratch(cols_, thread, geometry_.patchSize(), chunk_ * positions);
                        MatrixMap dcol(buffer.data(), geometry_.patchSize(), width);
                        for (Index k = 0; k < settings_.groups; ++k)
                            dcol.middleRows(k * groupPatch, groupPatch).noalias() =
                                w.middleRows(k * groupOut, groupOut).transpose() *
                                dy.middleRows(k * groupOut, groupOut);
                        for (Index s = 0; s < count; ++s)
                            col2im(geometry_, dcol.data() + s * positions, width,
                                   gx->row(first + s).data());
                    }
                }
            });
        if (gw) {
            *gw = weightGrads_[0];
            for (int t = 1; t < threads; ++t)
                *gw += weightGrads_[static_cast<size_t>(t)];
        }
        if (gradIn[2]) {
            // gradOut viewed as (N*Cout) x positions: row sums, then summed over
            // samples.
            channelSums_.resize(rows * channels);
            channelSums_.noalias() =
                ConstMatrixMap(gradOut.data(), rows * channels, positions).rowwise().sum();
            *gradIn[2] =
                Eigen::Map<const Tensor>(channelSums_.data(), rows, channels).colwise().sum();
        }
    }

  private:
    /// Multiply-adds per sample: how much work one row is (threads split from
    /// kParallelElements).
    Index work() const {
        return settings_.outChannels / settings_.groups * geometry_.patchSize() *
               geometry_.positions();
    }

    void requireGeometry(const Tensor& x) const {
        if (!known_ || x.cols() != geometry_.imageSize())
            throw RunError("Conv2D was run on " + std::to_string(x.cols()) +
                           " columns before being told its C x H x W input "
                           "(Op::setInputShapes)");
    }

    /// The im2col matrix of samples first..first+count side by side (patchSize()
    /// x count*positions()), in thread `thread`'s buffer.
    MatrixMap im2colChunk(const Tensor& x, Index first, Index count, int thread) {
        const Index positions = geometry_.positions(), width = count * positions;
        Tensor& buffer = scratch(cols_, thread, geometry_.patchSize(), chunk_ * positions);
        for (Index s = 0; s < count; ++s)
            im2col(geometry_, x.row(first + s).data(), buffer.data() + s * positions, width);
        return MatrixMap(buffer.data(), geometry_.patchSize(), width);
    }

    /// y[g] = W[g] . col[g] for every group g.
    void groupProducts(const Tensor& w, const MatrixMap& col, MatrixMap& y) const {
        const Index groupOut = settings_.outChannels / settings_.groups, groupPatch = w.cols();
        for (Index k = 0; k < settings_.groups; ++k)
            y.middleRows(k * groupOut, groupOut).noalias() =
                w.middleRows(k * groupOut, groupOut) * col.middleRows(k * groupPatch, groupPatch);
    }

    /// Called before a parallel region: one buffer per thread it may use.
    void reserveThreads() {
        const auto threads = static_cast<size_t>(std::max(1, Eigen::nbThreads()));
        if (cols_.size() < threads) {
            cols_.resize(threads);
            outputs_.resize(threads);
            weightGrads_.resize(threads);
        }
    }

    /// Thread t's buffer in `buffers`, rows x cols; allocates only on first use
    /// or a new size.
    static Tensor& scratch(std::vector<Tensor>& buffers, int thread, Index rows, Index cols) {
        Tensor& t = buffers[static_cast<size_t>(thread)];
        if (t.rows() != rows || t.cols() != cols)
            t.resize(rows, cols);
        return t;
    }

    ConvSettings settings_;
    ConvGeometry geometry_;
    bool known_ = false;
    /// Samples per matrix product: small images go several at a time, so that the
    /// products are wide enough to run at the GEMM's speed (LeNet's second conv
    /// has 8x8 = 64 positions).
    static constexpr Index kChunkColumns = 1024;
    Index chunk_ = 1;
    /// Per thread: im2col matrices (also ∂L/∂col for the input gradient), a
    /// chunk's outputs (or ∂L/∂Y), and ∂L/∂W parts.
    std::vector<Tensor> cols_;
    std::vector<Tensor> outputs_;
    std::vector<Tensor> weightGrads_;
    Eigen::VectorXf channelSums_;
};

} // namespace

void registerConvOps(std::vector<OpInfo>& table) {
    OpTraits t;
    t.shapeHint = "give the Input image sampleDims C x H x W, and make W outChannels x "
                  "C/groups*kernelH*kernelW and b 1 x outChannels (the Conv layer palette item "
                  "wires them)";
    t.chainRules = {
        {"{du} = the full convolution of {dv} with {1}'s kernels flipped: each input pixel "
         "collects {dv} · W over every window position that read it",
         -1, false, false},
        {"{du} = the correlation of {0} with {dv}: each kernel weight sums input × {dv} over "
         "every window position and sample",
         -1, false, false},
        {"{du} = {dv} summed over samples and positions, per output channel", -1, false, false}};
    // NOTE [Multiply-adds]: every output value (Cout*Ho*Wo per sample) sums one window of
    // W's columns (C/groups*kH*kW) products.
    t.multiplyAdds = [](std::span<const Shape> in, const Shape& out) -> std::int64_t {
        if (in.size() < 2)
            return 0;
        return static_cast<std::int64_t>(out.cols) * in[1].cols;
    };
    // Export (NOTE [Export templates]): outside MiniFlow W is Cout x C/g x kH x kW and b a
    // vector; nn.Conv2d shares both Parameters, ONNX Conv spells the padding as pads or
    // auto_pad SAME_UPPER, and import reads outChannels and the kernel back from W's dims.
    t.torch.module = "nn.Conv2d({0.C}, {outChannels}, ({kernelH}, {kernelW}), stride=({strideH}, "
                     "{strideW}), padding={padding?valid:0|same:'same'|*:({padH}, {padW})}, "
                     "dilation=({dilationH}, {dilationW}), groups={groups})";
    t.torch.expression = "{module}({0.image}).flatten(1)";
    t.torch.moduleInputs = {"", "weight", "bias"};
    t.parameterDims = {"", "{outChannels}, -1, {kernelH}, {kernelW}", "-1"};
    // 'same' (stride 1) exports as its pads, d*(k-1) split with the odd one after, computed
    // by "(...)" list items (OnnxExport.cpp evaluate): onnxruntime refuses auto_pad SAME_UPPER
    // with dilation. Symmetric pads import as explicit; SAME_UPPER files through importAlso.
    const std::string conv =
        "Conv(x0, x1, x2)[kernel_shape=[$kernelH, $kernelW], strides=[$strideH, "
        "$strideW]~[1, 1], dilations=[$dilationH, $dilationW]~[1, 1], "
        "group=$groups:int~1, {padding?valid:auto_pad='NOTSET'~'NOTSET', pads=[0, 0, "
        "0, 0]~[0, 0, 0, 0]|";
    const std::string explicitPads =
        "explicit:auto_pad="
        "'NOTSET'~'NOTSET', pads=[$padH, $padW, $padH, $padW]~[0, 0, 0, 0]}]";
    const std::string before = "($dilationH*($kernelH-1))/2",
                      beforeW = "($dilationW*($kernelW-1))/2";
    t.onnx.recipe = conv + explicitPads.substr(0, explicitPads.size() - 2) +
                    "|same:auto_pad='NOTSET'~'NOTSET', pads=[" + before + ", " + beforeW +
                    ", ($dilationH*($kernelH-1)-" + before + "), ($dilationW*($kernelW-1)-" +
                    beforeW + ")]~[0, 0, 0, 0]}]";
    t.onnx.importAlso = {conv + "same:auto_pad='SAME_UPPER'~'NOTSET'|" + explicitPads};
    t.onnx.keepsImages = true;
    // Conv2D has no "units": outChannels is W's rows and b's columns, which shape repair
    // (NOTE [Shape repair]) resizes together; unitsWeightPort (Linear's W columns) stays -1.
    table.push_back({"Conv2D",
                     "Layers",
                     "2-D convolution of C x H x W images: W outChannels x C/groups*kH*kW, "
                     "b 1 x outChannels",
                     {"x", "W", "b"},
                     false,
                     false,
                     SourceKind::None,
                     {{"outChannels", 8},
                      {"kernelH", 3},
                      {"kernelW", 3},
                      {"strideH", 1},
                      {"strideW", 1},
                      {"padding", "valid"},
                      {"padH", 0},
                      {"padW", 0},
                      {"dilationH", 1},
                      {"dilationW", 1},
                      {"groups", 1}},
                     [](const nlohmann::json& a) { return std::make_unique<Conv2DOp>(a); },
                     std::move(t)});
}

} // namespace miniflow
