#pragma once
/// An op's ONNX recipe (OnnxForm::recipe, NOTE [Export templates]) read into steps, shared by
/// the exporter (which writes them) and the importer (which matches them).
#include <string>
#include <utility>
#include <vector>

namespace miniflow {

/// One attribute of a step: name=value~absent.
struct OnnxAttribute {
    std::string name;
    std::string value;  ///< a number, 'text', $name[:int|:oneminus] or [v, v, ...]
    std::string absent; ///< what ONNX means when the attribute is absent, "" when unknown
};

/// "{name?a:ATTRS|b:ATTRS}": attributes chosen by the node's string attribute `name`.
struct OnnxChoice {
    std::string attribute;
    std::vector<std::pair<std::string, std::vector<OnnxAttribute>>> alternatives;
};

struct OnnxStep {
    std::string op;                ///< ONNX op type: "Mul"
    std::vector<std::string> args; ///< "x", "x0", "*", "_", a number or "[N, $shape:dims]"
    std::vector<OnnxAttribute> attributes;
    std::vector<OnnxChoice> choices;
};

/// "Mul(x, 0.5)[axis=1]; Erf(_)" -> two steps. Throws std::invalid_argument on bad text.
std::vector<OnnxStep> parseRecipe(const std::string& recipe);

/// `text` split at `separator` outside brackets, braces and quotes, each part trimmed.
std::vector<std::string> splitOutside(const std::string& text, char separator);

/// Input port an argument names ("x" 0, "x2" 2), or -1 ("*", "_", numbers).
int inputPortOf(const std::string& arg);
/// True when `arg` is a number (a scalar constant).
bool isConstantArg(const std::string& arg);
/// True when `arg` is an int64 list initializer "[N, $shape:dims]".
bool isListArg(const std::string& arg);
/// ONNX ops whose two inputs may be swapped (Add, Mul, Sum).
bool isCommutative(const std::string& op);
/// ONNX ops that take exactly two inputs (Add, Sub, Mul, Div): "*" folds into a chain of them.
bool isBinary(const std::string& op);

} // namespace miniflow
