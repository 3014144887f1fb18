#include "inspect/GradientHealth.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace miniflow {

namespace {

/// Appends keeping the whole run in at most `cap` points: when full, every other point
/// goes (the series keeps its shape at half the resolution).
void appendThinned(std::vector<double>& series, double value, size_t cap) {
    if (series.size() >= cap) {
        size_t kept = 0;
        for (size_t i = 0; i < series.size(); i += 2)
            series[kept++] = series[i];
        series.resize(kept);
    }
    series.push_back(value);
}

/// Appends keeping only the latest `keep` values.
template <typename T> void appendRecent(std::vector<T>& series, T value, size_t keep) {
    series.push_back(std::move(value));
    if (series.size() > keep)
        series.erase(series.begin(), series.end() - static_cast<long>(keep));
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", value);
    return text;
}

std::string percent(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

const std::vector<double> kNoHistory;

} // namespace

std::string toString(AlertKind kind) {
    switch (kind) {
    case AlertKind::Vanishing:
        return "vanishing";
    case AlertKind::Exploding:
        return "exploding";
    case AlertKind::DeadRelu:
        return "dead ReLU";
    case AlertKind::Saturated:
        return "saturated";
    }
    return {};
}

GradientHealth::GradientHealth(const Graph& graph, HealthThresholds thresholds)
    : graph_(graph), thresholds_(thresholds) {}

void GradientHealth::reset(const Graph& graph) {
    graph_ = graph;
    edgeNorms_.clear();
    edgeFinite_.clear();
    peakBeforeLatest_.clear();
    peak_.clear();
    parameters_.clear();
    activations_.clear();
    recentNorms_.clear();
    recentLargestRatio_.clear();
    alerts_.clear();
    lastStep_.reset();
}

void GradientHealth::setThresholds(const HealthThresholds& thresholds) {
    thresholds_ = thresholds;
    evaluate();
}

size_t GradientHealth::recentKept() const {
    return static_cast<size_t>(std::max({thresholds_.sustain, thresholds_.window, 1}));
}

void GradientHealth::observe(const HealthSample& sample, const EdgeGradients& edges) {
    if (lastStep_ && sample.step <= *lastStep_)
        return; // a resend of the same step (paused run)
    lastStep_ = sample.step;
    const size_t keep = std::max<size_t>(recentKept(), 64);
    for (const auto& [edge, summary] : edges) {
        edgeFinite_[edge] = summary.finite;
        const double norm = summary.finite ? summary.l2Norm : std::nan("");
        peakBeforeLatest_[edge] = peak_[edge];
        if (std::isfinite(norm))
            peak_[edge] = std::max(peak_[edge], norm);
        appendThinned(edgeNorms_[edge], norm, kHistoryCap);
        appendRecent(recentNorms_[edge], norm, keep);
    }
    std::pair<double, NodeId> largest{0.0, NodeId{}};
    for (const ParameterStats& p : sample.parameters) {
        ParameterHistory& h = parameters_[p.node];
        h.finite = p.finite;
        const double ratio = p.weightNorm > 0 ? p.gradientNorm / p.weightNorm : p.gradientNorm;
        if (ratio > largest.first)
            largest = {ratio, p.node};
        appendRecent(h.gradientRatio, ratio, keep);
        if (p.updateRatio)
            appendThinned(h.updateRatio, *p.updateRatio, kHistoryCap);
    }
    appendRecent(recentLargestRatio_, largest, keep);
    for (const ActivationStats& a : sample.activations)
        appendRecent(activations_[a.node], a, keep);
    evaluate();
}

void GradientHealth::evaluate() {
    alerts_.clear();
    checkExploding();
    checkVanishing();
    checkActivations();
}

/// A Parameter whose gradient stays tiny next to its own size, and far below the fastest
/// learning Parameter's, barely changes: the signal from the loss fades on its way back
/// (typically through many sigmoid/tanh layers).
void GradientHealth::checkVanishing() {
    const size_t sustain = static_cast<size_t>(std::max(thresholds_.sustain, 1));
    if (recentLargestRatio_.size() < sustain)
        return;
    const auto largest = recentLargestRatio_.end() - static_cast<long>(sustain);
    for (const auto& [id, h] : parameters_) {
        if (h.gradientRatio.size() < sustain)
            continue;
        const auto own = h.gradientRatio.end() - static_cast<long>(sustain);
        bool fading = true;
        for (size_t k = 0; k < sustain && fading; ++k)
            fading = own[k] < thresholds_.vanishingRatio &&
                     own[k] * thresholds_.vanishingSpread < largest[k].first;
        if (!fading)
            continue;
        const auto& [top, fastest] = recentLargestRatio_.back();
        alerts_.push_back({AlertKind::Vanishing, id, firstEdgeFrom(id),
                           "vanishing gradient at " + name(id) +
                               ": ||dL/dW|| / ||W|| = " + number(h.gradientRatio.back()) + " for " +
                               std::to_string(sustain) + " snapshots (threshold " +
                               number(thresholds_.vanishingRatio) + ") while " + name(fastest) +
                               "'s is " + number(top) + ", so " + name(id) +
                               " barely learns; try ReLU instead of sigmoid/tanh, fewer layers, "
                               "Glorot/He initialization or standardized inputs"});
    }
}

/// A non-finite or huge gradient, or one that grew by orders of magnitude within a few
/// snapshots to a height it never had before in the run, rising over the last three: the
/// steps overshoot and feed on themselves. (A one-snapshot spike of a converged model's
/// tiny gradients is not that.)
void GradientHealth::checkExploding() {
    const size_t window = static_cast<size_t>(std::max(thresholds_.window, 2));
    const std::string help = "; lower the learning rate, clip gradients, or standardize the inputs";
    for (const auto& [edge, recent] : recentNorms_) {
        if (recent.empty())
            continue;
        const double latest = recent.back();
        std::string what;
        if (!edgeFinite_[edge] || !std::isfinite(latest)) {
            what = "the gradient is NaN or Inf";
        } else if (latest > thresholds_.explodingNorm) {
            what = "gradient norm " + number(latest) + " (threshold " +
                   number(thresholds_.explodingNorm) + ")";
        } else if (recent.size() >= 2) {
            const auto from =
                recent.size() > window ? recent.end() - static_cast<long>(window) : recent.begin();
            const double smallest = *std::min_element(from, recent.end());
            const bool rising = recent.size() >= 3 && recent.end()[-1] > recent.end()[-2] &&
                                recent.end()[-2] > recent.end()[-3];
            if (smallest > 0 && latest / smallest > thresholds_.explodingGrowth &&
                latest > peakBeforeLatest_[edge] && rising)
                what = "gradient norm grew " + number(latest / smallest) + "x within " +
                       std::to_string(recent.end() - from) + " snapshots (to " + number(latest) +
                       ")";
        }
        if (!what.empty())
            alerts_.push_back({AlertKind::Exploding, edge.to, edge,
                               "exploding gradient on " + edgeName(edge) + ": " + what + help});
    }
}

/// ReLUs that output 0 pass no gradient back (dead); sigmoid/tanh outputs at an asymptote
/// pass almost none (saturated). Both must hold for `sustain` snapshots in a row.
void GradientHealth::checkActivations() {
    const size_t sustain = static_cast<size_t>(std::max(thresholds_.sustain, 1));
    for (const auto& [id, recent] : activations_) {
        if (recent.size() < sustain)
            continue;
        const auto from = recent.end() - static_cast<long>(sustain);
        const ActivationStats& last = recent.back();
        const OpInfo* info = findOp(last.op);
        if (!info)
            continue;
        const ActivationHealth& health = info->traits.health;
        if (health.family == ActivationFamily::Rectifier) {
            if (!std::all_of(from, recent.end(), [&](const ActivationStats& a) {
                    return a.zeroFraction >= thresholds_.deadShare;
                }))
                continue;
            alerts_.push_back(
                {AlertKind::DeadRelu, id, edgeInto(id),
                 last.op + " " + name(id) + " dead: " + percent(last.zeroFraction) +
                     " of outputs are " + health.offText + " (" + std::to_string(last.deadUnits) +
                     " of " + std::to_string(last.units) +
                     " units never fire), so no gradient flows back through them; try a smaller "
                     "learning rate, He initialization, a small positive bias or LeakyReLU"});
        } else if (health.family == ActivationFamily::Saturating) {
            if (!std::all_of(from, recent.end(), [&](const ActivationStats& a) {
                    return a.saturatedFraction() >= thresholds_.saturatedShare;
                }))
                continue;
            const std::string where = health.low == -health.high
                                          ? " beyond ±" + number(health.high - kSaturationMargin)
                                          : " > " + number(health.high - kSaturationMargin) +
                                                " or < " + number(health.low + kSaturationMargin);
            std::string family = last.op;
            std::transform(family.begin(), family.end(), family.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            alerts_.push_back(
                {AlertKind::Saturated, id, edgeInto(id),
                 family + " " + name(id) + " saturated: " + percent(last.saturatedFraction()) +
                     " of outputs" + where +
                     ", where its slope is almost 0; try ReLU, smaller initial weights, or "
                     "standardized inputs"});
        }
    }
}

std::vector<HealthAlert> GradientHealth::alertsAt(NodeId node) const {
    std::vector<HealthAlert> found;
    for (const HealthAlert& a : alerts_)
        if (a.node == node && a.kind != AlertKind::Exploding)
            found.push_back(a);
    return found;
}

std::vector<HealthAlert> GradientHealth::alertsOn(const Edge& edge) const {
    std::vector<HealthAlert> found;
    for (const HealthAlert& a : alerts_)
        if (a.edge == edge && a.kind == AlertKind::Exploding)
            found.push_back(a);
    return found;
}

const std::vector<double>& GradientHealth::edgeNormHistory(const Edge& edge) const {
    const auto found = edgeNorms_.find(edge);
    return found == edgeNorms_.end() ? kNoHistory : found->second;
}

const std::vector<double>& GradientHealth::updateRatioHistory(NodeId parameter) const {
    const auto found = parameters_.find(parameter);
    return found == parameters_.end() ? kNoHistory : found->second.updateRatio;
}

std::string GradientHealth::name(NodeId id) const {
    const Node* node = graph_.find(id);
    return node ? node->name : "node " + std::to_string(id.value);
}

std::string GradientHealth::edgeName(const Edge& edge) const {
    return name(edge.from) + " -> " + name(edge.to);
}

std::optional<Edge> GradientHealth::firstEdgeFrom(NodeId id) const {
    const std::vector<Edge> out = graph_.edgesFrom(id);
    if (out.empty())
        return std::nullopt;
    return out.front();
}

std::optional<Edge> GradientHealth::edgeInto(NodeId id) const {
    return graph_.edgeInto(id, 0);
}

} // namespace miniflow
