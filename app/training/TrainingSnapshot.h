#pragma once
/// NOTE [Thread model]
/// The GUI thread owns GraphDocument and every widget. The training worker (its own
/// QThread) owns a copy of the graph, its Plan, Session and Trainer, and never touches a
/// widget or the document. They share no data, only values: commands go in through a
/// thread-safe TrainingCommands mailbox (pause, step, stop, watched edge, the snapshot
/// acknowledgement: NOTE [Worker commands]), and a mutex-guarded outbox carries
/// TrainingSnapshots and trained parameters out, each announced by a queued signal (NOTE
/// [Hand-off under our own lock]), at most ~25 snapshots per second plus a final one, with a
/// one-in-flight rule so a slow GUI never builds a backlog.
#include "graph/Graph.h"
#include "inspect/DecisionBoundary.h"
#include "inspect/GradientSummary.h"
#include "inspect/HealthSample.h"
#include "tensor/Tensor.h"

#include <QMetaType>
#include <map>
#include <memory>
#include <optional>
#include <vector>

enum class TrainingState { Idle, Running, Paused, Finished, Stopped, Failed };

struct LossPoint {
    long step = 0;
    int epoch = 0;
    float loss = 0;
};

struct EpochPoint {
    int epoch = 0;
    double trainLoss = 0;
    std::optional<double> validationLoss;
    std::optional<double> validationAccuracy; ///< [0, 1]
    std::optional<double> trainAccuracy;      ///< [0, 1], running over the epoch's steps
};

/// What the GUI receives from the worker: values only, no pointers into the worker.
struct TrainingSnapshot {
    std::vector<LossPoint> losses;  ///< every step since the previous snapshot, in order
    std::vector<EpochPoint> epochs; ///< epochs completed since the previous snapshot
    /// Per-edge gradient summaries of the latest step, for the edges training computes
    /// (an edge with nothing trainable upstream, such as one leaving an Input, has none).
    std::vector<std::pair<miniflow::Edge, miniflow::GradientSummary>> edgeGradients;
    /// The latest step's output summary of every node an edge leaves (the forward value
    /// along its edges, NOTE [Edge colours]); empty before the first step.
    std::vector<std::pair<miniflow::NodeId, miniflow::GradientSummary>> nodeValues;
    std::optional<miniflow::Edge> watchedEdge;
    miniflow::Tensor watchedGradient; ///< full tensor of the watched edge (may be empty)
    /// Activation and parameter statistics of the latest step (NOTE [Gradient health]);
    /// empty before the first step.
    miniflow::HealthSample health;
    /// The model over the input plane, for 2-feature data, at most every
    /// TrainingWorker::kBoundaryInterval (shared: the GUI's views only read it).
    std::shared_ptr<const miniflow::BoundaryMap> boundary;
    /// The trained parameters at the end of an epoch, when one ended since the previous
    /// snapshot (views that evaluate the model, such as the confusion matrix, use them).
    std::shared_ptr<const std::map<miniflow::NodeId, miniflow::Tensor>> epochParameters;
    /// NOTE [Live parameters]: the trained parameters after the latest step, only while a
    /// view asked for them (TrainingController::setParametersWanted) and at most every
    /// TrainingWorker::kLiveParametersInterval (and in a final or paused snapshot). Views
    /// that look inside the model while it trains (the feature-map and kernel views) read
    /// them; they run their probes off the GUI thread, never on the worker.
    std::shared_ptr<const std::map<miniflow::NodeId, miniflow::Tensor>> liveParameters;
    long step = 0;
    int epoch = 0;
    /// Samples per second over the last ~second of wall time spent in running steps (NOTE
    /// [Samples per second]); nullopt when there is no such measurement (single steps only).
    std::optional<double> samplesPerSecond;
    /// The optimizer's learning rate when the snapshot was taken (NOTE [Worker commands]).
    double learningRate = 0;
    bool final = false; ///< the last snapshot of a run
};

Q_DECLARE_METATYPE(TrainingSnapshot)
Q_DECLARE_METATYPE(TrainingState)
