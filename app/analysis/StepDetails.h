#pragma once
#include "inspect/StepThrough.h"

#include <QString>

/// The text of one step-through step, as HTML for a QTextBrowser: MiniFlow's trace with the
/// numbers. A tensor with at most kFullElements elements (and kFullRows rows) is printed in
/// full; a larger one as its shape and summary statistics (min, max, mean, std, L2 norm).
/// Every number sits in a grid cell that never wraps, so no number is ever split across
/// lines (a narrow panel scrolls sideways instead).
namespace StepDetails {

inline constexpr int kFullElements = 48;
inline constexpr int kFullRows = 8;

/// "Forward pass @ f1 (Linear)": the value's shape, statistics and numbers.
QString forwardHtml(const miniflow::ForwardStep& step);
/// "BP @ activation (Sigmoid)": the gradients arriving along each outgoing edge and their
/// sum, then upstream × local = edge gradient on each input edge.
QString backwardHtml(const miniflow::BackwardStep& step);
/// A tensor in full or as a summary (see above).
QString tensorHtml(const miniflow::Tensor& tensor);

} // namespace StepDetails
