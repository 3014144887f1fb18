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

[[noreturn]] void bad(const std::string& recipe, const std::string& what) {
    throw std::invalid_argument("ONNX recipe \"" + recipe + "\": " + what);
}

OnnxAttribute parseAttribute(const std::string& text, const std::string& recipe) {
    const size_t eq = text.find('=');
    if (eq == std::string::npos)
        bad(recipe, "attribute \"" + text + "\" is not name=value");
    const std::string value = trimmed(text.substr(eq + 1));
    const size_t tilde = value.find('~');
    return {trimmed(text.substr(0, eq)), trimmed(value.substr(0, tilde)),
            tilde == std::string::npos ? "" : trimmed(value.substr(tilde + 1))};
}

OnnxChoice parseChoice(const std::string& text, const std::string& recipe) {
    const size_t question = text.find('?');
    if (text.size() < 2 || text.back() != '}' || question == std::string::npos)
        bad(recipe, "choice \"" + text + "\" is not {name?value:ATTRS|...}");
    OnnxChoice choice{trimmed(text.substr(1, question - 1)), {}};
    for (const std::string& alternative :
         splitOutside(text.substr(question + 1, text.size() - question - 2), '|')) {
        const size_t colon = alternative.find(':');
        if (colon == std::string::npos)
            bad(recipe, "choice alternative \"" + alternative + "\" has no value:");
        std::vector<OnnxAttribute> attributes;
        for (const std::string& a : splitOutside(alternative.substr(colon + 1), ','))
            if (!a.empty())
                attributes.push_back(parseAttribute(a, recipe));
        choice.alternatives.emplace_back(trimmed(alternative.substr(0, colon)),
                                         std::move(attributes));
    }
    return choice;
}

OnnxStep parseStep(const std::string& text, const std::string& recipe) {
    const size_t open = text.find('(');
    const size_t close = open == std::string::npos ? open : text.find(')', open);
    if (open == std::string::npos || close == std::string::npos || open == 0)
        bad(recipe, "step \"" + text + "\" is not Op(args)[attributes]");
    OnnxStep step{trimmed(text.substr(0, open)),
                  splitOutside(text.substr(open + 1, close - open - 1), ','),
                  {},
                  {}};
    const std::string rest = trimmed(text.substr(close + 1));
    if (rest.empty())
        return step;
    if (rest.front() != '[' || rest.back() != ']')
        bad(recipe, "step \"" + text + "\" has text after its arguments");
    for (const std::string& a : splitOutside(rest.substr(1, rest.size() - 2), ',')) {
        if (a.empty())
            continue;
        if (a.front() == '{')
            step.choices.push_back(parseChoice(a, recipe));
        else
            step.attributes.push_back(parseAttribute(a, recipe));
    }
    return step;
}

} // namespace

std::vector<std::string> splitOutside(const std::string& text, char separator) {
    std::vector<std::string> parts(1);
    int depth = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '\'')
            quoted = !quoted;
        if (!quoted)
            depth += (c == '{' || c == '[' || c == '(')   ? 1
                     : (c == '}' || c == ']' || c == ')') ? -1
                                                          : 0;
        if (c == separator && depth == 0 && !quoted)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    for (std::string& part : parts)
        part = trimmed(part);
    return parts;
}

std::vector<OnnxStep> parseRecipe(const std::string& recipe) {
    std::vector<OnnxStep> steps;
    for (const std::string& part : splitOutside(recipe, ';'))
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

bool isListArg(const std::string& arg) {
    return arg.size() >= 2 && arg.front() == '[' && arg.back() == ']';
}

bool isCommutative(const std::string& op) {
    return op == "Add" || op == "Mul" || op == "Sum";
}

bool isBinary(const std::string& op) {
    return op == "Add" || op == "Sub" || op == "Mul" || op == "Div";
}

} // namespace miniflow
