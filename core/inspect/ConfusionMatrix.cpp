#include "inspect/ConfusionMatrix.h"

#include <algorithm>

namespace miniflow {

std::vector<int> predictedClasses(const Tensor& outputs) {
    std::vector<int> classes(static_cast<size_t>(outputs.rows()));
    for (Index n = 0; n < outputs.rows(); ++n) {
        Index best = 0;
        if (outputs.cols() == 1)
            best = outputs(n, 0) > 0.0f ? 1 : 0;
        else
            outputs.row(n).maxCoeff(&best);
        classes[static_cast<size_t>(n)] = static_cast<int>(best);
    }
    return classes;
}

ConfusionMatrix::ConfusionMatrix(int classes, std::vector<int> actual, std::vector<int> predicted)
    : classes_(classes), actual_(std::move(actual)), predicted_(std::move(predicted)),
      counts_(static_cast<size_t>(classes) * static_cast<size_t>(classes), 0) {
    if (actual_.size() != predicted_.size())
        throw std::invalid_argument("confusion matrix: one prediction per sample");
    for (size_t i = 0; i < actual_.size(); ++i) {
        if (actual_[i] < 0 || actual_[i] >= classes_ || predicted_[i] < 0 ||
            predicted_[i] >= classes_)
            throw std::invalid_argument("confusion matrix: sample " + std::to_string(i) +
                                        " has a class outside [0, " + std::to_string(classes_) +
                                        ")");
        ++counts_[static_cast<size_t>(actual_[i] * classes_ + predicted_[i])];
    }
}

Index ConfusionMatrix::count(int actual, int predicted) const {
    return counts_[static_cast<size_t>(actual * classes_ + predicted)];
}

std::vector<Index> ConfusionMatrix::samples(int actual, int predicted) const {
    std::vector<Index> rows;
    for (size_t i = 0; i < actual_.size(); ++i)
        if (actual_[i] == actual && predicted_[i] == predicted)
            rows.push_back(static_cast<Index>(i));
    return rows;
}

double ConfusionMatrix::accuracy() const {
    if (actual_.empty())
        return 0;
    Index correct = 0;
    for (int c = 0; c < classes_; ++c)
        correct += count(c, c);
    return static_cast<double>(correct) / static_cast<double>(actual_.size());
}

namespace {

/// The classifier's output node: the loss's first input.
NodeId classifierOutput(const Plan& plan, const Dataset& data) {
    if (!data.isClassification())
        throw std::invalid_argument(
            "the data is not labelled with classes (a confusion matrix needs a classifier)");
    if (plan.lossIndex() < 0)
        throw std::invalid_argument("the graph has no loss, so no classifier output to read");
    const PlannedNode& loss = plan.nodes()[static_cast<size_t>(plan.lossIndex())];
    const Edge& edge = plan.edges()[static_cast<size_t>(loss.inputEdges.front())];
    const Index cols = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.from))].shape.cols;
    if (loss.info->traits.prediction == LossPrediction::Values ||
        !(cols == data.classes || (cols == 1 && data.classes == 2)))
        throw std::invalid_argument(
            "the loss \"" + loss.name + "\" does not classify " + std::to_string(data.classes) +
            " classes (use SoftmaxCrossEntropy on " + std::to_string(data.classes) +
            " outputs, or BinaryCrossEntropy on one logit for two classes)");
    return edge.from;
}

} // namespace

ConfusionMatrix computeConfusionMatrix(Session& session, const Dataset& data, Index batchSize) {
    const NodeId output = classifierOutput(session.plan(), data);
    const RoleInputs inputs = findRoleInputs(session.plan());
    std::vector<int> actual, predicted;
    std::vector<Index> rows;
    for (Index start = 0; start < data.size(); start += batchSize) {
        rows.clear();
        for (Index r = start; r < std::min(data.size(), start + batchSize); ++r)
            rows.push_back(r);
        feedRows(session, inputs, data, rows);
        session.forward(Mode::Eval);
        const std::vector<int> batch = predictedClasses(session.value(output));
        predicted.insert(predicted.end(), batch.begin(), batch.end());
        for (Index r : rows)
            actual.push_back(static_cast<int>(data.targets(r, 0)));
    }
    return ConfusionMatrix(data.classes, std::move(actual), std::move(predicted));
}

} // namespace miniflow
