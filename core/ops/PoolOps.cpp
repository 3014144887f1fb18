/// MaxPool2D, AvgPool2D (windows of kernelH x kernelW moved by strideH, strideW over an input
/// padded by padH, padW on each side) and GlobalAvgPool (the mean of each channel), on image
/// rows N x C*H*W (NOTE [Image layout]). Padding is never a candidate for a maximum and never
/// counts in an average (PyTorch count_include_pad=False, ONNX's default).
#include "ops/OpRegistry.h"

#include "tensor/ParallelRanges.h"

#include <cmath>
#include <cstdint>
#include <limits>

namespace miniflow {

namespace {

/// One image sample's dims, C x H x W.
struct ImageDims {
    Index c = 0, h = 0, w = 0;
    Index size() const { return c * h * w; }
    std::string text() const {
        return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
    }
};

/// The input's C x H x W; throws ShapeError when it is not an image.
ImageDims imageOf(const InputShape& in, const std::string& opName) {
    const std::vector<Index>& d = in.shape.sampleDims;
    if (d.size() != 3)
        throw ShapeError(opName + " expects images (C x H x W) but node '" + in.producer +
                         "' gives " + toString(in.shape) +
                         " (insert a Reshape to C x H x W, e.g. \"1x28x28\")");
    return {d[0], d[1], d[2]};
}

/// A non-negative integer attribute (paddings); throws AttributeError.
Index countAttribute(const nlohmann::json& a, const std::string& key, Index fallback) {
    const auto it = a.find(key);
    if (it == a.end())
        return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > (1 << 24))
        throw AttributeError("attribute \"" + key +
                             "\" must be an integer from 0 to 16777216, not " + it->dump());
    return it->get<Index>();
}

/// The window geometry shared by MaxPool2D and AvgPool2D.
struct Window {
    Index kernelH = 2, kernelW = 2, strideH = 2, strideW = 2, padH = 0, padW = 0;

    static Window from(const nlohmann::json& a, const std::string& opName) {
        Window g;
        g.kernelH = sizeAttribute(a, "kernelH", 2);
        g.kernelW = sizeAttribute(a, "kernelW", 2);
        g.strideH = sizeAttribute(a, "strideH", 2);
        g.strideW = sizeAttribute(a, "strideW", 2);
        g.padH = countAttribute(a, "padH", 0);
        g.padW = countAttribute(a, "padW", 0);
        // Every window must hold a real pixel (a maximum or a mean of padding alone is
        // undefined); PyTorch asks the same.
        if (2 * g.padH > g.kernelH || 2 * g.padW > g.kernelW)
            throw AttributeError(opName + " padding " + std::to_string(g.padH) + "x" +
                                 std::to_string(g.padW) + " must be at most half the kernel " +
                                 std::to_string(g.kernelH) + "x" + std::to_string(g.kernelW) +
                                 " (lower padH/padW or enlarge the kernel)");
        return g;
    }

    /// The output dims for an input of `in`; throws ShapeError naming both.
    ImageDims outputFor(const ImageDims& in, const InputShape& input,
                        const std::string& opName) const {
        if (in.h + 2 * padH < kernelH || in.w + 2 * padW < kernelW)
            throw ShapeError(
                opName + " kernel " + std::to_string(kernelH) + "x" + std::to_string(kernelW) +
                " is larger than the input " + in.text() + " (C x H x W) from node '" +
                input.producer + "'" +
                (padH || padW ? " padded by " + std::to_string(padH) + "x" + std::to_string(padW)
                              : std::string()) +
                " (use a smaller kernel or pool an earlier, larger map)");
        return {in.c, (in.h + 2 * padH - kernelH) / strideH + 1,
                (in.w + 2 * padW - kernelW) / strideW + 1};
    }

    /// Output rows [h0, h1) of window oh on the input (padding clipped), likewise columns.
    Index rowBegin(Index oh) const { return std::max<Index>(0, oh * strideH - padH); }
    Index rowEnd(Index oh, Index h) const { return std::min(h, oh * strideH - padH + kernelH); }
    Index colBegin(Index ow) const { return std::max<Index>(0, ow * strideW - padW); }
    Index colEnd(Index ow, Index w) const { return std::min(w, ow * strideW - padW + kernelW); }
};

Shape imageShape(Index rows, const ImageDims& d) {
    return Shape{rows, d.size(), {d.c, d.h, d.w}};
}

/// Shared by the windowed pools: geometry, shape inference, the input dims it was given.
class WindowPoolOp : public Op {
  public:
    WindowPoolOp(Window window, std::string name) : window_(window), name_(std::move(name)) {}
    Shape inferShape(std::span<const InputShape> in) const override {
        return imageShape(in[0].shape.rows, window_.outputFor(imageOf(in[0], name_), in[0], name_));
    }
    void setInputShapes(std::span<const InputShape> in) override {
        in_ = imageOf(in[0], name_);
        out_ = window_.outputFor(in_, in[0], name_);
    }

  protected:
    /// Throws RunError when the rows do not hold the images setInputShapes announced.
    void requireDims(const Tensor& x) const {
        if (in_.size() == 0 || x.cols() != in_.size())
            throw RunError(name_ + " was given rows of " + std::to_string(x.cols()) +
                           " values but expects images " +
                           (in_.size() ? in_.text() : std::string("(no shape set)")) +
                           " (C x H x W): call setInputShapes with the planned shapes");
    }

    Window window_;
    std::string name_;
    ImageDims in_, out_;
};

/// Each output is its window's maximum; argmax_ keeps where it came from (the input column
/// within the sample's row), so backward routes the gradient there. The first of equal
/// maxima wins (as in PyTorch); a NaN wins, so it propagates.
class MaxPoolOp final : public WindowPoolOp {
  public:
    explicit MaxPoolOp(Window window) : WindowPoolOp(window, "MaxPool2D") {}
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const Tensor& x = *in[0];
        requireDims(x);
        const Index n = x.rows(), outCols = out_.size();
        out.resize(n, outCols);
        argmax_.resize(static_cast<size_t>(n * outCols));
        forRanges(n, in_.size(), [&](Index begin, Index end) {
            for (Index s = begin; s < end; ++s)
                poolSample(x.row(s).data(), out.row(s).data(),
                           argmax_.data() + static_cast<size_t>(s * outCols));
        });
    }
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (!gi[0])
            return;
        Tensor& dx = *gi[0];
        const Index n = in[0]->rows(), outCols = out_.size();
        dx.resize(n, in_.size());
        forRanges(n, in_.size(), [&](Index begin, Index end) {
            dx.middleRows(begin, end - begin).setZero();
            for (Index s = begin; s < end; ++s) {
                const std::int32_t* from = argmax_.data() + static_cast<size_t>(s * outCols);
                const float* up = g.row(s).data();
                float* down = dx.row(s).data();
                for (Index o = 0; o < outCols; ++o)
                    down[from[o]] += up[o];
            }
        });
    }

    std::span<const std::int32_t> selections() const override { return argmax_; }

  private:
    void poolSample(const float* x, float* out, std::int32_t* from) const {
        const Window& g = window_;
        for (Index c = 0; c < in_.c; ++c) {
            const float* plane = x + c * in_.h * in_.w;
            for (Index oh = 0; oh < out_.h; ++oh) {
                const Index h0 = g.rowBegin(oh), h1 = g.rowEnd(oh, in_.h);
                for (Index ow = 0; ow < out_.w; ++ow) {
                    const Index w0 = g.colBegin(ow), w1 = g.colEnd(ow, in_.w);
                    Index best = h0 * in_.w + w0;
                    float top = plane[best];
                    for (Index h = h0; h < h1; ++h)
                        for (Index w = w0; w < w1; ++w) {
                            const float v = plane[h * in_.w + w];
                            if (v > top || (std::isnan(v) && !std::isnan(top))) {
                                top = v;
                                best = h * in_.w + w;
                            }
                        }
                    *out++ = top;
                    *from++ = static_cast<std::int32_t>(c * in_.h * in_.w + best);
                }
            }
        }
    }

    std::vector<std::int32_t> argmax_; ///< N x C*Ho*Wo input columns, reused between steps
};

/// Each output is the mean of its window's real pixels (padding not counted).
class AvgPoolOp final : public WindowPoolOp {
  public:
    explicit AvgPoolOp(Window window) : WindowPoolOp(window, "AvgPool2D") {}
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const Tensor& x = *in[0];
        requireDims(x);
        out.resize(x.rows(), out_.size());
        forRanges(x.rows(), in_.size(), [&](Index begin, Index end) {
            for (Index s = begin; s < end; ++s)
                eachWindow([&](Index plane, Index o, Index h0, Index h1, Index w0, Index w1) {
                    const float* p = x.row(s).data() + plane;
                    float sum = 0.0f;
                    for (Index h = h0; h < h1; ++h)
                        for (Index w = w0; w < w1; ++w)
                            sum += p[h * in_.w + w];
                    out(s, o) = sum / static_cast<float>((h1 - h0) * (w1 - w0));
                });
        });
    }
    /// Each window's gradient is shared equally by its real pixels.
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (!gi[0])
            return;
        Tensor& dx = *gi[0];
        dx.resize(in[0]->rows(), in_.size());
        forRanges(dx.rows(), in_.size(), [&](Index begin, Index end) {
            dx.middleRows(begin, end - begin).setZero();
            for (Index s = begin; s < end; ++s)
                eachWindow([&](Index plane, Index o, Index h0, Index h1, Index w0, Index w1) {
                    float* p = dx.row(s).data() + plane;
                    const float share = g(s, o) / static_cast<float>((h1 - h0) * (w1 - w0));
                    for (Index h = h0; h < h1; ++h)
                        for (Index w = w0; w < w1; ++w)
                            p[h * in_.w + w] += share;
                });
        });
    }

  private:
    /// visit(plane offset, output column, h0, h1, w0, w1) for every window of one sample.
    template <typename Visit> void eachWindow(Visit visit) const {
        const Window& g = window_;
        Index o = 0;
        for (Index c = 0; c < in_.c; ++c)
            for (Index oh = 0; oh < out_.h; ++oh)
                for (Index ow = 0; ow < out_.w; ++ow, ++o)
                    visit(c * in_.h * in_.w, o, g.rowBegin(oh), g.rowEnd(oh, in_.h), g.colBegin(ow),
                          g.colEnd(ow, in_.w));
    }
};

/// N x C*H*W -> N x C: the mean of each channel's H x W plane.
class GlobalAvgPoolOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        const ImageDims d = imageOf(in[0], "GlobalAvgPool");
        return imageShape(in[0].shape.rows, {d.c, 1, 1});
    }
    void setInputShapes(std::span<const InputShape> in) override {
        in_ = imageOf(in[0], "GlobalAvgPool");
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const Tensor& x = *in[0];
        if (in_.size() == 0 || x.cols() != in_.size())
            throw RunError("GlobalAvgPool was given rows of " + std::to_string(x.cols()) +
                           " values but expects images " + in_.text() + " (C x H x W)");
        const Index plane = in_.h * in_.w;
        out.resize(x.rows(), in_.c);
        forRanges(x.rows(), in_.size(), [&](Index begin, Index end) {
            for (Index s = begin; s < end; ++s)
                for (Index c = 0; c < in_.c; ++c)
                    out(s, c) = x.row(s).segment(c * plane, plane).mean();
        });
    }
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (!gi[0])
            return;
        Tensor& dx = *gi[0];
        const Index plane = in_.h * in_.w;
        dx.resize(in[0]->rows(), in_.size());
        const float scale = 1.0f / static_cast<float>(plane);
        forRanges(dx.rows(), in_.size(), [&](Index begin, Index end) {
            for (Index s = begin; s < end; ++s)
                for (Index c = 0; c < in_.c; ++c)
                    dx.row(s).segment(c * plane, plane).setConstant(g(s, c) * scale);
        });
    }

  private:
    ImageDims in_;
};

} // namespace

void registerPoolOps(std::vector<OpInfo>& table) {
    const nlohmann::json window = {{"kernelH", 2}, {"kernelW", 2}, {"strideH", 2},
                                   {"strideW", 2}, {"padH", 0},    {"padW", 0}};
    const std::string hint = "feed it images C x H x W (a Reshape makes them from flat rows), "
                             "with a kernel no larger than the padded input";
    // PyTorch: rows viewed as images, the result flattened back (NOTE [Export templates]).
    // ONNX: kernel, strides and symmetric pads as lists; absent attributes are ONNX's defaults.
    const std::string window2d = "kernel_shape=[$kernelH, $kernelW], strides=[$strideH, "
                                 "$strideW]~[1, 1], pads=[$padH, $padW, $padH, $padW]~[0, 0, 0, "
                                 "0], auto_pad='NOTSET'~'NOTSET', ceil_mode=0~0";
    const auto onImages = [](OpTraits& t) {
        t.torch.expression = "{module}({0.image}).flatten(1)";
        t.onnx.keepsImages = true;
    };

    OpTraits maxPool;
    maxPool.shapeHint = hint;
    maxPool.selectsMaximum = true;
    maxPool.chainRules = {{"{du} routes {dv} to the position of each window's maximum in {u} "
                           "(zero elsewhere)",
                           -1, false, false}};
    maxPool.torch.module = "nn.MaxPool2d(kernel_size=({kernelH}, {kernelW}), stride=({strideH}, "
                           "{strideW}), padding=({padH}, {padW}))";
    onImages(maxPool);
    maxPool.onnx.recipe =
        "MaxPool(x)[" + window2d + ", dilations=[1, 1]~[1, 1], storage_order=0~0]";
    table.push_back({"MaxPool2D",
                     "Pooling",
                     "The maximum of each kernelH x kernelW window, per channel",
                     {"x"},
                     false,
                     false,
                     SourceKind::None,
                     window,
                     [](const nlohmann::json& a) -> std::unique_ptr<Op> {
                         return std::make_unique<MaxPoolOp>(Window::from(a, "MaxPool2D"));
                     },
                     std::move(maxPool)});

    OpTraits avgPool;
    avgPool.shapeHint = hint;
    avgPool.chainRules = {{"{du} shares each window's {dv} equally among the window's pixels of "
                           "{u} (padding not counted)",
                           -1, false, false}};
    avgPool.torch.module = "nn.AvgPool2d(kernel_size=({kernelH}, {kernelW}), stride=({strideH}, "
                           "{strideW}), padding=({padH}, {padW}), count_include_pad=False)";
    onImages(avgPool);
    avgPool.onnx.recipe = "AveragePool(x)[" + window2d + ", count_include_pad=0~0]";
    // PyTorch's nn.AvgPool2d counts padding by default; without padding that is the same.
    avgPool.onnx.importAlso = {
        "AveragePool(x)[kernel_shape=[$kernelH, $kernelW], strides=[$strideH, $strideW]~[1, 1], "
        "pads=[0, 0, 0, 0]~[0, 0, 0, 0], auto_pad='NOTSET'~'NOTSET', ceil_mode=0~0, "
        "count_include_pad=1]"};
    table.push_back({"AvgPool2D",
                     "Pooling",
                     "The mean of each kernelH x kernelW window, per channel (padding not counted)",
                     {"x"},
                     false,
                     false,
                     SourceKind::None,
                     window,
                     [](const nlohmann::json& a) -> std::unique_ptr<Op> {
                         return std::make_unique<AvgPoolOp>(Window::from(a, "AvgPool2D"));
                     },
                     std::move(avgPool)});

    OpTraits global;
    global.shapeHint = "feed it images C x H x W (a Reshape makes them from flat rows)";
    global.chainRules = {
        {"{du} spreads each channel's {dv} evenly over that channel's H x W pixels of {u}", -1,
         false, false}};
    global.torch.module = "nn.AdaptiveAvgPool2d(1)";
    onImages(global);
    global.onnx.recipe = "GlobalAveragePool(x)";
    table.push_back({"GlobalAvgPool",
                     "Pooling",
                     "The mean of each channel: C x H x W -> C (x 1 x 1)",
                     {"x"},
                     false,
                     false,
                     SourceKind::None,
                     nlohmann::json::object(),
                     [](const nlohmann::json&) -> std::unique_ptr<Op> {
                         return std::make_unique<GlobalAvgPoolOp>();
                     },
                     std::move(global)});
}

} // namespace miniflow
