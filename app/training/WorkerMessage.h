#pragma once
/// What a TrainingWorker sends the GUI thread (NOTE [Thread model], NOTE [Hand-off under our
/// own lock]): values only, through the run's WorkerOutbox.
#include "app/threads/Mailbox.h"
#include "app/training/TrainingSnapshot.h"

#include <QString>
#include <map>
#include <variant>

/// Trained parameter values by node, sent back to the document.
using ParameterMap = std::map<miniflow::NodeId, miniflow::Tensor>;

/// A clear message for the user; `node` is where it happened when known (invalid otherwise).
struct WorkerFailure {
    QString message;
    miniflow::NodeId node;
};

/// What the worker sends the GUI, in order: snapshots, trained parameters, failures and state
/// changes (Paused / Running while the run lasts; Finished, Stopped or Failed last).
using WorkerMessage = std::variant<TrainingSnapshot, ParameterMap, WorkerFailure, TrainingState>;
using WorkerOutbox = Mailbox<WorkerMessage>;
