/// GELU, the Gaussian error linear unit: x Φ(x) with Φ the standard normal CDF, in its exact
/// erf form (PyTorch's nn.GELU() default, approximate="none"), elementwise.
#include "ops/OpRegistry.h"

#include "tensor/ParallelRanges.h"

#include <cmath>

namespace miniflow {

namespace {

constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f;

class GeluOp final : public Op {
  public:
    Shape inferShape(std::span<const InputShape> in) const override { return in[0].shape; }
    /// out = x Φ(x) = x (1 + erf(x / √2)) / 2.
    void forward(OpInputs in, Tensor& out, OpContext&) override {
        assignByRows(*in[0], out, [](const auto& x) {
            return x.unaryExpr([](float v) { return 0.5f * v * (1.0f + std::erf(v * kInvSqrt2)); });
        });
    }
    /// dGELU/dx = Φ(x) + x φ(x), φ(x) = e^(-x²/2) / √(2π).
    void backward(OpInputs in, const Tensor&, const Tensor& g, OpGradients gi,
                  const OpContext&) override {
        if (!gi[0])
            return;
        *gi[0] = in[0]->unaryExpr([](float v) {
            return 0.5f * (1.0f + std::erf(v * kInvSqrt2)) +
                   v * kInvSqrt2Pi * std::exp(-0.5f * v * v);
        });
        gi[0]->array() *= g.array();
    }
};

} // namespace

void registerGeluOp(std::vector<OpInfo>& table) {
    OpTraits t;
    t.elementwise = true;
    t.preservesUnits = true;
    // Below x = -3 the slope |Φ(x) + x φ(x)| is under 0.012: no gradient to speak of.
    t.health = {ActivationFamily::Rectifier, 0.0f, 0.0f, -3.0f, "near 0 (inputs at or below -3)"};
    t.torch.module = "nn.GELU()";
    // ONNX has Gelu only from opset 20: export its definition with Erf (opset 13); import also
    // PyTorch's spelling of the same decomposition (x / √2 instead of x · (1/√2)).
    t.onnx.recipe = "Mul(x, 0.70710678118654752); Erf(_); Add(_, 1); Mul(x, _); Mul(_, 0.5)";
    t.onnx.importAlso = {"Div(x, 1.4142135623730951); Erf(_); Add(_, 1); Mul(x, _); Mul(_, 0.5)"};
    table.push_back({"GELU",
                     "Activations",
                     "x Φ(x) = x (1 + erf(x / √2)) / 2, elementwise",
                     {"x"},
                     false,
                     false,
                     SourceKind::None,
                     nlohmann::json::object(),
                     [](const nlohmann::json&) { return std::make_unique<GeluOp>(); },
                     std::move(t)});
}

} // namespace miniflow
