/// Input, Parameter and Constant: values the Session fills in (fed batches, trained
/// weights, fixed attributes); their forward and backward do nothing.
#include "ops/SourceOps.h"

namespace miniflow {

namespace {

/// Shared by the three source kinds: a fixed shape, no computation.
class SourceOp final : public Op {
  public:
    explicit SourceOp(Shape shape) : shape_(std::move(shape)) {}
    Shape inferShape(std::span<const InputShape>) const override { return shape_; }
    void forward(OpInputs, Tensor&, OpContext&) override {}
    void backward(OpInputs, const Tensor&, const Tensor&, OpGradients, const OpContext&) override {}

  private:
    Shape shape_;
};

/// Input: attributes "features" (columns per sample), "role" ("features" or "labels"),
/// optional "sampleDims" (e.g. [1, 28, 28], NOTE [Image layout]; features = their product).
std::unique_ptr<Op> makeInput(const nlohmann::json& a) {
    Shape shape = Shape::batch(sizeAttribute(a, "features", 1));
    if (a.contains("sampleDims")) {
        Index product = 1;
        for (const auto& d : a.at("sampleDims")) {
            if (!d.is_number_integer() || d.get<Index>() <= 0)
                throw AttributeError("sampleDims must be positive integers");
            shape.sampleDims.push_back(d.get<Index>());
            product *= d.get<Index>();
        }
        if (product != shape.cols)
            throw AttributeError("sampleDims multiply to " + std::to_string(product) +
                                 " but features is " + std::to_string(shape.cols));
    }
    const std::string role = stringAttribute(a, "role", "features");
    if (role != "features" && role != "labels")
        throw AttributeError("role must be \"features\" or \"labels\", not \"" + role + "\"");
    return std::make_unique<SourceOp>(shape);
}

/// Parameter: "rows" x "cols" filled by "initializer", or explicit "value": [[...]].
std::unique_ptr<Op> makeParameter(const nlohmann::json& a) {
    parameterTraining(a); // NOTE [Parameter training attributes]: refuse bad values early
    if (a.contains("value") && a.at("value").is_array()) {
        const Tensor value = constantValue(a);
        return std::make_unique<SourceOp>(Shape::matrix(value.rows(), value.cols()));
    }
    return std::make_unique<SourceOp>(
        Shape::matrix(sizeAttribute(a, "rows", 1), sizeAttribute(a, "cols", 1)));
}

std::unique_ptr<Op> makeConstant(const nlohmann::json& a) {
    const Tensor value = constantValue(a);
    return std::make_unique<SourceOp>(Shape::matrix(value.rows(), value.cols()));
}

} // namespace

ParameterTraining parameterTraining(const nlohmann::json& a) {
    ParameterTraining t;
    if (const auto it = a.find("trainable"); it != a.end()) {
        if (!it->is_boolean())
            throw AttributeError("attribute \"trainable\" must be true or false, not " +
                                 it->dump());
        t.trainable = it->get<bool>();
    }
    for (const char* key : {"l2", "l1"}) {
        const double v = numberAttribute(a, key, 0.0);
        if (v < 0)
            throw AttributeError(std::string("attribute \"") + key +
                                 "\" must be >= 0 (0 turns the " + (key[1] == '2' ? "L2" : "L1") +
                                 " penalty off), not " + std::to_string(v));
        (key[1] == '2' ? t.l2 : t.l1) = static_cast<float>(v);
    }
    return t;
}

Tensor constantValue(const nlohmann::json& a) {
    const auto it = a.find("value");
    if (it == a.end())
        return Tensor::Zero(1, 1);
    if (it->is_number())
        return Tensor::Constant(1, 1, it->get<float>());
    if (!it->is_array() || it->empty())
        throw AttributeError("value must be a number or a list of rows");
    const bool nested = it->front().is_array();
    const Index rows = nested ? static_cast<Index>(it->size()) : 1;
    const Index cols =
        nested ? static_cast<Index>(it->front().size()) : static_cast<Index>(it->size());
    Tensor t(rows, cols);
    for (Index r = 0; r < rows; ++r) {
        const nlohmann::json& row = nested ? (*it)[r] : *it;
        if (!row.is_array() || static_cast<Index>(row.size()) != cols)
            throw AttributeError("value row " + std::to_string(r) + " does not have " +
                                 std::to_string(cols) + " numbers");
        for (Index c = 0; c < cols; ++c) {
            if (!row[c].is_number())
                throw AttributeError("value[" + std::to_string(r) + "][" + std::to_string(c) +
                                     "] is not a number");
            t(r, c) = row[c].get<float>();
        }
    }
    return t;
}

nlohmann::json valueAttribute(const Tensor& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (Index r = 0; r < t.rows(); ++r)
        rows.push_back(std::vector<float>(t.row(r).begin(), t.row(r).end()));
    return rows;
}

void registerSourceOps(std::vector<OpInfo>& table) {
    table.push_back({"Input",
                     "Sources",
                     "Data fed from the dataset: features or labels, one row per sample",
                     {},
                     false,
                     false,
                     SourceKind::Input,
                     {{"role", "features"}, {"features", 1}},
                     makeInput});
    table.push_back({"Parameter",
                     "Sources",
                     "A trainable tensor (weights or biases) with an initializer",
                     {},
                     false,
                     false,
                     SourceKind::Parameter,
                     {{"rows", 1},
                      {"cols", 1},
                      {"initializer", "glorot_uniform"},
                      {"trainable", true},
                      {"l2", 0.0},
                      {"l1", 0.0}},
                     makeParameter});
    table.push_back({"Constant",
                     "Sources",
                     "A fixed tensor",
                     {},
                     false,
                     false,
                     SourceKind::Constant,
                     {{"value", 1.0}},
                     makeConstant});
}

} // namespace miniflow
