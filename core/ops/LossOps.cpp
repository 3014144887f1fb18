/// Losses output a 1 x 1 scalar averaged over the batch:
///  - MSE(y, a): MiniFlow's mean((y - a)^2) over all elements; labels first, as the seed.
///  - SoftmaxCrossEntropy(logits N x C, labels N x 1 holding class indices 0..C-1).
///  - BinaryCrossEntropy(logits, labels in {0, 1}), computed from logits.
#include "ops/OpRegistry.h"

#include <cmath>

namespace miniflow {

namespace {

std::string describe(const InputShape& in) {
    return in.producer + " (" + toString(in.shape) + ")";
}

void requireSameRows(const InputShape& a, const InputShape& b, const char* opName) {
    if (a.shape.rows != b.shape.rows)
        throw ShapeError(std::string(opName) + " needs one row per sample on both inputs: " +
                         describe(a) + " vs " + describe(b));
}

class MseOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        requireSameRows(in[0], in[1], "MSE");
        if (in[0].shape.cols != in[1].shape.cols)
            throw ShapeError("MSE compares equal shapes: " + describe(in[0]) + " vs " +
                             describe(in[1]) + " (the prediction needs " +
                             std::to_string(in[0].shape.cols) + " columns)");
        return Shape::scalar();
    }
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        diff_ = *in[0] - *in[1];
        out.resize(1, 1);
        out(0, 0) = diff_.squaredNorm() / static_cast<float>(diff_.size());
    }
    /// d/dy = 2/m (y - a), d/da = -2/m (y - a), m = number of elements (MiniFlow's m for one
    /// column).
    void backward(OpInputs, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        const float scale = 2.0f * g(0, 0) / static_cast<float>(diff_.size());
        if (gi[0])
            *gi[0] = scale * diff_;
        if (gi[1])
            *gi[1] = -scale * diff_;
    }

  private:
    Tensor diff_;
};

/// Class indices stored as floats; checked to be whole numbers in [0, classes).
Index classIndex(float label, Index classes) {
    const auto index = static_cast<Index>(label);
    if (!(label >= 0.0f) || static_cast<float>(index) != label || index >= classes)
        throw RunError("label " + std::to_string(label) + " is not a class index in [0, " +
                       std::to_string(classes) + ")");
    return index;
}

class SoftmaxCrossEntropyOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        requireSameRows(in[0], in[1], "SoftmaxCrossEntropy");
        if (in[1].shape.cols != 1)
            throw ShapeError("SoftmaxCrossEntropy takes labels as one class index per row, but " +
                             describe(in[1]) + " has " + std::to_string(in[1].shape.cols) +
                             " columns");
        if (in[0].shape.cols < 2)
            throw ShapeError("SoftmaxCrossEntropy needs at least 2 classes, but " +
                             describe(in[0]) + " has 1 column");
        return Shape::scalar();
    }
    /// loss = mean_n (logsumexp(z_n) - z_n[label_n]); probabilities kept for backward.
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const Tensor& z = *in[0];
        rowMax_ = z.rowwise().maxCoeff();
        probabilities_ = (z.colwise() - rowMax_).array().exp().matrix();
        rowSum_ = probabilities_.rowwise().sum();
        double total = 0.0;
        for (Index n = 0; n < z.rows(); ++n) {
            const Index label = classIndex((*in[1])(n, 0), z.cols());
            total += std::log(rowSum_(n)) + rowMax_(n) - z(n, label);
        }
        probabilities_.array().colwise() /= rowSum_.array();
        out.resize(1, 1);
        out(0, 0) = static_cast<float>(total / static_cast<double>(z.rows()));
    }
    /// d/dz = (softmax(z) - onehot(label)) / N; labels are not differentiable: zero gradient.
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        const float scale = g(0, 0) / static_cast<float>(probabilities_.rows());
        if (gi[0]) {
            *gi[0] = probabilities_;
            for (Index n = 0; n < probabilities_.rows(); ++n)
                (*gi[0])(n, static_cast<Index>((*in[1])(n, 0))) -= 1.0f;
            *gi[0] *= scale;
        }
        if (gi[1])
            gi[1]->setZero(in[1]->rows(), 1);
    }

  private:
    Eigen::VectorXf rowMax_, rowSum_;
    Tensor probabilities_;
};

class BinaryCrossEntropyOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override {
        requireSameRows(in[0], in[1], "BinaryCrossEntropy");
        if (in[0].shape.cols != in[1].shape.cols)
            throw ShapeError("BinaryCrossEntropy compares equal shapes: " + describe(in[0]) +
                             " vs " + describe(in[1]));
        return Shape::scalar();
    }
    /// loss = mean(max(z, 0) - z y + log(1 + e^-|z|)), stable for any z.
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        const auto z = in[0]->array();
        const auto y = in[1]->array();
        const float total = (z.max(0.0f) - z * y + (-z.abs()).exp().log1p()).sum();
        out.resize(1, 1);
        out(0, 0) = total / static_cast<float>(in[0]->size());
    }
    /// d/dz = (sigmoid(z) - y) / n, d/dy = -z / n.
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        const float scale = g(0, 0) / static_cast<float>(in[0]->size());
        if (gi[0])
            *gi[0] =
                (scale * ((1.0f + (-in[0]->array()).exp()).inverse() - in[1]->array())).matrix();
        if (gi[1])
            *gi[1] = -scale * *in[0];
    }
};

template <typename T> std::unique_ptr<Op> make(const nlohmann::json&) {
    return std::make_unique<T>();
}

} // namespace

void registerLossOps(std::vector<OpInfo>& table) {
    const auto loss = [](LossPrediction prediction, std::string hint, std::string module,
                         std::string call) {
        OpTraits t;
        t.prediction = prediction;
        t.shapeHint = std::move(hint);
        t.torch = {std::move(module), std::move(call), {}};
        return t;
    };
    const std::string logitsFirst = "feed the logits to the first input and the labels to the "
                                    "second";
    table.push_back({"MSE",
                     "Losses",
                     "Mean squared error mean((y - a)^2) (MiniFlow's MSE: labels first)",
                     {"y", "a"},
                     false,
                     true,
                     SourceKind::None,
                     nlohmann::json::object(),
                     make<MseOp>,
                     [&] {
                         OpTraits t = loss(LossPrediction::Values,
                                           "the prediction and the labels need the same shape",
                                           "nn.MSELoss()", "{prediction}, {labels}");
                         t.predictionPort = 1; // MSE(y = labels, a = prediction)
                         return t;
                     }()});
    table.push_back({"SoftmaxCrossEntropy",
                     "Losses",
                     "Softmax + cross-entropy with integer class labels",
                     {"logits", "labels"},
                     false,
                     true,
                     SourceKind::None,
                     nlohmann::json::object(),
                     make<SoftmaxCrossEntropyOp>,
                     loss(LossPrediction::ClassLogits, logitsFirst, "nn.CrossEntropyLoss()",
                          "{prediction}, {labels}.reshape(-1).long()")});
    table.push_back({"BinaryCrossEntropy",
                     "Losses",
                     "Sigmoid + binary cross-entropy from logits, labels 0/1",
                     {"logits", "labels"},
                     false,
                     true,
                     SourceKind::None,
                     nlohmann::json::object(),
                     make<BinaryCrossEntropyOp>,
                     loss(LossPrediction::BinaryLogit, logitsFirst, "nn.BCEWithLogitsLoss()",
                          "{prediction}, {labels}")});
}

} // namespace miniflow
