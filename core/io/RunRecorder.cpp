#include "io/RunRecorder.h"

#include <cmath>
#include <ctime>

namespace miniflow {

RunRecord newRunRecord(const std::string& folder, const GraphFile& file, const std::string& name,
                       BestBy bestBy) {
    RunRecord run;
    run.id = newRunId(folder);
    run.name = name;
    const auto now = std::chrono::system_clock::now();
    run.startedMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    run.started = text;
    run.bestBy = bestBy;
    run.graph = file;
    run.graph.parameters.clear();
    run.training = file.training;
    run.dataset = file.dataset;
    run.graphHash = structureHash(file.graph);
    run.status = RunStatus::Running;
    return run;
}

std::map<NodeId, Tensor> sessionParameters(const Session& session) {
    std::map<NodeId, Tensor> parameters;
    for (NodeId id : session.parameterIds())
        parameters[id] = session.value(id);
    return parameters;
}

RunRecorder::RunRecorder(const std::string& folder, RunRecord run)
    : run_(std::move(run)), start_(std::chrono::steady_clock::now()) {
    run_.status = RunStatus::Running;
    writer_ = std::make_unique<RunWriter>(folder, run_);
}

void RunRecorder::onStep(const StepReport& report, const Session&) {
    const RunStep step{report.step, report.epoch, report.loss};
    if (keepHistory_)
        run_.steps.push_back(step);
    lastStep_ = report.step;
    writer_->appendStep(step);
}

bool RunRecorder::improves(const RunEpoch& e) const {
    const std::optional<double>& metric =
        run_.bestBy == BestBy::ValidationAccuracy ? e.validationAccuracy : e.validationLoss;
    if (!metric || !std::isfinite(*metric))
        return false;
    const RunEpoch* best = run_.bestEpoch > 0 ? run_.epoch(run_.bestEpoch) : nullptr;
    if (!best)
        return true;
    const std::optional<double>& old =
        run_.bestBy == BestBy::ValidationAccuracy ? best->validationAccuracy : best->validationLoss;
    return run_.bestBy == BestBy::ValidationAccuracy ? *metric > *old : *metric < *old;
}

void RunRecorder::onEpoch(const EpochReport& report, const Session& session) {
    RunEpoch e;
    e.epoch = report.epoch;
    e.step = lastStep_;
    e.trainLoss = report.trainLoss;
    e.trainAccuracy = report.trainAccuracy;
    if (report.validation) {
        e.validationLoss = report.validation->loss;
        e.validationAccuracy = report.validation->accuracy;
    }
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    e.samplesPerSecond = report.samplesPerSecond;
    const bool better = improves(e);
    run_.epochs.push_back(e);
    run_.seconds = e.seconds;
    writer_->appendEpoch(e);
    if (better) {
        run_.bestParametersFile =
            writer_->writeParameters("best", e.epoch, sessionParameters(session));
        run_.bestEpoch = e.epoch;
    }
    if (!keepHistory_)
        std::erase_if(run_.epochs, [&](const RunEpoch& r) {
            return r.epoch != run_.bestEpoch && r.epoch != e.epoch;
        });
}

void RunRecorder::finish(const Session* session, RunStatus status, const std::string& message) {
    if (run_.status != RunStatus::Running)
        return;
    run_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (session) {
        const int epoch = run_.epochs.empty() ? 0 : run_.epochs.back().epoch;
        run_.finalParametersFile =
            writer_->writeParameters("final", epoch, sessionParameters(*session));
        run_.finalEpoch = epoch;
    }
    run_.status = status;
    run_.message = message;
    writer_->finish(status, run_.seconds, message);
}

} // namespace miniflow
