#pragma once
#include "io/GraphFile.h"

#include <nlohmann/json.hpp>

#include <string>

namespace miniflow {

/// Typed access to a JSON object's fields that reports "SOURCE: at /json/path: reason".
class JsonFields {
  public:
    JsonFields(const nlohmann::json& object, std::string path, const std::string& source);

    bool has(const std::string& key) const { return object_.contains(key); }
    const nlohmann::json& at(const std::string& key) const;
    std::string path(const std::string& key) const { return path_ + "/" + key; }

    std::string string(const std::string& key, const std::string& fallback) const;
    std::string requiredString(const std::string& key) const;
    double number(const std::string& key, double fallback) const;
    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const;
    bool boolean(const std::string& key, bool fallback) const;
    /// The array / object at `key` (required).
    const nlohmann::json& array(const std::string& key) const;
    const nlohmann::json& object(const std::string& key) const;

    [[noreturn]] void fail(const std::string& key, const std::string& reason) const;

  private:
    const nlohmann::json& object_;
    std::string path_;
    const std::string& source_;
};

[[noreturn]] void failAt(const std::string& source, const std::string& path,
                         const std::string& reason);
/// "number", "string", "array", ...
std::string jsonTypeName(const nlohmann::json& value);

} // namespace miniflow
