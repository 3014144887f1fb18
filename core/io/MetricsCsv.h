#pragma once
/// NOTE [Metrics CSV]
/// Training metrics as CSV, one row per training step, for one run or several. Columns:
///   run, step, epoch, wall_seconds, train_loss,
///   epoch_train_loss, train_accuracy, val_loss, val_accuracy, samples_per_second
/// The epoch columns are filled on the row of the step that ended the epoch and empty on the
/// others (an epoch with no recorded step gets a row of its own). Accuracies are fractions in
/// [0, 1]; a column a run does not have (accuracy of a regression) stays empty. Numbers are
/// written with enough digits to read back the same float (%.9g). The `run` column is the
/// MetricsLog's name, or "run N" (1-based) when it has none. RFC 4180 quoting for names.
#include "train/MetricsLog.h"

#include <ostream>
#include <string>
#include <vector>

namespace miniflow {

/// The header's column names, in order.
const std::vector<std::string>& metricsCsvColumns();

void writeMetricsCsv(std::ostream& out, const std::vector<const MetricsLog*>& runs);
/// Writes `path` (through a temporary file renamed over it); throws std::runtime_error naming
/// the file when it cannot be written.
void writeMetricsCsv(const std::string& path, const std::vector<const MetricsLog*>& runs);

} // namespace miniflow
