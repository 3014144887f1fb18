#pragma once

namespace miniflow {

/// When GradientHealth raises an alert (NOTE [Gradient health]); users change them in the
/// studio's settings. A "snapshot" is one HealthSample, sent ~25 times a second.
struct HealthThresholds {
    /// Vanishing: ||dL/dW|| / ||W|| below this for `sustain` snapshots in a row...
    double vanishingRatio = 1e-5;
    /// ...and this many times below the largest ratio of any Parameter in the same snapshot
    /// (the signal fades on its way back; a converged model, where every ratio is tiny, is
    /// not vanishing).
    double vanishingSpread = 100;
    /// Exploding: an edge's gradient norm above this, or not finite.
    double explodingNorm = 1e4;
    /// Exploding too: the norm grew by this factor over the last `window` snapshots, to a
    /// height it never reached before in the run, rising over the last 3 snapshots.
    double explodingGrowth = 1e3;
    /// Dead ReLU: share of outputs exactly 0 (so of zero gradients through it), sustained.
    double deadShare = 0.9;
    /// Saturated Sigmoid/Tanh: share of outputs near an asymptote, sustained.
    double saturatedShare = 0.9;
    /// Divergence: the training loss above this many times its running minimum...
    double divergenceFactor = 10;
    /// ...or above this many times its value at the run's first step for `sustain`
    /// snapshots in a row (0: off)...
    double divergenceAboveStart = 2;
    /// ...or rising in each of this many snapshots in a row (0: off).
    int divergenceRising = 10;
    int sustain = 5; ///< snapshots in a row for vanishing, dead and saturated
    int window = 10; ///< snapshots the growth is measured over
    bool operator==(const HealthThresholds&) const = default;
};

} // namespace miniflow
