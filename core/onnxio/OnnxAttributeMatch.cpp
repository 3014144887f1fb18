#include "onnxio/OnnxAttributeMatch.h"

#include "export/ExportError.h"
#include "onnxio/OnnxReading.h"

#include <cmath>
#include <optional>

namespace miniflow {

namespace {

/// An ONNX attribute value, or a recipe's literal standing for one.
struct Actual {
    enum class Kind { Number, Ints, Text } kind = Kind::Number;
    double number = 0;
    std::vector<std::int64_t> ints;
    std::string text;
};

std::string describe(const Actual& a) {
    switch (a.kind) {
    case Actual::Kind::Number: {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%g", a.number);
        return buffer;
    }
    case Actual::Kind::Text:
        return "'" + a.text + "'";
    case Actual::Kind::Ints: {
        std::string list = "[";
        for (size_t i = 0; i < a.ints.size(); ++i)
            list += (i ? ", " : "") + std::to_string(a.ints[i]);
        return list + "]";
    }
    }
    return {};
}

std::optional<Actual> fromProto(const onnx::AttributeProto& a) {
    Actual v;
    switch (a.type()) {
    case onnx::AttributeProto::FLOAT:
        v.number = a.f();
        return v;
    case onnx::AttributeProto::INT:
        v.number = static_cast<double>(a.i());
        return v;
    case onnx::AttributeProto::INTS:
        v.kind = Actual::Kind::Ints;
        v.ints.assign(a.ints().begin(), a.ints().end());
        return v;
    case onnx::AttributeProto::STRING:
        v.kind = Actual::Kind::Text;
        v.text = a.s();
        return v;
    default:
        return std::nullopt;
    }
}

/// A recipe literal ("[1, 1]", "'NOTSET'", "0") as a value.
Actual fromLiteral(const std::string& literal) {
    Actual v;
    if (literal.size() >= 2 && literal.front() == '\'') {
        v.kind = Actual::Kind::Text;
        v.text = literal.substr(1, literal.size() - 2);
    } else if (isListArg(literal)) {
        v.kind = Actual::Kind::Ints;
        for (const std::string& item : splitOutside(literal.substr(1, literal.size() - 2), ','))
            v.ints.push_back(std::stoll(item));
    } else {
        v.number = std::stod(literal);
    }
    return v;
}

/// "$name:int" -> "name"; the form after the colon into `form`.
std::string keyOf(const std::string& spec, std::string& form) {
    const size_t colon = spec.find(':');
    form = colon == std::string::npos ? "" : spec.substr(colon + 1);
    return spec.substr(1, colon == std::string::npos ? colon : colon - 1);
}

/// Whole numbers bind as JSON integers (kernel sizes, strides: ops read them as counts).
bool bindNumber(nlohmann::json& attributes, const std::string& key, double value) {
    if (attributes.contains(key))
        return attributes[key].is_number() && attributes[key].get<double>() == value;
    if (value == std::floor(value) && std::abs(value) < 9.0e15)
        attributes[key] = static_cast<std::int64_t>(value);
    else
        attributes[key] = value;
    return true;
}

bool equalNumbers(double a, double b) {
    return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b));
}

/// Binds `spec` against `actual`; false on a mismatch.
bool matchValue(const std::string& spec, const Actual& actual, nlohmann::json& attributes) {
    if (spec.size() >= 2 && spec.front() == '\'')
        return actual.kind == Actual::Kind::Text && actual.text == spec.substr(1, spec.size() - 2);
    if (isListArg(spec)) {
        const std::vector<std::string> items = splitOutside(spec.substr(1, spec.size() - 2), ',');
        if (actual.kind != Actual::Kind::Ints || actual.ints.size() != items.size())
            return false;
        for (size_t i = 0; i < items.size(); ++i) {
            const double v = static_cast<double>(actual.ints[i]);
            std::string form;
            if (!items[i].empty() && items[i].front() == '(') {
                return false; // an export-only expression ('same' pads): import reads no value
            } else if (!items[i].empty() && items[i].front() == '$') {
                if (!bindNumber(attributes, keyOf(items[i], form), v))
                    return false;
            } else if (!equalNumbers(v, std::stod(items[i]))) {
                return false;
            }
        }
        return true;
    }
    if (actual.kind != Actual::Kind::Number)
        return false;
    if (!spec.empty() && spec.front() == '$') {
        std::string form;
        const std::string key = keyOf(spec, form);
        if (form == "int" && actual.number != std::floor(actual.number))
            return false;
        return bindNumber(attributes, key,
                          form == "oneminus" ? 1.0 - actual.number : actual.number);
    }
    return equalNumbers(actual.number, std::stod(spec));
}

/// Matches every spec; on a mismatch returns the text describing it.
std::optional<std::string> matchAll(const onnx::NodeProto& node,
                                    const std::vector<OnnxAttribute>& specs,
                                    nlohmann::json& attributes) {
    for (const OnnxAttribute& spec : specs) {
        const onnx::AttributeProto* a = findAttribute(node, spec.name);
        std::optional<Actual> actual;
        if (a) {
            actual = fromProto(*a);
            if (!actual)
                return spec.name + " of an attribute type MiniFlow does not read";
        } else if (!spec.absent.empty()) {
            actual = fromLiteral(spec.absent);
        } else {
            continue; // absent: $name keeps the op's default, a literal is what ONNX assumes
        }
        if (!matchValue(spec.value, *actual, attributes))
            return spec.name + " = " + describe(*actual) + (a ? "" : " (absent)") +
                   " where MiniFlow imports " + spec.value;
    }
    return std::nullopt;
}

} // namespace

nlohmann::json importAttributes(const onnx::NodeProto& node, const OnnxStep& step,
                                const OpInfo& info, const std::string& path) {
    const std::string where = path + ": " + node.op_type() + " node \"" + node.name() + "\"";
    nlohmann::json attributes = nlohmann::json::object();
    if (const auto problem = matchAll(node, step.attributes, attributes))
        throw ExportError(where + " has " + *problem + " (as " + info.kind + ")");
    for (const OnnxChoice& choice : step.choices) {
        std::string problems;
        bool matched = false;
        for (const auto& [value, specs] : choice.alternatives) {
            nlohmann::json tried = attributes;
            const auto problem = matchAll(node, specs, tried);
            if (!problem) {
                attributes = std::move(tried);
                attributes[choice.attribute] = value;
                matched = true;
                break;
            }
            problems +=
                (problems.empty() ? "" : "; ") + choice.attribute + " " + value + ": " + *problem;
        }
        if (!matched)
            throw ExportError(where + " matches none of " + info.kind + "'s " + choice.attribute +
                              " choices (" + problems + ")");
    }
    return attributes;
}

bool matchListArgument(const std::string& spec, const std::vector<std::int64_t>& values,
                       nlohmann::json& attributes) {
    const std::vector<std::string> items = splitOutside(spec.substr(1, spec.size() - 2), ',');
    size_t at = 0;
    for (const std::string& item : items) {
        if (item.size() > 6 && item.front() == '$' &&
            item.compare(item.size() - 5, 5, ":dims") == 0) {
            if (at >= values.size())
                return false;
            std::string dims;
            for (; at < values.size(); ++at) {
                if (values[at] <= 0)
                    return false;
                dims += (dims.empty() ? "" : "x") + std::to_string(values[at]);
            }
            attributes[item.substr(1, item.size() - 6)] = dims;
            continue;
        }
        if (at >= values.size())
            return false;
        const std::int64_t v = values[at++];
        if (item == "N" ? (v != -1 && v != 0) : v != std::stoll(item))
            return false;
    }
    return at == values.size();
}

} // namespace miniflow
