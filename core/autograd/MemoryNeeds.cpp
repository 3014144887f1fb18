#include "autograd/MemoryNeeds.h"

#include "data/MemoryBudget.h"

#include <limits>
#include <optional>

namespace miniflow {

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
    return a > kMax - b ? kMax : a + b;
}

std::string shapeText(Index rows, Index cols) {
    return std::to_string(rows) + " x " + std::to_string(cols);
}

/// The largest of `nodes` by `bytes`, and the sum of all.
template <typename Bytes>
std::pair<const PlannedNode*, std::uint64_t> largestAndTotal(const Plan& plan, Bytes bytes) {
    const PlannedNode* largest = nullptr;
    std::uint64_t total = 0, most = 0;
    for (const PlannedNode& p : plan.nodes()) {
        const std::uint64_t b = bytes(p);
        total = add(total, b);
        if (b > most) {
            most = b;
            largest = &p;
        }
    }
    return {largest, total};
}

} // namespace

std::uint64_t valueAndGradientBytes(Index rows, Index cols) {
    const auto elements = static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols);
    return elements > kMax / (2 * sizeof(float)) ? kMax : elements * 2 * sizeof(float);
}

void requireParameterMemory(const Plan& plan) {
    const std::optional<std::uint64_t> available = availableMemoryBytes();
    if (!available)
        return;
    const auto bytes = [](const PlannedNode& p) {
        return p.info->source == SourceKind::Parameter
                   ? valueAndGradientBytes(p.shape.rows, p.shape.cols)
                   : 0;
    };
    const auto [largest, total] = largestAndTotal(plan, bytes);
    if (!largest || total <= *available)
        return;
    const std::string node = "Parameter \"" + largest->name + "\" (" +
                             shapeText(largest->shape.rows, largest->shape.cols) + ")";
    const std::string what = bytes(*largest) > *available
                                 ? node + " needs " + formatBytes(bytes(*largest))
                                 : "the Parameters need " + formatBytes(total) +
                                       " together (the largest: " + node + ", " +
                                       formatBytes(bytes(*largest)) + ")";
    throw MemoryError(what + " of memory for values and gradients (float32) but only " +
                          formatBytes(*available) +
                          " is available; nothing was allocated (make it smaller, or close other "
                          "programs)",
                      largest->id);
}

void requireBatchMemory(const Plan& plan, Index rows, bool withGradients) {
    const std::optional<std::uint64_t> available = availableMemoryBytes();
    if (!available)
        return;
    const auto bytes = [rows, withGradients](const PlannedNode& p) -> std::uint64_t {
        if (!p.shape.isBatched())
            return 0;
        const std::uint64_t both = valueAndGradientBytes(rows, p.shape.cols);
        return withGradients ? both : both / 2;
    };
    const auto [largest, total] = largestAndTotal(plan, bytes);
    if (!largest || total <= *available)
        return;
    throw MemoryError("a batch of " + std::to_string(rows) + " samples needs " +
                          formatBytes(total) + " of memory for the values" +
                          (withGradients ? " and gradients" : "") +
                          " of its nodes (the largest: \"" + largest->name + "\", " +
                          shapeText(rows, largest->shape.cols) + ", " +
                          formatBytes(bytes(*largest)) + ") but only " + formatBytes(*available) +
                          " is available; nothing was allocated (use a smaller batch size or "
                          "smaller layers)",
                      largest->id);
}

} // namespace miniflow
