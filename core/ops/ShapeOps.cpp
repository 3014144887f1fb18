/// Reshape (gives a sample's values new dims, e.g. 784 -> 1x28x28) and Concat (joins its
/// inputs per sample, along channels or features). Rows are samples in C x H x W order
/// (NOTE [Image layout]), so both move no value within a row: Reshape copies the rows and
/// Concat places each input's row side by side.
#include "ops/OpRegistry.h"

#include "tensor/ParallelRanges.h"

#include <cctype>

namespace miniflow {

namespace {

std::string dimsText(const std::vector<Index>& dims) {
    std::string text;
    for (Index d : dims)
        text += (text.empty() ? "" : "x") + std::to_string(d);
    return text;
}

/// "1x28x28" -> {1, 28, 28}; throws AttributeError on anything but positive integers
/// joined by 'x'.
std::vector<Index> parseDims(const std::string& text) {
    std::vector<Index> dims;
    const auto bad = [&] {
        return AttributeError("Reshape shape \"" + text +
                              "\" must be positive integers joined by 'x', e.g. \"1x28x28\" "
                              "or \"784\"");
    };
    size_t i = 0;
    while (true) {
        size_t end = i;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
            ++end;
        if (end == i || end - i > 8)
            throw bad();
        const Index d = std::stol(text.substr(i, end - i));
        if (d <= 0)
            throw bad();
        dims.push_back(d);
        if (end == text.size())
            break;
        if (text[end] != 'x' && text[end] != 'X')
            throw bad();
        i = end + 1;
    }
    if (dims.size() > 4)
        throw AttributeError("Reshape shape \"" + text + "\" has " + std::to_string(dims.size()) +
                             " dims; at most 4 are supported");
    return dims;
}

/// Copies rows of `in` into `out`, split across threads when large.
void copyRows(const Tensor& in, Tensor& out) {
    assignByRows(in, out, [](const auto& x) { return x; });
}

class ReshapeOp final : public Op {
  public:
    explicit ReshapeOp(std::vector<Index> dims) : dims_(std::move(dims)) {
        for (Index d : dims_)
            size_ *= d;
    }
    Shape inferShape(std::span<const InputShape> in) const override {
        if (in[0].shape.cols != size_)
            throw ShapeError("Reshape to " + dimsText(dims_) + " needs " + std::to_string(size_) +
                             " values per sample, but node '" + in[0].producer + "' gives " +
                             toString(in[0].shape) + " (" + std::to_string(in[0].shape.cols) +
                             " values)");
        return Shape{in[0].shape.rows, size_, dims_.size() > 1 ? dims_ : std::vector<Index>{}};
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override { copyRows(*in[0], out); }
    void backward(OpInputs, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (gi[0])
            copyRows(g, *gi[0]);
    }

  private:
    std::vector<Index> dims_;
    Index size_ = 1;
};

enum class ConcatAxis { Channels, Features };

class ConcatOp final : public Op {
  public:
    explicit ConcatOp(ConcatAxis axis) : axis_(axis) {}
    Shape inferShape(std::span<const InputShape> in) const override {
        const InputShape& first = in[0];
        Index cols = 0, channels = 0;
        for (const InputShape& x : in) {
            if (x.shape.rows != first.shape.rows)
                throw ShapeError("Concat needs the same rows from every input: node '" +
                                 first.producer + "' gives " + toString(first.shape) +
                                 " but node '" + x.producer + "' gives " + toString(x.shape));
            cols += x.shape.cols;
            if (axis_ == ConcatAxis::Features) {
                if (!x.shape.isFlat())
                    throw ShapeError("Concat along features expects flat rows but node '" +
                                     x.producer + "' gives " + toString(x.shape) +
                                     " (insert a Flatten, or set axis to \"channels\")");
                continue;
            }
            const std::vector<Index>& d = x.shape.sampleDims;
            if (d.size() != 3)
                throw ShapeError("Concat along channels expects images (C x H x W) but node '" +
                                 x.producer + "' gives " + toString(x.shape) +
                                 " (set axis to \"features\" for flat rows)");
            const std::vector<Index>& d0 = first.shape.sampleDims;
            if (d0.size() == 3 && (d[1] != d0[1] || d[2] != d0[2]))
                throw ShapeError("Concat along channels needs equal H x W: node '" +
                                 first.producer + "' gives " + dimsText(d0) +
                                 " (C x H x W) but node '" + x.producer + "' gives " + dimsText(d) +
                                 " (pool or pad one to the other's size)");
            channels += d[0];
        }
        if (axis_ == ConcatAxis::Features)
            return Shape{first.shape.rows, cols, {}};
        const std::vector<Index>& d0 = first.shape.sampleDims;
        return Shape{first.shape.rows, cols, {channels, d0[1], d0[2]}};
    }
    /// out = [x0 | x1 | ...] row by row.
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        Index cols = 0;
        for (const Tensor* x : in)
            cols += x->cols();
        const Index rows = in[0]->rows();
        out.resize(rows, cols);
        forRanges(rows, cols, [&](Index begin, Index end) {
            Index at = 0;
            for (const Tensor* x : in) {
                out.block(begin, at, end - begin, x->cols()) = x->middleRows(begin, end - begin);
                at += x->cols();
            }
        });
    }
    /// Each input's gradient is its own columns of the node's gradient.
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        Index at = 0;
        for (size_t k = 0; k < in.size(); ++k) {
            const Index cols = in[k]->cols();
            if (gi[k]) {
                Tensor& dx = *gi[k];
                dx.resize(g.rows(), cols);
                forRanges(g.rows(), cols, [&](Index begin, Index end) {
                    dx.middleRows(begin, end - begin) = g.block(begin, at, end - begin, cols);
                });
            }
            at += cols;
        }
    }

  private:
    ConcatAxis axis_;
};

std::unique_ptr<Op> makeReshape(const nlohmann::json& a) {
    return std::make_unique<ReshapeOp>(parseDims(stringAttribute(a, "shape", "1x28x28")));
}

std::unique_ptr<Op> makeConcat(const nlohmann::json& a) {
    if (sizeAttribute(a, "inputs", 2) < 2)
        throw AttributeError("Concat needs at least 2 inputs");
    const std::string axis = stringAttribute(a, "axis", "channels");
    if (axis != "channels" && axis != "features")
        throw AttributeError("Concat axis must be \"channels\" or \"features\", not \"" + axis +
                             "\"");
    return std::make_unique<ConcatOp>(axis == "channels" ? ConcatAxis::Channels
                                                         : ConcatAxis::Features);
}

} // namespace

void registerShapeOps(std::vector<OpInfo>& table) {
    OpTraits reshape;
    reshape.shapeHint = "make the shape's product equal the input's values per sample";
    reshape.chainRules = {
        {"{du} is {dv} with {u}'s dims (a reshape moves no value)", -1, false, false}};
    // PyTorch values stay N x F rows (NOTE [Export templates]): the view shows the per-sample
    // dims; ONNX takes them as an int64 shape initializer with the batch first.
    reshape.torch.expression = "{0}.view(-1, {shape:dims}).flatten(1)";
    reshape.onnx.recipe = "Reshape(x, [N, $shape:dims])";
    reshape.onnx.keepsImages = true;
    table.push_back({"Reshape",
                     "Layers",
                     "Gives each sample new dims, e.g. 784 -> 1x28x28 (C x H x W)",
                     {"x"},
                     false,
                     false,
                     SourceKind::None,
                     {{"shape", "1x28x28"}},
                     makeReshape,
                     std::move(reshape)});

    OpTraits concat;
    concat.shapeHint = "give the inputs equal H x W (channels) or make them flat (features)";
    concat.chainRules = {{"{du} is {u}'s own columns of {dv}", -1, false, false}};
    concat.torch.expression = "torch.cat([{inputs:, }], dim=1)";
    concat.onnx.recipe = "Concat(*)[axis=1]";
    concat.onnx.keepsImages = true; // N x C x H x W joined on C, N x F rows on F
    table.push_back({"Concat",
                     "Layers",
                     "Joins its inputs per sample along channels (equal H x W) or features",
                     {"x"},
                     true,
                     false,
                     SourceKind::None,
                     {{"inputs", 2}, {"axis", "channels"}},
                     makeConcat,
                     std::move(concat)});
}

} // namespace miniflow
