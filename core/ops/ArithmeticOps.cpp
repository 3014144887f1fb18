/// Add and Mul (n-ary elementwise, a 1 x C row broadcasts), MatMul and Linear (X . W + b).
#include "ops/OpRegistry.h"

#include "tensor/ParallelRanges.h"
#include "tensor/SparseProducts.h"

namespace miniflow {

namespace {

std::string describe(const InputShape& in) {
    return in.producer + " (" + toString(in.shape) + ")";
}

/// The common shape of elementwise operands: all equal, or 1 x C rows broadcast over
/// the others. Throws ShapeError naming both offending operands.
Shape broadcastShape(std::span<const InputShape> inputs, const char* opName) {
    const InputShape* widest = &inputs[0];
    for (const InputShape& in : inputs)
        if (!widest->shape.isBatched() &&
            (in.shape.isBatched() || in.shape.rows > widest->shape.rows))
            widest = &in;
    for (const InputShape& in : inputs) {
        const bool same =
            in.shape.rows == widest->shape.rows && in.shape.cols == widest->shape.cols;
        const bool rowBroadcast = in.shape.rows == 1 && in.shape.cols == widest->shape.cols;
        if (!same && !rowBroadcast)
            throw ShapeError(std::string(opName) +
                             " needs equal shapes or a 1 x C row to broadcast: " +
                             describe(*widest) + " vs " + describe(in));
    }
    return Shape{widest->shape.rows, widest->shape.cols, {}};
}

/// Writes `full` into `grad`, summing over rows when the input was a broadcast row.
void reduceInto(Tensor& grad, const Tensor& full, Index inputRows) {
    if (inputRows == full.rows())
        grad = full;
    else
        grad = full.colwise().sum();
}

/// Operand i viewed at the output's shape (a broadcast row is replicated).
template <typename F> void forEachBroadcast(const Tensor& x, Index rows, F use) {
    if (x.rows() == rows)
        use(x);
    else
        use(x.replicate(rows, 1));
}

class AddOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        return broadcastShape(in, "Add");
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const Index rows = outRows(in);
        out.setZero(rows, in[0]->cols());
        for (const Tensor* x : in) {
            if (x->rows() == rows)
                out += *x;
            else
                out.rowwise() += x->row(0);
        }
    }
    void backward(OpInputs in, const Tensor&, const Tensor& gradOut, OpGradients gradIn,
                  const OpContext&) override {
        for (size_t i = 0; i < in.size(); ++i)
            if (gradIn[i])
                reduceInto(*gradIn[i], gradOut, in[i]->rows());
    }

  private:
    static Index outRows(OpInputs in) {
        Index rows = 1;
        for (const Tensor* x : in)
            rows = std::max(rows, x->rows());
        return rows;
    }
};

class MulOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        return broadcastShape(in, "Mul");
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        out.setOnes(outRows(in), in[0]->cols());
        for (const Tensor* x : in)
            forEachBroadcast(*x, out.rows(), [&](const auto& v) { out.array() *= v.array(); });
    }
    void backward(OpInputs in, const Tensor&, const Tensor& gradOut, OpGradients gradIn,
                  const OpContext&) override {
        for (size_t i = 0; i < in.size(); ++i) {
            if (!gradIn[i])
                continue;
            othersProduct_ = gradOut;
            for (size_t j = 0; j < in.size(); ++j)
                if (j != i)
                    forEachBroadcast(*in[j], gradOut.rows(),
                                     [&](const auto& v) { othersProduct_.array() *= v.array(); });
            reduceInto(*gradIn[i], othersProduct_, in[i]->rows());
        }
    }

  private:
    static Index outRows(OpInputs in) {
        Index rows = 1;
        for (const Tensor* x : in)
            rows = std::max(rows, x->rows());
        return rows;
    }
    Tensor othersProduct_;
};

void requireFlat(const InputShape& in, const char* opName) {
    if (!in.shape.isFlat())
        throw ShapeError(std::string(opName) + " expects flat feature rows but " + describe(in) +
                         " is unflattened (insert a Flatten)");
}

/// A (N x K) . B (K x M) -> N x M. `anyRows`: A may be unflattened (an image row is its
/// C*H*W features, NOTE [Image layout]); else A must be flat.
Shape matmulShape(const InputShape& a, const InputShape& b, const char* opName,
                  bool anyRows = false) {
    if (!anyRows)
        requireFlat(a, opName);
    if (b.shape.isBatched())
        throw ShapeError(std::string(opName) +
                         "'s right operand must be a fixed matrix (a Parameter or Constant), but " +
                         describe(b) + " has one row per sample");
    if (a.shape.cols != b.shape.rows)
        throw ShapeError(std::string(opName) + " expects " + std::to_string(b.shape.rows) +
                         " features (the rows of " + describe(b) + "), but " + describe(a) +
                         " gives " + std::to_string(a.shape.cols) + " (make " + b.producer + " " +
                         std::to_string(a.shape.cols) + " x " + std::to_string(b.shape.cols) + ")");
    return Shape{a.shape.rows, b.shape.cols, {}};
}

/// out = a . b, walking a's nonzeros when `sparse` (see NOTE [Sparse left operands]).
/// A small product with a narrow result (fewer than 16 columns: a classifier's logits) runs
/// as Eigen's coefficient loop: OpenBLAS's small-matrix GEMM kernel (products up to 64^3
/// multiply-adds) mallocs a K x M buffer on every call for such a result (8 x 34 . 34 x 2:
/// 272 bytes per step), and training steps allocate nothing (tst_no_allocation).
void productInto(const Tensor& a, const Tensor& b, bool sparse, Tensor& out) {
    constexpr Index narrowResult = 16, smallProduct = 64 * 64 * 64;
    if (sparse)
        sparseLeftProduct(a, b, out);
    else if (b.cols() < narrowResult && a.rows() * a.cols() * b.cols() <= smallProduct)
        out.noalias() = a.lazyProduct(b);
    else
        out.noalias() = a * b;
}

/// out = a^T . g, walking a's nonzeros when `sparse`.
void transposedProductInto(const Tensor& a, const Tensor& g, bool sparse, Tensor& out) {
    if (sparse)
        sparseTransposedProduct(a, g, out);
    else
        out.noalias() = a.transpose() * g;
}

class MatMulOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        return matmulShape(in[0], in[1], "MatMul");
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        sparseInput_ = worthSparseProduct(*in[0]);
        productInto(*in[0], *in[1], sparseInput_, out);
    }
    void backward(OpInputs in, const Tensor&, const Tensor& gradOut, OpGradients gradIn,
                  const OpContext&) override {
        if (gradIn[0])
            gradIn[0]->noalias() = gradOut * in[1]->transpose();
        if (gradIn[1])
            transposedProductInto(*in[0], gradOut, sparseInput_, *gradIn[1]);
    }

  private:
    bool sparseInput_ = false; ///< A was mostly zeros at the last forward
};

class LinearOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        Shape out = matmulShape(in[0], in[1], "Linear", true);
        const Shape& b = in[2].shape;
        if (b.isBatched() || b.rows != 1 || b.cols != out.cols)
            throw ShapeError("Linear's bias must be 1 x " + std::to_string(out.cols) +
                             " to match " + describe(in[1]) + ", but " + describe(in[2]) +
                             " is not");
        return out;
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        sparseInput_ = worthSparseProduct(*in[0]);
        productInto(*in[0], *in[1], sparseInput_, out);
        const Tensor& bias = *in[2];
        forRanges(out.rows(), out.cols(), [&](Index begin, Index end) {
            out.middleRows(begin, end - begin).rowwise() += bias.row(0);
        });
    }
    void backward(OpInputs in, const Tensor&, const Tensor& gradOut, OpGradients gradIn,
                  const OpContext&) override {
        if (gradIn[0])
            gradIn[0]->noalias() = gradOut * in[1]->transpose();
        if (gradIn[1])
            transposedProductInto(*in[0], gradOut, sparseInput_, *gradIn[1]);
        if (gradIn[2])
            *gradIn[2] = gradOut.colwise().sum();
    }

  private:
    bool sparseInput_ = false; ///< X was mostly zeros at the last forward
};

/// NOTE [Multiply-adds]: A (rows x K) . B (K x M) costs K*M per row; a batched A counts one
/// row (one sample).
std::int64_t matmulMultiplyAdds(std::span<const Shape> in, const Shape&) {
    if (in.size() < 2)
        return 0;
    const std::int64_t rows = in[0].isBatched() ? 1 : in[0].rows;
    return rows * in[0].cols * in[1].cols;
}

template <typename T> std::unique_ptr<Op> make(const nlohmann::json&) {
    return std::make_unique<T>();
}

} // namespace

void registerArithmeticOps(std::vector<OpInfo>& table) {
    OpTraits add;
    add.shapeHint = "give the inputs the same shape, or make one a 1 x C row";
    add.chainRules = {
        {"{du} = {dv} summed over its rows ({u} is repeated for every row)", -1, false, true}};
    add.torch.expression = "{inputs: + }";
    add.onnx = {"Sum(*)", {"Add(*)"}};
    table.push_back({"Add",
                     "Arithmetic",
                     "Sum of its inputs; a 1 x C row broadcasts over rows",
                     {"x"},
                     true,
                     false,
                     SourceKind::None,
                     {{"inputs", 2}},
                     make<AddOp>,
                     add});

    OpTraits mul;
    mul.shapeHint = add.shapeHint;
    mul.chainRules = {{"{du} = ({dv} ⊙ the other inputs) summed over the rows ({u} is repeated "
                       "for every row)",
                       -1, false, true}};
    mul.torch.expression = "{inputs: * }";
    mul.onnx.recipe = "Mul(*)";
    table.push_back({"Mul",
                     "Arithmetic",
                     "Elementwise product of its inputs; a 1 x C row broadcasts",
                     {"x"},
                     true,
                     false,
                     SourceKind::None,
                     {{"inputs", 2}},
                     make<MulOp>,
                     mul});

    OpTraits matmul;
    matmul.shapeHint = "resize the Parameter in the inspector";
    matmul.chainRules = {{"{du} = {dv} · {1}ᵀ", 1, false, false},
                         {"{du} = {0}ᵀ · {dv}", 0, false, false}};
    matmul.torch.expression = "{0} @ {1}";
    matmul.onnx = {"MatMul(x0, x1)", {"Gemm(x0, x1)"}};
    matmul.multiplyAdds = matmulMultiplyAdds;
    table.push_back({"MatMul",
                     "Arithmetic",
                     "Matrix product A . B",
                     {"A", "B"},
                     false,
                     false,
                     SourceKind::None,
                     nlohmann::json::object(),
                     make<MatMulOp>,
                     matmul});

    OpTraits linear = matmul;
    linear.unitsWeightPort = 1;
    linear.chainRules.push_back(
        {"{du} = {dv} summed over its rows ({u} is added to every row)", -1, false, false});
    linear.torch.expression = "{0} @ {1} + {2}";
    linear.onnx = {"Gemm(x0, x1, x2)", {}};
    table.push_back({"Linear",
                     "Layers",
                     "X . W + b (MiniFlow's Linear)",
                     {"X", "W", "b"},
                     false,
                     false,
                     SourceKind::None,
                     {{"units", 1}},
                     make<LinearOp>,
                     linear});
}

} // namespace miniflow
