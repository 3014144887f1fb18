#pragma once
#include "inspect/HealthThresholds.h"

/// The gradient-health thresholds users chose, kept with QSettings ("health/..." keys);
/// missing or invalid entries fall back to HealthThresholds' defaults.
namespace HealthSettings {
miniflow::HealthThresholds load();
void save(const miniflow::HealthThresholds& thresholds);
} // namespace HealthSettings
