#include "export/ExportTemplate.h"

#include "export/ExportError.h"
#include "ops/OpRegistry.h"

#include <cctype>
#include <cstdio>
#include <sstream>

namespace miniflow {

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

[[noreturn]] void fail(const TemplateContext& c, const std::string& what) {
    throw ExportError("node \"" + c.node.name + "\": the export template of " + c.node.info->kind +
                      " " + what);
}

/// Index of the '}' closing the '{' at `open`, or npos.
size_t closing(const std::string& text, size_t open) {
    int depth = 0;
    for (size_t i = open; i < text.size(); ++i) {
        depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
        if (depth == 0)
            return i;
    }
    return std::string::npos;
}

/// `text` split at `separator` outside braces and brackets.
std::vector<std::string> splitTop(const std::string& text, char separator) {
    std::vector<std::string> parts(1);
    int depth = 0;
    for (char c : text) {
        depth += (c == '{' || c == '[') ? 1 : (c == '}' || c == ']') ? -1 : 0;
        if (c == separator && depth == 0)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

const PlannedNode& input(const TemplateContext& c, const std::string& key, size_t& end) {
    const int port = std::stoi(key, &end);
    if (port < 0 || static_cast<size_t>(port) >= c.inputs.size())
        fail(c, "names input " + std::to_string(port) + ", which the node does not have");
    return *c.inputs[static_cast<size_t>(port)];
}

const std::vector<Index>& imageDims(const TemplateContext& c, const PlannedNode& from) {
    if (from.shape.sampleDims.size() != 3)
        fail(c,
             "needs an image input (C x H x W); \"" + from.name + "\" is " + toString(from.shape));
    return from.shape.sampleDims;
}

/// A key's value: "{padding}" -> "same", "{0.C}" -> "3".
std::string value(const std::string& key, const TemplateContext& c) {
    if (c.custom)
        if (std::optional<std::string> text = c.custom(key))
            return *text;
    if (!key.empty() && std::isdigit(static_cast<unsigned char>(key[0]))) {
        size_t end = 0;
        const PlannedNode& from = input(c, key, end);
        const std::string part = key.substr(end);
        if (part == ".kind")
            return from.shape.sampleDims.size() == 3 ? "image" : "flat";
        if (part == ".F")
            return std::to_string(from.shape.cols);
        if (part == ".C" || part == ".H" || part == ".W")
            return std::to_string(imageDims(c, from)[part == ".C" ? 0 : part == ".H" ? 1 : 2]);
        fail(c, "names {" + key + "}, which is not a key of an input");
    }
    const size_t colon = key.find(':');
    const std::string name = key.substr(0, colon);
    const nlohmann::json& defaults = c.node.info->defaultAttributes;
    const nlohmann::json& attributes = c.node.attributes;
    if (!defaults.contains(name) && !attributes.contains(name))
        fail(c, "names {" + key + "}, which it does not have");
    const nlohmann::json& v = attributes.contains(name) ? attributes[name] : defaults[name];
    if (colon != std::string::npos) {
        if (key.substr(colon) != ":dims" || !v.is_string())
            fail(c, "names {" + key + "}; only a dims string attribute takes :dims");
        std::string dims = v.get<std::string>();
        std::string text;
        for (char ch : dims)
            text += ch == 'x' ? std::string(", ") : std::string(1, ch);
        return text;
    }
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "True" : "False";
    if (v.is_number())
        return number(v.get<double>());
    fail(c, "names {" + key + "}, which is not a number or a string");
}

std::string choose(const std::string& key, const TemplateContext& c) {
    const size_t question = key.find('?');
    const std::string subject = value(key.substr(0, question), c);
    for (const std::string& alternative : splitTop(key.substr(question + 1), '|')) {
        const size_t colon = alternative.find(':');
        if (colon == std::string::npos)
            fail(c, "has the choice alternative \"" + alternative + "\" without a value");
        const std::string name = alternative.substr(0, colon);
        if (name == subject || name == "*")
            return expandTemplate(alternative.substr(colon + 1), c);
    }
    fail(c, "has no alternative for " + key.substr(0, question) + " = \"" + subject + "\"");
}

} // namespace

std::string expandTemplate(const std::string& text, const TemplateContext& context) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const size_t close = text[i] == '{' ? closing(text, i) : std::string::npos;
        if (close == std::string::npos) {
            out += text[i];
            continue;
        }
        const std::string key = text.substr(i + 1, close - i - 1);
        i = close;
        const size_t question = key.find('?');
        const bool choice = question != std::string::npos && key.find('{') > question;
        out += choice ? choose(key, context) : value(key, context);
    }
    return out;
}

std::string joinDims(const std::vector<Index>& dims, const char* separator) {
    std::string text;
    for (size_t i = 0; i < dims.size(); ++i)
        text += (i ? separator : "") + std::to_string(dims[i]);
    return text;
}

std::vector<Index> parameterDims(const TemplateContext& consumer, int port,
                                 const PlannedNode& parameter) {
    const Index rows = parameter.shape.rows, cols = parameter.shape.cols;
    const std::vector<std::string>& all = consumer.node.info->traits.parameterDims;
    if (port < 0 || static_cast<size_t>(port) >= all.size() ||
        all[static_cast<size_t>(port)].empty())
        return {rows, cols};
    const std::string text = expandTemplate(all[static_cast<size_t>(port)], consumer);
    std::vector<Index> dims;
    Index known = 1;
    int rest = -1;
    for (const std::string& part : splitTop(text, ',')) {
        const double d = std::stod(part);
        if (d == -1)
            rest = static_cast<int>(dims.size());
        else
            known *= static_cast<Index>(d);
        dims.push_back(static_cast<Index>(d));
    }
    if (rest >= 0 && known > 0)
        dims[static_cast<size_t>(rest)] = rows * cols / known;
    Index product = 1;
    for (Index d : dims)
        product *= d;
    if (product != rows * cols)
        throw ExportError("node \"" + consumer.node.name + "\": the Parameter \"" + parameter.name +
                          "\" on its input " + std::to_string(port) + " is " +
                          toString(parameter.shape) + ", which cannot be shaped " +
                          joinDims(dims, " x ") + " (resize it to match the node's attributes)");
    return dims;
}

TemplateContext templateContext(const ModelRoles& roles, int index) {
    const PlannedNode& p = roles.node(index);
    TemplateContext c{p, {}, {}};
    for (size_t port = 0; port < p.inputEdges.size(); ++port)
        c.inputs.push_back(&roles.producer(index, static_cast<int>(port)));
    return c;
}

std::vector<Index> exportedDims(const ModelRoles& roles, int index) {
    const PlannedNode& parameter = roles.node(index);
    const std::vector<Index> plain{parameter.shape.rows, parameter.shape.cols};
    std::vector<Index> dims = plain;
    for (int e : parameter.outputEdges) {
        const Edge& edge = roles.plan.edges()[static_cast<size_t>(e)];
        const int consumer = roles.plan.indexOf(edge.to);
        const std::vector<Index> wanted =
            parameterDims(templateContext(roles, consumer), edge.toPort, parameter);
        if (wanted == plain)
            continue;
        if (dims != plain && wanted != dims)
            throw ExportError("Parameter \"" + parameter.name + "\" feeds ops that need it " +
                              joinDims(dims, " x ") + " and " + joinDims(wanted, " x ") +
                              "; export needs one shape (use two Parameters)");
        dims = wanted;
    }
    return dims;
}

} // namespace miniflow
