#pragma once
#include <functional>
#include <memory>

class StudioAutomation;

/// What miniflow-studio's --step-through, --gradcheck and --confusion options do before a
/// headless screenshot (HeadlessRun::setBeforeScreenshot).
struct AnalysisShots {
    int stepThrough = 0; ///< steps to take in the step-through panel (0: none)
    int samples = 0;     ///< samples the pass runs on (0: the panel's default)
    bool gradientCheck = false;
    bool confusion =
        false; ///< compute it, open its largest off-diagonal cell, run its first sample

    /// Views that reported a failure (each says why on stderr); main exits 1 when any did.
    std::shared_ptr<int> failures = std::make_shared<int>(0);

    bool any() const { return stepThrough > 0 || gradientCheck || confusion; }
    /// Runs the requested views one after another on `window`, then calls `proceed`. Each view
    /// prints what it did ("miniflow-studio: gradient check: 7 nodes checked") on stdout, or
    /// its failure on stderr (counted in `failures`).
    std::function<void(std::function<void()>)> work(StudioAutomation* window) const;
};
