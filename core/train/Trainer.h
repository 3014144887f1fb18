#pragma once
#include "autograd/Session.h"
#include "data/Dataset.h"
#include "data/TrainingData.h"
#include "ops/SourceOps.h"
#include "optim/Optimizer.h"
#include "train/TrainingConfig.h"
#include "train/TrainingControl.h"

#include <memory>
#include <optional>
#include <stdexcept>

namespace miniflow {

struct StepReport {
    long step = 0; ///< 1-based count of steps since the start (or the last reset)
    int epoch = 0; ///< 1-based
    float loss = 0;
};

struct Evaluation {
    double loss = 0;
    std::optional<double> accuracy; ///< classifiers only, in [0, 1]
    Index samples = 0;
};

struct EpochReport {
    int epoch = 0;
    double trainLoss = 0; ///< mean of the epoch's step losses
    /// Classifiers: the share of the epoch's training samples each step classified right, in
    /// training mode, with the parameters of that step (a running figure, no extra pass).
    std::optional<double> trainAccuracy;
    std::optional<Evaluation> validation;
    double samplesPerSecond = 0;
};

/// Training stopped because a loss, value or gradient was NaN or Inf. `node` is where it
/// first appeared (the first node in topological order with a non-finite value, else the
/// last with a non-finite gradient). The parameters are the last finite ones: those before
/// the failing step, or, when the previous update itself made a parameter non-finite, those
/// before that update (`rolledBack`; the optimizer's state is then reset too).
struct NonFiniteError : std::runtime_error {
    NonFiniteError(NodeId node, const std::string& message, bool rolledBack = false)
        : std::runtime_error(message), node(node), rolledBack(rolledBack) {}
    NodeId node;
    bool rolledBack;
};

/// Called on the training thread. The Session may be read (values, per-edge gradients)
/// during the call and must not be kept.
class TrainingObserver {
  public:
    virtual ~TrainingObserver() = default;
    virtual void onStep(const StepReport&, const Session&) {}
    virtual void onEpoch(const EpochReport&, const Session&) {}
};

/// Rows per batch when evaluate() runs without a batch size (no gradients are kept).
inline constexpr Index kEvaluationBatch = 1000;

/// NOTE [Parameter double buffer]
/// The optimizer writes each step's new parameter values into a second buffer, which is
/// then swapped with the session's (a pointer swap, no copy). So the values before the
/// latest update are always at hand: when that update made a parameter NaN or Inf, the
/// next step's finite check swaps them back. Parameter data pointers therefore alternate
/// between two fixed buffers; nothing may keep a parameter's data() across steps.
///
/// Parameters with "trainable": false are not in the loop: no optimizer call, no state, no
/// second buffer (their previous value is empty). State Parameters that ops update in the
/// step's forward (NOTE [Op state]) are copied before it and restored when the step fails,
/// so a failed step changes nothing.
///
/// The loop: batches -> forward (updating op state) -> backward -> finite check ->
/// (clipping) -> l2/l1 penalties (NOTE [Parameter training attributes]) -> optimizer.
class Trainer {
  public:
    /// The session computes only the gradients training needs (GradientScope::TrainableOnly);
    /// a caller that shows every edge sets session().setGradientScope(AllEdges).
    /// Binds the Input with role "features" to data.train.features and the one with role
    /// "labels" to the targets; throws GraphError / std::invalid_argument when they do not fit.
    Trainer(Plan plan, TrainingConfig config, TrainingData data);

    /// One batch. Throws NonFiniteError on NaN/Inf (parameters left at the last finite
    /// state, see NonFiniteError).
    float step();
    /// One batch of the given training rows instead of the Batcher's next (benchmarks and
    /// comparisons that must follow another framework's batch order).
    float step(const std::vector<Index>& rows);
    /// Runs the remaining steps of the current epoch, then evaluates on validation data.
    /// Returns nullopt when `control` stopped it early.
    std::optional<EpochReport> runEpoch(TrainingObserver* observer = nullptr,
                                        TrainingControl* control = nullptr);
    /// Every configured epoch (or until stopped). Returns the reports of completed epochs.
    std::vector<EpochReport> run(TrainingObserver* observer = nullptr,
                                 TrainingControl* control = nullptr);
    /// Loss (and accuracy for classifiers) in evaluation mode, in batches of `batchSize`.
    Evaluation evaluate(const Dataset& data, Index batchSize = kEvaluationBatch);
    /// Re-initializes parameters, optimizer state, dropout masks and batch order from the seed.
    void reset();

    Session& session() { return session_; }
    const TrainingConfig& config() const { return config_; }
    const TrainingData& data() const { return data_; }
    Optimizer& optimizer() { return *optimizer_; }
    long stepsDone() const { return step_; }
    /// The parameter values before the latest update, in session().parameterIds() order
    /// (empty for Parameters that are not trainable); nullptr before the first step and after
    /// a rollback (see measureUpdateRatios).
    const std::vector<Tensor>* valuesBeforeLastUpdate() const {
        return previousValid_ ? &previous_ : nullptr;
    }
    int epochsDone() const { return epoch_; }

  private:
    void bindInputs();
    void feed(const Dataset& data, const std::vector<Index>& rows);
    void checkGradientsFinite();
    /// Throws NonFiniteError naming where the fault first appeared, after rolling back.
    [[noreturn]] void stopOnNonFinite(float loss);
    /// Swaps the previous parameter buffers back when a current parameter is not finite
    /// and the previous ones are; true when it did.
    bool rollBackNonFiniteParameters();
    /// 1, or clipGradientNorm / (global gradient norm) when that norm is larger.
    float clipScale() const;
    /// The optimizer step for every trainable parameter, into the second buffers, then swapped
    /// in.
    void applyUpdate();
    /// The gradient the optimizer gets: clipped by `scale`, plus the l2/l1 penalties.
    const Tensor& updateGradient(size_t k, float scale);
    void restoreState();
    double batchAccuracy() const;

    TrainingConfig config_;
    TrainingData data_;
    Session session_;
    std::unique_ptr<Optimizer> optimizer_;
    std::unique_ptr<Batcher> batcher_;
    NodeId featuresInput_, labelsInput_;
    int logitsIndex_ = -1; ///< producer of the loss's first input, for accuracy
    long step_ = 0;
    int epoch_ = 0;
    std::vector<Index> evalRows_;
    std::vector<Tensor>
        previous_; ///< per parameter (parameterIds() order), NOTE [Parameter double buffer]
    bool previousValid_ = false; ///< previous_ holds the values before the latest update
    /// Per parameter: the gradient after clipping and penalties, when either applies.
    std::vector<Tensor> adjusted_;
    std::vector<ParameterTraining> training_; ///< per parameter (parameterIds() order)
    std::vector<Tensor> stateBefore_;         ///< per stateParameterIds(): values before the step
};

} // namespace miniflow
