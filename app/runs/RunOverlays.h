#pragma once
/// A kept run as a loss-plot overlay (NOTE [Studio runs]).
#include "app/plot/RunOverlay.h"
#include "io/RunRecord.h"

/// The run's training loss averaged into at most `maxPoints` buckets of consecutive steps,
/// its validation loss at each epoch's last step, and its best epoch (by the run's bestBy)
/// marked on the validation curve (on the training curve when it has no validation loss).
RunOverlay overlayFor(const miniflow::RunRecord& run, const QColor& color, int maxPoints = 600);
/// The n-th overlay colour (a qualitative palette that avoids the live curves' blue/orange).
QColor overlayColor(int n);
