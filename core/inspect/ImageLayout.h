#pragma once
/// NOTE [Image views]
/// How the studio's views draw a value as images, decided by shapes and never by op kinds:
///  - a value whose Shape has sampleDims {C, H, W} (or {H, W}: one channel) is, in every
///    sample row, C images of H x W, column (c*H + h)*W + w (NOTE [Image layout]);
///  - a Parameter is a bank of kernels when it feeds a node whose output is an image
///    {Cout, Ho, Wo} and whose other input on some port is an image {Cin, H, W}, and it has
///    Cout rows: each row is one filter of (Cin/groups) x kH x kW, PyTorch's weight order
///    (the conv contract). kH and kW are the consumer's "kernelH" / "kernelW" attributes,
///    which the contract names; without them the kernel is taken as square when
///    cols / (Cin/groups) is a square number, else the Parameter is not a kernel bank.
#include "autograd/Plan.h"
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <optional>

namespace miniflow {

/// One sample of an image value: C images of H x W.
struct ImageDims {
    Index channels = 0, height = 0, width = 0;
    Index size() const { return channels * height * width; }
    bool operator==(const ImageDims&) const = default;
};

/// A bank of conv filters: outChannels filters of inChannels x height x width each.
struct KernelDims {
    Index outChannels = 0, inChannels = 0, height = 0, width = 0;
    Index filterSize() const { return inChannels * height * width; }
    bool operator==(const KernelDims&) const = default;
};

/// {C, H, W} of an image Shape ({H, W} reads as one channel); nullopt for flat shapes and for
/// dims whose product is not the shape's columns.
std::optional<ImageDims> imageDims(const Shape& shape);

/// The kernel layout of Parameter `parameter` (see the NOTE), or nullopt when it is not one.
std::optional<KernelDims> kernelDims(const Graph& graph, const ShapeInference& shapes,
                                     NodeId parameter);

/// "N x C x H x W" for image shapes ("N x 6 x 24 x 24", "1 x 3 x 32 x 32"), else toString.
std::string shapeText(const Shape& shape);

} // namespace miniflow
