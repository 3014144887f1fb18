#pragma once
/// A BatchNorm node with its four Parameters (scale ones, shift zeros, running mean zeros and
/// running variance ones, the last two not trainable), as the studio's "BatchNorm layer" wires it.
#include "GraphBuilder.h"
#include "tensor/Tensor.h"

namespace miniflow::test {

struct BatchNormNodes {
    NodeId node, scale, shift, mean, variance;
};

inline BatchNormNodes addBatchNorm(Graph& g, NodeId x, Index channels, const std::string& name,
                                   nlohmann::json attributes = nlohmann::json::object()) {
    BatchNormNodes b;
    b.node = addNode(g, "BatchNorm", name, std::move(attributes));
    const auto parameter = [&](const std::string& suffix, const char* initializer, double value,
                               bool trainable) {
        nlohmann::json a = {{"rows", 1}, {"cols", channels}, {"initializer", initializer}};
        if (value != 0)
            a["value"] = value;
        if (!trainable)
            a["trainable"] = false;
        return addNode(g, "Parameter", name + "_" + suffix, a);
    };
    b.scale = parameter("scale", "constant", 1.0, true);
    b.shift = parameter("shift", "zeros", 0.0, true);
    b.mean = parameter("mean", "zeros", 0.0, false);
    b.variance = parameter("variance", "constant", 1.0, false);
    addEdge(g, x, b.node, 0);
    addEdge(g, b.scale, b.node, 1);
    addEdge(g, b.shift, b.node, 2);
    addEdge(g, b.mean, b.node, 3);
    addEdge(g, b.variance, b.node, 4);
    return b;
}

} // namespace miniflow::test
