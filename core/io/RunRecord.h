#pragma once
/// NOTE [Run records]
/// Every Train (the studio's and `miniflow train --runs DIR`) is kept as a run: one file
/// per run in a runs folder (beside a project NAME.miniflow.json it is NAME.runs/), named
/// ID.run.jsonl, append-only while training:
///   line 1   {"format": "miniflow-run", "version": 1, "id", "name", "started" (ISO 8601 UTC),
///             "startedMs" (ms since the Unix epoch), "graphHash", "bestBy", "training" {...},
///             "dataset" {...} (as in graph files), "graph" (the graph file without parameters)}
///   then one JSON object per line, told apart by "t":
///   {"t":"step","step":N,"epoch":E,"loss":L}
///   {"t":"epoch","epoch":E,"step":N,"trainLoss":L,"trainAccuracy":A?,"valLoss":L?,
///    "valAccuracy":A?,"seconds":S,"samplesPerSecond":R}
///   {"t":"params","which":"best"|"final","epoch":E,"file":"ID.best.params"}
///   {"t":"name","name":"..."}                     (a rename, appended; the last one wins)
///   {"t":"end","status":"finished"|"stopped"|"failed","seconds":S,"message":"..."}
/// The writer flushes at every epoch end and at least every 2 s (a crash loses at most the
/// last seconds). A reader ignores a last line cut short (a killed run) and marks a run
/// with no "end" line Interrupted. Parameters live beside it in ID.best.params /
/// ID.final.params (io/RunParameters.h). Optional fields (trainAccuracy, valLoss,
/// valAccuracy) are left out of a line when there is no value.
#include "io/DatasetSpec.h"
#include "io/GraphFile.h"
#include "train/TrainingConfig.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace miniflow {

inline constexpr int kRunFormatVersion = 1;

/// Which epoch's parameters a run keeps as its best.
enum class BestBy { ValidationLoss, ValidationAccuracy };
std::string toString(BestBy by); ///< "validationLoss" / "validationAccuracy"
std::optional<BestBy> bestByFromString(const std::string& text);

enum class RunStatus {
    Running,     ///< being written now (set by whoever owns the writer, never read from disk)
    Finished,    ///< every configured epoch ran
    Stopped,     ///< the user stopped it
    Failed,      ///< NaN/Inf or an error; `message` says which
    Interrupted, ///< no "end" line: the process died (or the file was cut short)
};
std::string toString(RunStatus status); ///< "running", "finished", ...

struct RunStep {
    long step = 0; ///< 1-based since the run's start
    int epoch = 0; ///< 1-based
    float loss = 0;
    bool operator==(const RunStep&) const = default;
};

struct RunEpoch {
    int epoch = 0; ///< 1-based
    long step = 0; ///< steps done when it ended
    double trainLoss = 0;
    std::optional<double> trainAccuracy;
    std::optional<double> validationLoss;
    std::optional<double> validationAccuracy;
    double seconds = 0; ///< wall time since the run started
    double samplesPerSecond = 0;
    bool operator==(const RunEpoch&) const = default;
};

struct RunRecord {
    std::string id;      ///< unique in its folder, also the file stem: "20261207-043012-3f9a"
    std::string name;    ///< shown and editable; defaults to "run N"
    std::string started; ///< ISO 8601 UTC: "2026-12-07T04:30:12Z"
    std::int64_t startedMs = 0; ///< ms since the Unix epoch
    std::string graphHash;      ///< structureHash(graph), 16 hex digits
    BestBy bestBy = BestBy::ValidationLoss;
    TrainingConfig training;
    DatasetSpec dataset;
    GraphFile graph;              ///< the graph, dataset and training as trained (no parameters)
    std::vector<RunStep> steps;   ///< per-step training loss
    std::vector<RunEpoch> epochs; ///< per-epoch summary (validation loss / accuracy)
    RunStatus status = RunStatus::Interrupted;
    std::string message;             ///< why it failed, when it did
    double seconds = 0;              ///< wall time: the "end" line's, else the last epoch's
    int bestEpoch = 0;               ///< epoch of the stored best parameters; 0 = none
    int finalEpoch = 0;              ///< epoch of the stored final parameters; 0 = none
    std::string bestParametersFile;  ///< file name inside the runs folder ("" = none)
    std::string finalParametersFile; ///< file name inside the runs folder ("" = none)

    /// The epoch whose validation metric is best by `bestBy` (0 when no epoch has it).
    int bestEpochByMetric() const;
    const RunEpoch* epoch(int number) const;
    /// Mean samples per second over the epochs (0 without epochs).
    double samplesPerSecond() const;
};

/// A 64-bit FNV-1a hash of the graph's structure (op kinds, attributes and edges, by node
/// id; names and positions left out) as 16 hex digits: runs of the same network share it.
std::string structureHash(const Graph& graph);

/// Every setting of a run as ("key", "value text") in a fixed order: the training settings
/// ("optimizer", "learningRate", "momentum", "batchSize", "epochs", "seed", "sampling",
/// "stepsPerEpoch", "clipGradientNorm"), "bestBy", the dataset and split ("dataset.source",
/// "dataset.name", "dataset.path", "dataset.target", "dataset.classification",
/// "dataset.samples", "dataset.noise", "dataset.classes", "dataset.normalization",
/// "dataset.validationFraction", "dataset.seed"), "graphHash", then per node with a
/// "units" or "rate" attribute "NODE.units" / "NODE.rate" (the sweepable layer settings).
std::vector<std::pair<std::string, std::string>> runSettings(const RunRecord& run);

/// The keys whose values differ between two runs (a key only one run has counts as
/// different), in runSettings order.
std::vector<std::string> changedSettings(const RunRecord& a, const RunRecord& b);
/// The keys whose values are not the same in all of `runs` (empty for fewer than two).
std::vector<std::string> settingsThatDiffer(const std::vector<const RunRecord*>& runs);

} // namespace miniflow
