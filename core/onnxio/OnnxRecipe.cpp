#include "onnxio/OnnxRecipe.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace miniflow {

namespace {

std::string trimmed(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    size_t from = 0;
    for (size_t at = text.find(separator); at != std::string::npos;
         from = at + 1, at = text.find(separator, from))
        parts.push_back(trimmed(text.substr(from, at - from)));
    parts.push_back(trimmed(text.substr(from)));
    return parts;
}

OnnxStep parseStep(const std::string& text, const std::string& recipe) {
    const size_t open = text.find('('), close = text.find(')');
    if (open == std::string::npos || close == std::string::npos || close < open || open == 0)
        throw std::invalid_argument("ONNX recipe \"" + recipe + "\": step \"" + text +
                                    "\" is not Op(args)[attributes]");
    OnnxStep step{
        trimmed(text.substr(0, open)), split(text.substr(open + 1, close - open - 1), ','), {}};
    const std::string rest = trimmed(text.substr(close + 1));
    if (rest.empty())
        return step;
    if (rest.front() != '[' || rest.back() != ']')
        throw std::invalid_argument("ONNX recipe \"" + recipe + "\": step \"" + text +
                                    "\" has text after its arguments");
    for (const std::string& a : split(rest.substr(1, rest.size() - 2), ',')) {
        const size_t eq = a.find('=');
        if (eq == std::string::npos)
            throw std::invalid_argument("ONNX recipe \"" + recipe + "\": attribute \"" + a +
                                        "\" is not name=value");
        step.attributes.emplace_back(trimmed(a.substr(0, eq)), trimmed(a.substr(eq + 1)));
    }
    return step;
}

} // namespace

std::vector<OnnxStep> parseRecipe(const std::string& recipe) {
    std::vector<OnnxStep> steps;
    for (const std::string& part : split(recipe, ';'))
        steps.push_back(parseStep(part, recipe));
    return steps;
}

int inputPortOf(const std::string& arg) {
    if (arg == "x")
        return 0;
    if (arg.size() >= 2 && arg[0] == 'x' &&
        std::all_of(arg.begin() + 1, arg.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::atoi(arg.c_str() + 1);
    return -1;
}

bool isConstantArg(const std::string& arg) {
    if (arg.empty())
        return false;
    char* end = nullptr;
    std::strtod(arg.c_str(), &end);
    return end == arg.c_str() + arg.size();
}

bool isCommutative(const std::string& op) {
    return op == "Add" || op == "Mul" || op == "Sum";
}

bool isBinary(const std::string& op) {
    return op == "Add" || op == "Sub" || op == "Mul" || op == "Div";
}

} // namespace miniflow
