#include "export/TrainScript.h"

#include "export/TrainTemplate.h"

namespace miniflow {

namespace {

/// JSON as a Python literal: the same text except true/false/null.
std::string pythonLiteral(const nlohmann::json& value, int indent = 0) {
    if (value.is_boolean())
        return value.get<bool>() ? "True" : "False";
    if (value.is_null())
        return "None";
    if (!value.is_object() && !value.is_array())
        return value.dump();
    const bool object = value.is_object();
    const std::string pad(static_cast<size_t>(indent + 4), ' ');
    std::string text = object ? "{\n" : "[";
    size_t i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
        if (object)
            text += pad + nlohmann::json(it.key()).dump() + ": " + pythonLiteral(*it, indent + 4) +
                    ",\n";
        else
            text += (i ? ", " : "") + pythonLiteral(*it, indent + 4);
    }
    return text + (object ? std::string(static_cast<size_t>(indent), ' ') + "}" : "]");
}

} // namespace

std::string trainScriptSource(const nlohmann::json& config) {
    std::string text(kTrainTemplate);
    const std::string placeholder = "@CONFIG@";
    text.replace(text.find(placeholder), placeholder.size(), pythonLiteral(config));
    return text;
}

} // namespace miniflow
