#include "train/SampleFeed.h"

#include <algorithm>
#include <numeric>

namespace miniflow {

RoleInputs findRoleInputs(const Plan& plan) {
    RoleInputs found;
    for (const PlannedNode& p : plan.nodes()) {
        if (p.info->source != SourceKind::Input)
            continue;
        const std::string role = stringAttribute(p.attributes, "role", "features");
        std::optional<NodeId>& slot = role == "labels" ? found.labels : found.features;
        if (slot)
            throw std::invalid_argument("more than one Input has role \"" + role + "\" (keep one)");
        slot = p.id;
    }
    return found;
}

namespace {
void feedOne(Session& session, NodeId input, const Tensor& source, const std::vector<Index>& rows,
             const char* what) {
    const PlannedNode& p =
        session.plan().nodes()[static_cast<size_t>(session.plan().indexOf(input))];
    if (p.shape.cols != source.cols())
        throw std::invalid_argument(
            "Input \"" + p.name + "\" expects " + std::to_string(p.shape.cols) +
            " columns but the dataset's " + what + " have " + std::to_string(source.cols()) +
            " (set its \"features\" to " + std::to_string(source.cols()) + ")");
    gatherRows(source, rows, session.input(input));
}
} // namespace

void feedRows(Session& session, const RoleInputs& inputs, const Dataset& data,
              const std::vector<Index>& rows) {
    if (inputs.features)
        feedOne(session, *inputs.features, data.features, rows, "features");
    if (inputs.labels)
        feedOne(session, *inputs.labels, data.targets, rows, "targets");
}

std::vector<Index> firstRows(Index count) {
    std::vector<Index> rows(static_cast<size_t>(std::max<Index>(count, 0)));
    std::iota(rows.begin(), rows.end(), Index{0});
    return rows;
}

} // namespace miniflow
