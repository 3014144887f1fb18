#pragma once
#include "inspect/ImageLayout.h"
#include "inspect/StepThrough.h"

#include <map>

#include <QString>

/// The text of one step-through step, as HTML for a QTextBrowser: MiniFlow's trace with the
/// numbers. A tensor with at most kFullElements elements (and kFullRows rows) is printed in
/// full; a larger one as its shape and summary statistics (min, max, mean, std, L2 norm).
/// Every number sits in a grid cell that never wraps, so no number is ever split across
/// lines (a narrow panel scrolls sideways instead). Image-shaped values (NOTE [Image
/// views]) print as grids: per sample row, each channel an H x W table side by side; a
/// kernel bank per out-channel, each in-channel a kH x kW table; in full up to
/// kFullImageElements elements (kFullRows rows, sides up to kFullImageSide), else as the
/// summary with their C x H x W shape.
namespace StepDetails {

inline constexpr int kFullElements = 48;
inline constexpr int kFullRows = 8;
inline constexpr int kFullImageElements = 128;
inline constexpr int kFullImageSide = 8;

/// How the values of each node read (from the graph's shapes): image or kernel bank.
struct Layouts {
    std::map<miniflow::NodeId, miniflow::ImageDims> images;
    std::map<miniflow::NodeId, miniflow::KernelDims> kernels;
};
Layouts layoutsFor(const miniflow::Graph& graph);

/// One tensor's layout: at most one of the two.
struct Layout {
    std::optional<miniflow::ImageDims> image;
    std::optional<miniflow::KernelDims> kernel;
};

/// "Forward pass @ f1 (Linear)": the value's shape, statistics and numbers.
QString forwardHtml(const miniflow::ForwardStep& step, const Layouts& layouts = {});
/// "BP @ activation (Sigmoid)": the gradients arriving along each outgoing edge and their
/// sum, then upstream × local = edge gradient on each input edge.
QString backwardHtml(const miniflow::BackwardStep& step, const Layouts& layouts = {});
/// A tensor in full or as a summary (see above).
QString tensorHtml(const miniflow::Tensor& tensor, const Layout& layout = {});

} // namespace StepDetails
