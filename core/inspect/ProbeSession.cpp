#include "inspect/ProbeSession.h"

#include "io/DataSource.h"
#include "train/SampleFeed.h"

#include <algorithm>

namespace miniflow {

namespace {

bool hasLoss(const Graph& graph) {
    return std::any_of(graph.nodes().begin(), graph.nodes().end(), [](const Node& n) {
        const OpInfo* info = findOp(n.op);
        return info && info->isLoss;
    });
}

void requireFedInputs(const Session& session) {
    for (const PlannedNode& p : session.plan().nodes())
        if (p.info->source == SourceKind::Input && session.value(p.id).rows() == 0)
            throw std::invalid_argument(
                "Input \"" + p.name +
                "\" has no data: load a dataset (Dataset panel) or give it a "
                "\"value\"");
}

} // namespace

ProbeSession makeProbeSession(const GraphFile& file, const std::string& baseFolder, Index rows) {
    const PlanPurpose purpose = hasLoss(file.graph) ? PlanPurpose::Training : PlanPurpose::Forward;
    ProbeSession probe{Session(Plan::build(file.graph, purpose), file.training.seed),
                       {},
                       "the values stored in the graph"};
    restoreParameters(probe.session, file);
    if (file.dataset.source != "none") {
        probe.data = loadTrainingData(file.dataset, baseFolder);
        const Index count = std::min(rows, probe.data.train.size());
        feedRows(probe.session, findRoleInputs(probe.session.plan()), probe.data.train,
                 firstRows(count));
        probe.dataNote = "the first " + std::to_string(count) + " training samples";
    }
    requireFedInputs(probe.session);
    return probe;
}

} // namespace miniflow
