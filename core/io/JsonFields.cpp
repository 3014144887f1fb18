#include "io/JsonFields.h"

#include <cmath>

namespace miniflow {

void failAt(const std::string& source, const std::string& path, const std::string& reason) {
    throw FormatError(source + ": at " + (path.empty() ? "/" : path) + ": " + reason);
}

std::string jsonTypeName(const nlohmann::json& value) {
    return value.type_name();
}

JsonFields::JsonFields(const nlohmann::json& object, std::string path, const std::string& source)
    : object_(object), path_(std::move(path)), source_(source) {
    if (!object_.is_object())
        failAt(source_, path_, "expected an object, found " + jsonTypeName(object_));
}

void JsonFields::fail(const std::string& key, const std::string& reason) const {
    failAt(source_, path(key), reason);
}

const nlohmann::json& JsonFields::at(const std::string& key) const {
    const auto it = object_.find(key);
    if (it == object_.end())
        failAt(source_, path_, "missing field \"" + key + "\"");
    return *it;
}

std::string JsonFields::string(const std::string& key, const std::string& fallback) const {
    return has(key) ? requiredString(key) : fallback;
}

std::string JsonFields::requiredString(const std::string& key) const {
    const nlohmann::json& v = at(key);
    if (!v.is_string())
        fail(key, "expected a string, found " + jsonTypeName(v));
    return v.get<std::string>();
}

double JsonFields::number(const std::string& key, double fallback) const {
    if (!has(key))
        return fallback;
    const nlohmann::json& v = at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        fail(key, "expected a finite number, found " + jsonTypeName(v));
    return v.get<double>();
}

std::int64_t JsonFields::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                 std::int64_t max) const {
    if (!has(key))
        return fallback;
    const nlohmann::json& v = at(key);
    if (!v.is_number_integer())
        fail(key, "expected an integer, found " + jsonTypeName(v));
    const auto value = v.get<std::int64_t>();
    if (value < min || value > max)
        fail(key, std::to_string(value) + " is outside " + std::to_string(min) + ".." +
                      std::to_string(max));
    return value;
}

bool JsonFields::boolean(const std::string& key, bool fallback) const {
    if (!has(key))
        return fallback;
    const nlohmann::json& v = at(key);
    if (!v.is_boolean())
        fail(key, "expected true or false, found " + jsonTypeName(v));
    return v.get<bool>();
}

const nlohmann::json& JsonFields::array(const std::string& key) const {
    const nlohmann::json& v = at(key);
    if (!v.is_array())
        fail(key, "expected an array, found " + jsonTypeName(v));
    return v;
}

const nlohmann::json& JsonFields::object(const std::string& key) const {
    const nlohmann::json& v = at(key);
    if (!v.is_object())
        fail(key, "expected an object, found " + jsonTypeName(v));
    return v;
}

} // namespace miniflow
