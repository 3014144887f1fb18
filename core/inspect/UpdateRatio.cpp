#include "inspect/UpdateRatio.h"

#include <cmath>

namespace miniflow {

std::map<NodeId, double> measureUpdateRatios(const Session& session,
                                             const std::vector<Tensor>& before) {
    std::map<NodeId, double> ratios;
    const std::vector<NodeId>& ids = session.parameterIds();
    for (size_t k = 0; k < ids.size() && k < before.size(); ++k) {
        if (!session.isTrainable(ids[k]))
            continue; // no optimizer step (running statistics move, but not by an update)
        const Tensor& now = session.value(ids[k]);
        if (before[k].rows() != now.rows() || before[k].cols() != now.cols())
            continue;
        const double weight = std::sqrt(static_cast<double>(now.squaredNorm()));
        const double update = std::sqrt(static_cast<double>((now - before[k]).squaredNorm()));
        ratios[ids[k]] = weight > 0 ? update / weight : 0.0;
    }
    return ratios;
}

} // namespace miniflow
