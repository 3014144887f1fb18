#pragma once
/// NOTE [Step thinning]
/// Per-step records the studio keeps while a run trains (the metrics recorder, the Runs
/// panel's live curve) stay bounded in runs of any length (the studio may train for hours at
/// tens of thousands of steps per second): past a cap, the older half is thinned to each group
/// of four steps' lowest and highest loss, in step order, as LossHistory does. The latest
/// steps stay exact and no spike disappears; a NaN loss counts as the highest, so a failure
/// stays visible. Epoch records (one per epoch; a soak of a tiny dataset makes thousands a
/// second) lose every other one of their older half past a cap, except the epoch to keep (the
/// best), as LossHistory's epoch series do.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

/// Thins the older half of `steps` (any record with a numeric `loss` member), keeping order.
template <class Step> void thinOlderSteps(std::vector<Step>& steps) {
    const auto higher = [](double a, double b) {
        return std::isnan(a) || (!std::isnan(b) && a > b);
    };
    const size_t old = steps.size() / 2 / 4 * 4;
    size_t kept = 0;
    for (size_t group = 0; group < old; group += 4) {
        size_t low = group, high = group;
        for (size_t i = group + 1; i < group + 4; ++i) {
            if (higher(steps[low].loss, steps[i].loss))
                low = i;
            if (higher(steps[i].loss, steps[high].loss))
                high = i;
        }
        steps[kept++] = steps[std::min(low, high)];
        if (low != high)
            steps[kept++] = steps[std::max(low, high)];
    }
    for (size_t i = old; i < steps.size(); ++i)
        steps[kept++] = steps[i];
    steps.resize(kept);
}

/// Drops every other record of the older half of `epochs` (records with an `epoch` member),
/// except the one whose epoch is `keep`.
template <class Epoch> void thinOlderEpochs(std::vector<Epoch>& epochs, int keep) {
    const size_t old = epochs.size() / 2;
    size_t kept = 0;
    for (size_t i = 0; i < epochs.size(); ++i)
        if (i >= old || i % 2 == 0 || epochs[i].epoch == keep)
            epochs[kept++] = epochs[i];
    epochs.resize(kept);
}
