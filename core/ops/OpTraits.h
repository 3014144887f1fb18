#pragma once
/// NOTE [Op traits]
/// What the rest of the program needs to know about an op kind is data on its OpInfo,
/// registered beside the op's forward and backward: the editor (units, shape hints),
/// inspect/ (chain-rule text, gradient health, kinks), export/ (PyTorch text) and onnxio/
/// (ONNX recipes) ask these fields and never compare kind strings. ops/ is floor 1
/// (NOTE [Core floors]), so what a higher floor does with an op is written here as plain
/// strings that the higher floor expands (NOTE [Export templates]), never as a type of its own.
/// Adding an op kind: one op file with its class and its OpInfo, and one line in
/// MINIFLOW_OP_FILES (ops/OpRegistry.cpp).
#include "ops/Op.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace miniflow {

/// How gradient health watches an activation's outputs (NOTE [Gradient health]).
enum class ActivationFamily {
    None,
    Saturating, ///< outputs pile up near asymptotes where the slope is ~0 (Sigmoid, Tanh)
    Rectifier,  ///< inputs below a point pass (almost) no gradient back (ReLU, GELU)
};

struct ActivationHealth {
    ActivationFamily family = ActivationFamily::None;
    float low = 0.0f;  ///< Saturating: the lower asymptote of the output (Sigmoid 0, Tanh -1)
    float high = 0.0f; ///< Saturating: the upper asymptote (1 for both)
    /// Rectifier: an input at or below this passes (almost) no gradient (ReLU 0: output 0;
    /// GELU -3: |slope| < 0.012).
    float offAtOrBelow = 0.0f;
    std::string offText; ///< Rectifier: what such outputs are, for alerts: "0", "near 0"
};

/// What a loss's prediction input means (the loss's port 0 for classifiers).
enum class LossPrediction {
    None,        ///< not a loss
    Values,      ///< regression: compared with the labels value for value (MSE, port 1)
    ClassLogits, ///< one logit per class; port 1 holds class indices (not differentiable)
    BinaryLogit, ///< logits of a 0/1 label per column
};

/// The chain rule on one input port when it is not elementwise (NOTE [Chain rule on an
/// edge]). In `text`: {du} is ∂L/∂(this input), {dv} ∂L/∂(the node), {u} this input's
/// producer, {v} the node, {0}, {1}, ... the producers of ports 0, 1, ...
struct ChainRuleText {
    std::string text;
    int transposeOfInput = -1;  ///< the local factor is input k transposed (W ᵀ), or -1
    bool outputFactor = false;  ///< the local factor is the node's output (Softmax's s)
    bool broadcastOnly = false; ///< applies only when this input is a row broadcast to N rows
};

/// NOTE [Export templates]
/// Template keys, in braces in a PyTorch template and as {...} or $name in an ONNX recipe:
///   {name}        the node's attribute: a number (with the op's default), a string as it is
///   {name:dims}   a dims string attribute "1x28x28" as "1, 28, 28"
///   {k} ... {k.image}, {k.C}, {k.H}, {k.W}, {k.F}, {k.kind}: input k (PyTorch: its value;
///                 .image its rows viewed as N x C x H x W), its C x H x W (NOTE [Image layout])
///                 and features, "image" or "flat"
///   {KEY?a:TEXT|b:TEXT|*:TEXT}  a choice: the TEXT (itself a template) of the alternative
///                 named by KEY's value ("{padding?same:'same'|*:({padH}, {padW})}")
/// PyTorch values are N x F rows as in MiniFlow (an op on images views them and flattens its
/// result). `module` is an nn module built in __init__ ("nn.LeakyReLU({alpha})"); forward()
/// computes `expression` with {module} the module ("{module}({0.image}).flatten(1)"; default
/// "{module}({0})"); without a module `expression` is computed in forward() ("{0} @ {1} +
/// {2}", "{inputs: + }"). `moduleInputs` names, per input port, the module member the
/// Parameter on that port becomes ("weight", "bias", "running_mean"; "" for data): it is
/// declared on the model (a buffer when trainable=false) and the module shares it. For a
/// loss, `module` is the criterion and `expression` its call's arguments ("{prediction},
/// {labels}").
/// ONNX: `recipe` is a chain of ONNX nodes "Op(args)[attr=value, ...]; Op(args); ...": args
/// are x (input 0), x0, x1, ... (input k), * (every input; a binary ONNX op folds them left to
/// right), _ (the previous step's output), a number (a scalar initializer) or an int64 list
/// initializer "[N, $shape:dims]" (N: the batch, -1 on export, -1 or 0 on import). An
/// attribute value is a number, 'text' (a string), $name (the node's number attribute as a
/// float; $name:int an int; $name:oneminus 1 - it, for momentum conventions) or a list of
/// ints "[$kernelH, $kernelW]"; "~DEFAULT" after a value is what ONNX means when the attribute
/// is absent ("strides=[$strideH, $strideW]~[1, 1]"). "{name?a:ATTRS|b:ATTRS}" chooses
/// attributes by the node's string attribute `name`; import takes the first alternative
/// whose attributes all match. The last step is named after the node. Import maps a chain of
/// ONNX nodes back to the kind when it matches `recipe` or one of `importAlso` (other
/// exporters' spellings), commutative ops in either order; $name attributes are read back.
/// `parameterDims` (per input port) shapes a Parameter on that port outside MiniFlow, for
/// both: "{outChannels}, -1, {kernelH}, {kernelW}" (a conv weight Cout x Cin/g x kH x kW, -1
/// for the rest), "-1" (a vector); empty keeps rows x cols.
struct TorchForm {
    std::string module;
    std::string expression;
    std::vector<std::string> moduleInputs;
};

struct OnnxForm {
    std::string recipe;                  ///< empty: ONNX export refuses the op
    std::vector<std::string> importAlso; ///< more recipes that import as this kind
    /// The ONNX op takes images as N x C x H x W (Conv, pools, Flatten): image rows are
    /// reshaped for it; other ops but elementwise ones get images flattened to N x F.
    bool keepsImages = false;
};

/// NOTE [Multiply-adds]
/// The multiply-accumulate operations of one forward pass of a node, from its input shapes
/// and its output shape: for one sample when the output is batched (one row per sample),
/// else for the whole value. Only products that accumulate count (matrix products,
/// convolutions), as in fvcore and Keras-style summaries: elementwise ops, activations,
/// losses, pooling and sources count none, so an op without a formula counts 0. A Conv2D's
/// count is its output's columns times its weight's columns (Cout*Ho*Wo x Cin/g*kH*kW).
/// inspect/NetworkSummary.h adds them up per node and for the graph.
using MultiplyAddsFormula =
    std::function<std::int64_t(std::span<const Shape> inputs, const Shape& output)>;

struct OpTraits {
    /// out[i] depends on in[i] only, same shape (diagonal Jacobian).
    bool elementwise = false;
    /// One input, output as wide as it: a units change passes through (ResizeUnitsCommand).
    bool preservesUnits = false;
    /// Elementwise ops: input values where the derivative jumps (ReLU, LeakyReLU: 0). Central
    /// differences across one cannot check a gradient (NOTE [Kinks]).
    std::vector<float> kinksAt;
    /// Each output picks one input element, the largest of its window (MaxPool2D): where a
    /// perturbation changes which element is largest (the window's maximum is within h of
    /// the runner-up), central differences mix two slopes and cannot check a gradient
    /// (NOTE [Kinks]). The op reports its picks through Op::selections().
    bool selectsMaximum = false;
    /// The op's "units" attribute is the column count of the Parameter on this input port
    /// (Linear: 1), or -1; editing units resizes that Parameter.
    int unitsWeightPort = -1;
    ActivationHealth health;
    LossPrediction prediction = LossPrediction::None;
    /// Losses: the input port the prediction feeds (MSE takes the labels first: 1).
    int predictionPort = 0;
    /// The editor's suggestion after a shape mismatch at this op.
    std::string shapeHint;
    /// Per input port (variadic ops: one for every port); ports past the end use the generic
    /// vector-Jacobian sentence.
    std::vector<ChainRuleText> chainRules;
    /// Input ports whose Parameter values the op itself updates in a training forward pass
    /// (BatchNorm's running mean and variance), NOTE [Op state]. Empty for most ops.
    std::vector<int> statePorts;
    TorchForm torch;
    OnnxForm onnx;
    /// Per input port: the dims of a Parameter there in PyTorch and ONNX (NOTE [Export
    /// templates]); empty or missing: rows x cols.
    std::vector<std::string> parameterDims;
    /// Multiply-adds of a forward pass (NOTE [Multiply-adds]); empty: 0.
    MultiplyAddsFormula multiplyAdds;
};

} // namespace miniflow
