#include "io/MetricsCsv.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>

namespace miniflow {

namespace {

std::string number(double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

std::string optionalNumber(const std::optional<double>& value) {
    return value ? number(*value) : std::string();
}

std::string quoted(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void writeRun(std::ostream& out, const MetricsLog& log, const std::string& name) {
    std::map<long, const EpochMetric*> epochAt; // by the step that ended the epoch
    for (const EpochMetric& e : log.epochs)
        epochAt[e.step] = &e;
    auto epochCells = [](const EpochMetric* e) {
        if (!e)
            return std::string(",,,,,");
        return "," + number(e->trainLoss) + "," + optionalNumber(e->trainAccuracy) + "," +
               optionalNumber(e->validationLoss) + "," + optionalNumber(e->validationAccuracy) +
               "," + number(e->samplesPerSecond);
    };
    const std::string run = quoted(name);
    size_t nextEpoch = 0; // steps and epochs are both in step order
    auto flushEpochsBefore = [&](long step) {
        for (; nextEpoch < log.epochs.size() && log.epochs[nextEpoch].step < step; ++nextEpoch) {
            const EpochMetric& e = log.epochs[nextEpoch];
            const auto at =
                std::lower_bound(log.steps.begin(), log.steps.end(), e.step,
                                 [](const StepMetric& s, long step) { return s.step < step; });
            const bool hasStepRow = at != log.steps.end() && at->step == e.step;
            if (!hasStepRow)
                out << run << "," << e.step << "," << e.epoch << "," << number(e.wallSeconds) << ","
                    << epochCells(&e) << "\n";
        }
    };
    for (const StepMetric& s : log.steps) {
        flushEpochsBefore(s.step);
        const auto e = epochAt.find(s.step);
        out << run << "," << s.step << "," << s.epoch << "," << number(s.wallSeconds) << ","
            << number(s.loss) << epochCells(e == epochAt.end() ? nullptr : e->second) << "\n";
    }
    flushEpochsBefore(std::numeric_limits<long>::max());
}

} // namespace

const std::vector<std::string>& metricsCsvColumns() {
    static const std::vector<std::string> columns = {"run",
                                                     "step",
                                                     "epoch",
                                                     "wall_seconds",
                                                     "train_loss",
                                                     "epoch_train_loss",
                                                     "train_accuracy",
                                                     "val_loss",
                                                     "val_accuracy",
                                                     "samples_per_second"};
    return columns;
}

void writeMetricsCsv(std::ostream& out, const std::vector<const MetricsLog*>& runs) {
    const std::vector<std::string>& columns = metricsCsvColumns();
    for (size_t i = 0; i < columns.size(); ++i)
        out << (i ? "," : "") << columns[i];
    out << "\n";
    for (size_t r = 0; r < runs.size(); ++r)
        writeRun(out, *runs[r],
                 runs[r]->run.empty() ? "run " + std::to_string(r + 1) : runs[r]->run);
}

void writeMetricsCsv(const std::string& path, const std::vector<const MetricsLog*>& runs) {
    const std::filesystem::path target(path);
    std::filesystem::path temporary = target;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::runtime_error(path + ": cannot write the metrics CSV (check that the "
                                            "folder exists and is writable)");
        writeMetricsCsv(out, runs);
        out.flush();
        if (!out)
            throw std::runtime_error(path + ": writing the metrics CSV failed (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw std::runtime_error(path + ": cannot replace the file: " + error.message());
    }
}

} // namespace miniflow
