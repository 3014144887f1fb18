#include "inspect/ValueStats.h"

#include <cmath>
#include <limits>

namespace miniflow {

ValueStats describeValue(const Tensor& value) {
    ValueStats s;
    s.rows = value.rows();
    s.cols = value.cols();
    double sum = 0, squares = 0;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    Index finite = 0;
    for (Index i = 0; i < value.size(); ++i) {
        const double v = value.data()[i];
        if (!std::isfinite(v)) {
            ++s.nonFinite;
            continue;
        }
        ++finite;
        sum += v;
        squares += v * v;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (finite == 0)
        return s;
    s.min = low;
    s.max = high;
    s.mean = sum / static_cast<double>(finite);
    s.stddev = std::sqrt(std::max(0.0, squares / static_cast<double>(finite) - s.mean * s.mean));
    s.l2Norm = std::sqrt(squares);
    return s;
}

} // namespace miniflow
