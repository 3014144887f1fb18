#include "data/MemoryBudget.h"

#include "data/Dataset.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace miniflow {

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

/// MemAvailable from /proc/meminfo, in bytes.
std::optional<std::uint64_t> memAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (in >> key >> kib) {
        std::getline(in, unit);
        if (key == "MemAvailable:")
            return kib * 1024;
    }
    return std::nullopt;
}

/// MINIFLOW_MEMORY_LIMIT as bytes ("2G", "512M", "1000000"); nullopt when unset or invalid.
std::optional<std::uint64_t> configuredLimit() {
    const char* text = std::getenv("MINIFLOW_MEMORY_LIMIT");
    if (!text || !*text)
        return std::nullopt;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    const std::string suffix(end);
    const int shift = suffix.empty()  ? 0
                      : suffix == "K" ? 10
                      : suffix == "M" ? 20
                      : suffix == "G" ? 30
                                      : -1;
    if (end == text || shift < 0 || value > (kMax >> shift))
        return std::nullopt;
    return std::uint64_t{value} << shift;
}

std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) {
    return a > kMax - b ? kMax : a + b;
}

std::uint64_t saturatingMul(std::uint64_t a, std::uint64_t b) {
    return b != 0 && a > kMax / b ? kMax : a * b;
}

} // namespace

std::optional<std::uint64_t> availableMemoryBytes() {
    const std::optional<std::uint64_t> system = memAvailable();
    const std::optional<std::uint64_t> limit = configuredLimit();
    if (system && limit)
        return std::min(*system, *limit);
    return system ? system : limit;
}

std::string formatBytes(std::uint64_t bytes) {
    const double gib = static_cast<double>(bytes) / double(1 << 30);
    char text[48];
    if (gib >= 1.0)
        std::snprintf(text, sizeof text, "%.2f GiB", gib);
    else
        std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / double(1 << 20));
    return text;
}

std::uint64_t datasetPeakBytes(std::uint64_t elements, std::uint64_t fileBytes) {
    return saturatingAdd(saturatingMul(elements, 2 * sizeof(float)), fileBytes);
}

void requireMemory(const std::string& path, const std::string& what, std::uint64_t neededBytes) {
    const std::optional<std::uint64_t> available = availableMemoryBytes();
    if (!available || neededBytes <= *available)
        return;
    throw DataError(path + ": " + what + " needs " + formatBytes(neededBytes) +
                    " of memory but only " + formatBytes(*available) +
                    " is available (too big for this computer: use a smaller subset of the "
                    "data, or close other programs)");
}

} // namespace miniflow
