#include "inspect/DecisionBoundary.h"

#include <algorithm>
#include <stdexcept>

namespace miniflow {

namespace {

NodeId inputWithRole(const Plan& plan, const std::string& role) {
    for (const PlannedNode& p : plan.nodes())
        if (p.info->source == SourceKind::Input &&
            stringAttribute(p.attributes, "role", "features") == role)
            return p.id;
    return {};
}

const PlannedNode& node(const Plan& plan, NodeId id) {
    return plan.nodes()[static_cast<size_t>(plan.indexOf(id))];
}

} // namespace

bool DecisionBoundary::applies(const Plan& plan) {
    const NodeId features = inputWithRole(plan, "features");
    return features.valid() && plan.lossIndex() >= 0 && node(plan, features).shape.cols == 2 &&
           inputWithRole(plan, "labels").valid();
}

DecisionBoundary::DecisionBoundary(const Plan& plan, const Dataset& train, int resolution)
    : session_(plan) {
    if (!applies(plan))
        throw std::invalid_argument(
            "a decision boundary needs a trainable graph whose features Input takes 2 columns");
    features_ = inputWithRole(plan, "features");
    labels_ = inputWithRole(plan, "labels");
    const PlannedNode& loss = plan.nodes()[static_cast<size_t>(plan.lossIndex())];
    lossPrediction_ = loss.info->traits.prediction;
    for (int e : loss.inputEdges)
        if (const Edge& edge = plan.edges()[static_cast<size_t>(e)]; edge.from != labels_)
            prediction_ = edge.from;
    for (const PlannedNode& p : plan.nodes())
        if (p.info->source == SourceKind::None && p.shape.isBatched() &&
            p.shape.cols <= kMaxUnitCols && plan.indexOf(p.id) != plan.lossIndex())
            unitNodes_.push_back(p.id);
    layout_.resolution = std::max(resolution, 2);
    placeGrid(train);
}

/// Grid over the points' bounding box plus 10% each side; a sample of the points to draw.
void DecisionBoundary::placeGrid(const Dataset& train) {
    const Tensor& x = train.features;
    const float margin = 0.1f;
    const float xLo = x.rows() ? x.col(0).minCoeff() : -1, xHi = x.rows() ? x.col(0).maxCoeff() : 1;
    const float yLo = x.rows() ? x.col(1).minCoeff() : -1, yHi = x.rows() ? x.col(1).maxCoeff() : 1;
    const float xPad = std::max(margin * (xHi - xLo), 1e-3f),
                yPad = std::max(margin * (yHi - yLo), 1e-3f);
    layout_.xMin = xLo - xPad;
    layout_.xMax = xHi + xPad;
    layout_.yMin = yLo - yPad;
    layout_.yMax = yHi + yPad;
    const int n = layout_.resolution;
    grid_.resize(static_cast<Index>(n) * n, 2);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const Index row = static_cast<Index>(i) * n + j;
            grid_(row, 0) =
                static_cast<float>(layout_.xMin + (layout_.xMax - layout_.xMin) * (j + 0.5) / n);
            grid_(row, 1) =
                static_cast<float>(layout_.yMax - (layout_.yMax - layout_.yMin) * (i + 0.5) / n);
        }
    const Index shown = std::min(train.size(), kMaxPoints);
    layout_.points.resize(shown, 2);
    layout_.labels.resize(shown, 1);
    for (Index r = 0; r < shown; ++r) { // evenly spread over the set
        const Index from = r * train.size() / std::max<Index>(shown, 1);
        layout_.points.row(r) = x.row(from);
        layout_.labels(r, 0) = train.targets(from, 0);
    }
    layout_.probabilities = lossPrediction_ != LossPrediction::Values;
}

BoundaryMap DecisionBoundary::evaluate(const Session& trained, long step) {
    for (NodeId id : session_.parameterIds())
        session_.parameter(id) = trained.value(id);
    session_.input(features_) = grid_;
    session_.input(labels_) = Tensor::Zero(grid_.rows(), node(session_.plan(), labels_).shape.cols);
    session_.forward(Mode::Eval);
    BoundaryMap map = layout_;
    map.step = step;
    map.output = outputOf(session_.value(prediction_));
    for (NodeId id : unitNodes_)
        map.units.emplace(id, session_.value(id));
    return map;
}

/// What the map colours: class probabilities for classifiers, the raw prediction for MSE.
Tensor DecisionBoundary::outputOf(const Tensor& prediction) const {
    if (lossPrediction_ == LossPrediction::BinaryLogit)
        return (1.0f / (1.0f + (-prediction.array()).exp())).matrix();
    if (lossPrediction_ != LossPrediction::ClassLogits)
        return prediction;
    Tensor p = prediction;
    for (Index r = 0; r < p.rows(); ++r) {
        p.row(r).array() -= p.row(r).maxCoeff();
        p.row(r) = p.row(r).array().exp().matrix();
        p.row(r) /= p.row(r).sum();
    }
    return p;
}

} // namespace miniflow
