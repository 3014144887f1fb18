#include "train/UpdateProbe.h"

#include <cmath>

namespace miniflow {

void UpdateProbe::mark(const Session& session) {
    for (NodeId id : session.parameterIds())
        marked_[id] = session.value(id);
    armed_ = true;
}

std::map<NodeId, double> UpdateProbe::measure(const Session& session) {
    std::map<NodeId, double> ratios;
    for (NodeId id : session.parameterIds()) {
        const auto found = marked_.find(id);
        const Tensor& now = session.value(id);
        if (found == marked_.end() || found->second.size() != now.size())
            continue;
        const double weight = std::sqrt(static_cast<double>(now.squaredNorm()));
        const double update = std::sqrt(static_cast<double>((now - found->second).squaredNorm()));
        ratios[id] = weight > 0 ? update / weight : 0.0;
    }
    armed_ = false;
    return ratios;
}

} // namespace miniflow
