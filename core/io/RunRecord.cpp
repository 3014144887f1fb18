#include "io/RunRecord.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace miniflow {

std::string toString(BestBy by) {
    return by == BestBy::ValidationAccuracy ? "validationAccuracy" : "validationLoss";
}

std::optional<BestBy> bestByFromString(const std::string& text) {
    if (text == "validationLoss")
        return BestBy::ValidationLoss;
    if (text == "validationAccuracy")
        return BestBy::ValidationAccuracy;
    return std::nullopt;
}

std::string toString(RunStatus status) {
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Stopped:
        return "stopped";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Interrupted:
        break;
    }
    return "interrupted";
}

int RunRecord::bestEpochByMetric() const {
    int best = 0;
    double bestValue = 0;
    for (const RunEpoch& e : epochs) {
        const std::optional<double>& metric =
            bestBy == BestBy::ValidationAccuracy ? e.validationAccuracy : e.validationLoss;
        if (!metric)
            continue;
        const bool better =
            best == 0 ||
            (bestBy == BestBy::ValidationAccuracy ? *metric > bestValue : *metric < bestValue);
        if (better) {
            best = e.epoch;
            bestValue = *metric;
        }
    }
    return best;
}

const RunEpoch* RunRecord::epoch(int number) const {
    for (const RunEpoch& e : epochs)
        if (e.epoch == number)
            return &e;
    return nullptr;
}

double RunRecord::samplesPerSecond() const {
    if (epochs.empty())
        return 0;
    double sum = 0;
    for (const RunEpoch& e : epochs)
        sum += e.samplesPerSecond;
    return sum / static_cast<double>(epochs.size());
}

namespace {

void hashBytes(std::uint64_t& h, const std::string& text) {
    for (const unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= 0xff; // separator, so "ab"+"c" and "a"+"bc" differ
    h *= 1099511628211ull;
}

/// Shortest text that reads back as the same double ("0.001", "32", "1e-12").
std::string numberText(double value) {
    char text[32];
    for (int digits = 6; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::stod(text) == value)
            break;
    }
    return text;
}

std::string settingText(const nlohmann::json& value) {
    if (value.is_number_float())
        return numberText(value.get<double>());
    if (value.is_string())
        return value.get<std::string>();
    return value.dump();
}

} // namespace

std::string structureHash(const Graph& graph) {
    std::uint64_t h = 14695981039346656037ull;
    std::vector<const Node*> nodes;
    for (const Node& n : graph.nodes())
        nodes.push_back(&n);
    std::sort(nodes.begin(), nodes.end(),
              [](const Node* a, const Node* b) { return a->id < b->id; });
    for (const Node* n : nodes) {
        hashBytes(h, std::to_string(n->id.value));
        hashBytes(h, n->op);
        hashBytes(h, n->attributes.dump());
    }
    std::vector<Edge> edges = graph.edges();
    std::sort(edges.begin(), edges.end());
    for (const Edge& e : edges)
        hashBytes(h, std::to_string(e.from.value) + ":" + std::to_string(e.fromPort) + ">" +
                         std::to_string(e.to.value) + ":" + std::to_string(e.toPort));
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

std::vector<std::pair<std::string, std::string>> runSettings(const RunRecord& run) {
    const TrainingConfig& t = run.training;
    const DatasetSpec& d = run.dataset;
    std::vector<std::pair<std::string, std::string>> s{
        {"optimizer", t.optimizer},
        {"learningRate", numberText(t.learningRate)},
        {"momentum", numberText(t.momentum)},
        {"batchSize", std::to_string(t.batchSize)},
        {"epochs", std::to_string(t.epochs)},
        {"seed", std::to_string(t.seed)},
        {"sampling", toString(t.sampling)},
        {"stepsPerEpoch", std::to_string(t.stepsPerEpoch)},
        {"clipGradientNorm", numberText(t.clipGradientNorm)},
        {"bestBy", toString(run.bestBy)},
        {"dataset.source", d.source},
        {"dataset.name", d.name},
        {"dataset.path", d.path},
        {"dataset.target", d.target},
        {"dataset.classification", d.classification ? "true" : "false"},
        {"dataset.samples", std::to_string(d.samples)},
        {"dataset.noise", numberText(d.noise)},
        {"dataset.classes", std::to_string(d.classes)},
        {"dataset.normalization", d.normalization},
        {"dataset.validationFraction", numberText(d.validationFraction)},
        {"dataset.seed", std::to_string(d.seed)},
        {"graphHash", run.graphHash},
    };
    for (const Node& n : run.graph.graph.nodes())
        for (const char* key : {"units", "rate"})
            if (n.attributes.is_object() && n.attributes.contains(key))
                s.emplace_back(n.name + "." + key, settingText(n.attributes.at(key)));
    return s;
}

std::vector<std::string> settingsThatDiffer(const std::vector<const RunRecord*>& runs) {
    if (runs.size() < 2)
        return {};
    std::vector<std::vector<std::pair<std::string, std::string>>> all;
    for (const RunRecord* r : runs)
        all.push_back(runSettings(*r));
    // Keys in first-seen order over all runs.
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const auto& settings : all)
        for (const auto& [key, value] : settings)
            if (seen.insert(key).second)
                keys.push_back(key);
    std::vector<std::string> differ;
    for (const std::string& key : keys) {
        std::optional<std::string> first;
        bool same = true;
        for (size_t i = 0; i < all.size() && same; ++i) {
            const auto it = std::find_if(all[i].begin(), all[i].end(),
                                         [&](const auto& kv) { return kv.first == key; });
            const std::string value = it == all[i].end() ? std::string("\x01missing") : it->second;
            if (!first)
                first = value;
            else
                same = *first == value;
        }
        if (!same)
            differ.push_back(key);
    }
    return differ;
}

std::vector<std::string> changedSettings(const RunRecord& a, const RunRecord& b) {
    return settingsThatDiffer({&a, &b});
}

} // namespace miniflow
