#pragma once
/// NOTE [Memory before allocation]
/// A Session refuses a plan whose Parameters do not fit in the memory budget (NOTE [Memory
/// budget], data/MemoryBudget.h) before it allocates anything, and the Trainer a batch whose
/// node values and gradients do not: the MemoryError names the node, its shape, the bytes
/// needed and the bytes available, where std::bad_alloc would say nothing. Estimates count
/// float32 values and one gradient of the same size per node (a lower bound: optimizer state
/// and scratch come on top).
#include "autograd/Plan.h"

#include <cstdint>
#include <stdexcept>

namespace miniflow {

struct MemoryError : std::runtime_error {
    MemoryError(const std::string& message, NodeId node)
        : std::runtime_error(message), node(node) {}
    NodeId node; ///< the Parameter, or the largest node of the batch
};

/// Bytes of a rows x cols float32 value and its gradient.
std::uint64_t valueAndGradientBytes(Index rows, Index cols);

/// Throws MemoryError naming the Parameter that does not fit alone, else (naming the
/// largest) when all of them together do not.
void requireParameterMemory(const Plan& plan);

/// Throws MemoryError when the values (and, for training, the gradients) of every batched
/// node for a batch of `rows` samples do not fit, naming the largest node and its shape at
/// that batch size.
void requireBatchMemory(const Plan& plan, Index rows, bool withGradients = true);

} // namespace miniflow
