#pragma once
/// An op's ONNX recipe (OnnxForm::recipe, NOTE [Export templates]) read into steps, shared by
/// the exporter (which writes them) and the importer (which matches them).
#include <string>
#include <utility>
#include <vector>

namespace miniflow {

struct OnnxStep {
    std::string op;                ///< ONNX op type: "Mul"
    std::vector<std::string> args; ///< "x", "x0", "*", "_" or a number
    std::vector<std::pair<std::string, std::string>> attributes; ///< name, number or $name
};

/// "Mul(x, 0.5)[axis=1]; Erf(_)" -> two steps. Throws std::invalid_argument on bad text.
std::vector<OnnxStep> parseRecipe(const std::string& recipe);

/// Input port an argument names ("x" 0, "x2" 2), or -1 ("*", "_", numbers).
int inputPortOf(const std::string& arg);
/// True when `arg` is a number (a scalar constant).
bool isConstantArg(const std::string& arg);
/// ONNX ops whose two inputs may be swapped (Add, Mul, Sum).
bool isCommutative(const std::string& op);
/// ONNX ops that take exactly two inputs (Add, Sub, Mul, Div): "*" folds into a chain of them.
bool isBinary(const std::string& op);

} // namespace miniflow
