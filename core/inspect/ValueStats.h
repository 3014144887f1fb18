#pragma once
#include "tensor/Tensor.h"

namespace miniflow {

/// What the studio shows for one node value: its shape and summary statistics.
/// Non-finite elements are left out of the statistics and counted instead.
struct ValueStats {
    Index rows = 0, cols = 0;
    double min = 0, max = 0, mean = 0;
    double stddev = 0;   ///< population standard deviation
    double l2Norm = 0;   ///< sqrt(sum v^2)
    Index nonFinite = 0; ///< NaN or Inf elements
};

ValueStats describeValue(const Tensor& value);

} // namespace miniflow
