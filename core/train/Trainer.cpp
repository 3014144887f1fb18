#include "train/Trainer.h"

#include "autograd/MemoryNeeds.h"
#include "tensor/FlushDenormals.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace miniflow {

namespace {

NodeId inputWithRole(const Plan& plan, const std::string& role) {
    NodeId found;
    for (const PlannedNode& p : plan.nodes()) {
        if (p.info->source != SourceKind::Input ||
            stringAttribute(p.attributes, "role", "features") != role)
            continue;
        if (found.valid())
            throw std::invalid_argument("more than one Input has role \"" + role +
                                        "\" (keep one, the dataset feeds one " + role + " tensor)");
        found = p.id;
    }
    if (!found.valid())
        throw std::invalid_argument("no Input node has role \"" + role +
                                    "\" (add an Input and set its role to \"" + role + "\")");
    return found;
}

void requireColumns(const Plan& plan, NodeId input, Index columns, const char* what) {
    const PlannedNode& p = plan.nodes()[static_cast<size_t>(plan.indexOf(input))];
    if (p.shape.cols != columns)
        throw std::invalid_argument("Input \"" + p.name + "\" expects " +
                                    std::to_string(p.shape.cols) + " columns but the " +
                                    "dataset's " + what + " have " + std::to_string(columns) +
                                    " (set its \"features\" to " + std::to_string(columns) + ")");
}

} // namespace

Trainer::Trainer(Plan plan, TrainingConfig config, TrainingData data)
    : config_(std::move(config)), data_(std::move(data)), session_(std::move(plan), config_.seed) {
    if (session_.plan().lossIndex() < 0)
        throw std::invalid_argument("the graph has no single loss to train (add one loss node)");
    if (config_.batchSize <= 0)
        throw std::invalid_argument("batch size must be positive");
    if (config_.epochs <= 0)
        throw std::invalid_argument("epochs must be positive");
    if (data_.train.size() == 0)
        throw std::invalid_argument("the training set is empty");
    // NOTE [Memory before allocation]: a training batch, and an evaluation batch (no gradients).
    requireBatchMemory(session_.plan(), std::min<Index>(config_.batchSize, data_.train.size()));
    requireBatchMemory(
        session_.plan(),
        std::min(kEvaluationBatch, std::max(data_.train.size(), data_.validation.size())), false);
    optimizer_ = makeOptimizer(config_.optimizer, config_.learningRate, config_.momentum,
                               config_.weightDecay);
    for (NodeId id : session_.parameterIds())
        training_.push_back(parameterTraining(
            session_.plan().nodes()[static_cast<size_t>(session_.plan().indexOf(id))].attributes));
    session_.setGradientScope(GradientScope::TrainableOnly);
    bindInputs();
    reset();
}

void Trainer::bindInputs() {
    const Plan& plan = session_.plan();
    featuresInput_ = inputWithRole(plan, "features");
    labelsInput_ = inputWithRole(plan, "labels");
    requireColumns(plan, featuresInput_, data_.train.features.cols(), "features");
    requireColumns(plan, labelsInput_, data_.train.targets.cols(), "targets");
    const PlannedNode& loss = plan.nodes()[static_cast<size_t>(plan.lossIndex())];
    const Edge& logitsEdge = plan.edges()[static_cast<size_t>(loss.inputEdges.front())];
    if (loss.info->traits.prediction != LossPrediction::Values)
        logitsIndex_ = plan.indexOf(logitsEdge.from);
}

void Trainer::reset() {
    session_.initializeParameters(config_.seed);
    session_.reseed(config_.seed + 1);
    optimizer_->reset();
    batcher_ = std::make_unique<Batcher>(data_.train.size(), config_.batchSize, config_.sampling,
                                         config_.seed + 2, config_.stepsPerEpoch);
    step_ = 0;
    epoch_ = 0;
    previousValid_ = false;
}

void Trainer::feed(const Dataset& data, const std::vector<Index>& rows) {
    gatherRows(data.features, rows, session_.input(featuresInput_));
    gatherRows(data.targets, rows, session_.input(labelsInput_));
}

void Trainer::checkGradientsFinite() {
    for (NodeId id : session_.trainableParameterIds())
        if (!allFinite(session_.nodeGradient(id)))
            stopOnNonFinite(session_.loss());
}

bool Trainer::rollBackNonFiniteParameters() {
    const std::vector<NodeId>& ids = session_.parameterIds();
    const auto finite = [](const Tensor& t) { return allFinite(t); };
    bool current = true;
    for (size_t k = 0; k < ids.size(); ++k)
        current = current && (!training_[k].trainable || finite(session_.parameter(ids[k])));
    if (current || !previousValid_ || !std::all_of(previous_.begin(), previous_.end(), finite))
        return false;
    for (size_t k = 0; k < ids.size(); ++k)
        if (training_[k].trainable)
            session_.parameter(ids[k]).swap(previous_[k]);
    previousValid_ = false;
    optimizer_->reset(); // its moments led here
    return true;
}

void Trainer::stopOnNonFinite(float loss) {
    const std::optional<NodeId> value = session_.firstNonFiniteValue();
    const NodeId where =
        value ? *value
              : session_.firstNonFiniteGradient().value_or(session_.plan().nodes().back().id);
    const std::string name =
        session_.plan().nodes()[static_cast<size_t>(session_.plan().indexOf(where))].name;
    restoreState();
    const bool rolledBack = rollBackNonFiniteParameters();
    std::string message = "step " + std::to_string(step_ + 1) + ": the " +
                          (value ? "value" : "gradient") + " of \"" + name +
                          "\" became NaN or Inf (loss " + std::to_string(loss) + "); ";
    message += rolledBack ? "the previous update had made parameters NaN or Inf, so they were "
                            "rolled back to their "
                            "values after step " +
                                std::to_string(step_ - 1) + ", the last finite ones"
                          : std::string("parameters were kept from the previous step");
    message += ". Try a lower learning rate, gradient clipping, or normalized inputs";
    throw NonFiniteError(where, message, rolledBack);
}

float Trainer::clipScale() const {
    if (config_.clipGradientNorm <= 0)
        return 1.0f;
    double squares = 0;
    for (NodeId id : session_.trainableParameterIds())
        squares += session_.nodeGradient(id).cast<double>().squaredNorm();
    const double norm = std::sqrt(squares);
    return norm > config_.clipGradientNorm ? static_cast<float>(config_.clipGradientNorm / norm)
                                           : 1.0f;
}

const Tensor& Trainer::updateGradient(size_t k, float scale) {
    const NodeId id = session_.parameterIds()[k];
    const Tensor& gradient = session_.nodeGradient(id);
    const ParameterTraining& t = training_[k];
    if (scale == 1.0f && t.l2 == 0.0f && t.l1 == 0.0f)
        return gradient;
    // NOTE [Parameter training attributes]: clipping first, then the penalties (PyTorch's
    // weight_decay is added inside optimizer.step(), after clip_grad_norm_).
    const Tensor& w = session_.parameter(id);
    Tensor& g = adjusted_[k];
    g = scale * gradient;
    if (t.l2 != 0.0f)
        g += t.l2 * w;
    if (t.l1 != 0.0f)
        g += t.l1 * w.unaryExpr([](float v) { return v > 0.0f ? 1.0f : v < 0.0f ? -1.0f : 0.0f; });
    return g;
}

void Trainer::applyUpdate() {
    const std::vector<NodeId>& ids = session_.parameterIds();
    previous_.resize(ids.size());
    adjusted_.resize(ids.size());
    const float scale = clipScale();
    optimizer_->beginStep();
    for (size_t k = 0; k < ids.size(); ++k) {
        if (!training_[k].trainable)
            continue;
        const Tensor& gradient = updateGradient(k, scale);
        Tensor& value = session_.parameter(ids[k]);
        optimizer_->apply(ids[k], value, gradient, previous_[k]);
        value.swap(previous_[k]);
    }
    previousValid_ = true;
}

void Trainer::restoreState() {
    const std::vector<NodeId>& ids = session_.stateParameterIds();
    for (size_t k = 0; k < ids.size() && k < stateBefore_.size(); ++k)
        session_.parameter(ids[k]) = stateBefore_[k];
}

float Trainer::step() {
    return step(batcher_->next());
}

float Trainer::step(const std::vector<Index>& rows) {
    const FlushDenormals flush; // NOTE [Denormals]
    feed(data_.train, rows);
    const std::vector<NodeId>& state = session_.stateParameterIds();
    stateBefore_.resize(state.size());
    for (size_t k = 0; k < state.size(); ++k)
        stateBefore_[k] = session_.parameter(state[k]); // same size each step: no allocation
    const float loss = session_.forward(Mode::Train, StateUpdate::Apply); // NOTE [Op state]
    if (!std::isfinite(loss))
        stopOnNonFinite(loss);
    session_.backward();
    checkGradientsFinite();
    applyUpdate();
    ++step_;
    return loss;
}

std::optional<EpochReport> Trainer::runEpoch(TrainingObserver* observer, TrainingControl* control) {
    using Clock = std::chrono::steady_clock;
    const int epoch = epoch_ + 1;
    double lossSum = 0, correct = 0;
    Index samples = 0;
    double seconds = 0;
    for (Index s = 0; s < batcher_->stepsPerEpoch(); ++s) {
        if (control && !control->mayStep())
            return std::nullopt;
        const auto start = Clock::now();
        const float loss = step();
        seconds += std::chrono::duration<double>(Clock::now() - start).count();
        lossSum += loss;
        samples += session_.input(featuresInput_).rows();
        if (logitsIndex_ >= 0)
            correct += batchAccuracy(); // the step's forward values are still in the session
        if (observer)
            observer->onStep({step_, epoch, loss}, session_);
    }
    epoch_ = epoch;
    EpochReport report{epoch, lossSum / static_cast<double>(batcher_->stepsPerEpoch()),
                       std::nullopt, std::nullopt,
                       seconds > 0 ? static_cast<double>(samples) / seconds : 0.0};
    if (logitsIndex_ >= 0 && samples > 0)
        report.trainAccuracy = correct / static_cast<double>(samples);
    if (data_.validation.size() > 0)
        report.validation = evaluate(data_.validation);
    if (observer)
        observer->onEpoch(report, session_);
    return report;
}

std::vector<EpochReport> Trainer::run(TrainingObserver* observer, TrainingControl* control) {
    std::vector<EpochReport> reports;
    while (epoch_ < config_.epochs) {
        std::optional<EpochReport> report = runEpoch(observer, control);
        if (!report)
            break;
        reports.push_back(*report);
    }
    return reports;
}

double Trainer::batchAccuracy() const {
    const Tensor& logits =
        session_.value(session_.plan().nodes()[static_cast<size_t>(logitsIndex_)].id);
    const Tensor& labels = session_.value(labelsInput_);
    Index correct = 0;
    for (Index n = 0; n < logits.rows(); ++n) {
        if (logits.cols() == 1) {
            correct += (logits(n, 0) > 0.0f) == (labels(n, 0) > 0.5f);
        } else {
            Index best = 0;
            logits.row(n).maxCoeff(&best);
            correct += static_cast<float>(best) == labels(n, 0);
        }
    }
    return static_cast<double>(correct);
}

Evaluation Trainer::evaluate(const Dataset& data, Index batchSize) {
    const FlushDenormals flush; // NOTE [Denormals]
    Evaluation result;
    double lossSum = 0, correct = 0;
    for (Index start = 0; start < data.size(); start += batchSize) {
        const Index rows = std::min(batchSize, data.size() - start);
        evalRows_.resize(static_cast<size_t>(rows));
        for (Index r = 0; r < rows; ++r)
            evalRows_[static_cast<size_t>(r)] = start + r;
        feed(data, evalRows_);
        lossSum += static_cast<double>(session_.forward(Mode::Eval)) * static_cast<double>(rows);
        if (logitsIndex_ >= 0)
            correct += batchAccuracy();
    }
    result.samples = data.size();
    if (data.size() == 0)
        return result;
    result.loss = lossSum / static_cast<double>(data.size());
    if (logitsIndex_ >= 0)
        result.accuracy = correct / static_cast<double>(data.size());
    return result;
}

} // namespace miniflow
