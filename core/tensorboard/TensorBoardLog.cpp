#include "tensorboard/TensorBoardLog.h"

namespace miniflow {

namespace {

std::span<const float> valuesOf(const Tensor& t) {
    return {t.data(), static_cast<size_t>(t.size())};
}

std::string edgeTag(const Plan& plan, const Edge& edge) {
    const PlannedNode& from = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.from))];
    const PlannedNode& to = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.to))];
    const std::vector<std::string>& ports = to.info->inputNames;
    const std::string port = ports.empty() ? std::to_string(edge.toPort)
                             : static_cast<size_t>(edge.toPort) < ports.size()
                                 ? ports[static_cast<size_t>(edge.toPort)]
                                 : ports.back() + std::to_string(edge.toPort);
    return "gradients/" + from.name + "->" + to.name + "." + port;
}

} // namespace

TensorBoardLog::TensorBoardLog(const std::string& folder) : events_(folder) {}

void TensorBoardLog::onStep(const StepReport& report, const Session&) {
    events_.addScalar("loss/train", report.step, report.loss);
    lastStep_ = report.step;
}

void TensorBoardLog::onEpoch(const EpochReport& report, const Session& session) {
    events_.addScalar("loss/epoch_train", lastStep_, report.trainLoss);
    if (report.trainAccuracy)
        events_.addScalar("accuracy/train", lastStep_, *report.trainAccuracy);
    if (report.validation) {
        events_.addScalar("loss/validation", lastStep_, report.validation->loss);
        if (report.validation->accuracy)
            events_.addScalar("accuracy/validation", lastStep_, *report.validation->accuracy);
    }
    const Plan& plan = session.plan();
    for (NodeId id : session.parameterIds()) {
        const Tensor& value = session.value(id);
        events_.addHistogram("parameters/" +
                                 plan.nodes()[static_cast<size_t>(plan.indexOf(id))].name,
                             lastStep_, valuesOf(value));
    }
    for (size_t e = 0; e < plan.edges().size(); ++e) {
        const int index = static_cast<int>(e);
        if (!session.hasEdgeGradient(index) || session.edgeGradient(index).size() == 0)
            continue;
        events_.addHistogram(edgeTag(plan, plan.edges()[e]), lastStep_,
                             valuesOf(session.edgeGradient(index)));
    }
    events_.flush();
}

} // namespace miniflow
