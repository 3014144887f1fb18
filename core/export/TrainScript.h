#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace miniflow {

/// train.py: core/export/train_template.py (compiled in) with its CONFIG set to `config`
/// written as a Python literal.
std::string trainScriptSource(const nlohmann::json& config);

} // namespace miniflow
