#pragma once
/// NOTE [Kinks]
/// Central differences (L(x+h) - L(x-h)) / 2h estimate a derivative only where L is smooth
/// between x-h and x+h. ReLU and LeakyReLU have a kink at 0 (OpTraits::kinksAt): when
/// perturbing a source element moves any input of such an op across its kink, the
/// difference mixes two slopes and says nothing about backprop's gradient (a bias feeds
/// every sample's pre-activation, so with many samples one lies within h of 0). The check
/// notes which side of its kinks every such input is on at x, x+h and x-h; an element where
/// any side differs is counted as not checkable by finite differences and left out of the
/// errors, instead of failing. Max-like ops (OpTraits::selectsMaximum: MaxPool2D) kink where
/// a window's maximum meets its runner-up: the check likewise notes which element each
/// output picked (Op::selections) at x, x+h and x-h, and an element that changes any pick
/// (a window maximum within h of the runner-up) is not checkable either.
#include "autograd/Session.h"

#include <vector>

namespace miniflow {

/// Central finite differences vs. backprop, in float32 (the engine's precision).
struct GradientCheckOptions {
    double epsilon = 1e-2;   ///< perturbation h: (L(x+h) - L(x-h)) / 2h
    double tolerance = 1e-2; ///< pass when relative error <= tolerance
    Index maxElements = 40;  ///< elements probed per tensor (evenly spaced)
};

struct GradientCheckResult {
    NodeId node;
    std::string name;
    /// ||analytic - numeric|| / max(||analytic|| + ||numeric||, 1e-6) over the probed elements.
    double relativeError = 0;
    double maxAbsDifference = 0;
    /// The smallest difference float32 can resolve here: 4 ulp(|L|) / 2h. A gradient
    /// whose every element agrees to within it passes even when its relative error is
    /// large (tiny gradients next to a large loss).
    double noiseFloor = 0;
    Index probed = 0;
    /// Probed elements whose difference crossed a kink (NOTE [Kinks]): not in the errors.
    Index notCheckable = 0;
    bool passed = false; ///< false too when no probed element was checkable
    /// Some probed element was checkable by finite differences.
    bool checkable() const { return notCheckable < probed; }
};

/// Passes when relativeError <= tolerance or maxAbsDifference <= noiseFloor, both over the
/// checkable elements; a result with none is neither passed nor failed (checkable() false).
/// Checks the gradient of the sum of sink outputs (the loss) with respect to every trainable
/// Parameter and every Input (except class-index labels, which are not differentiable),
/// with the inputs currently fed. Dropout masks are held fixed by reseeding before each
/// forward pass. Leaves values and gradients as after a fresh forward/backward. Ops' state
/// (BatchNorm's running statistics) is not updated by any of its passes (NOTE [Op state]).
std::vector<GradientCheckResult> checkGradients(Session& session,
                                                const GradientCheckOptions& options = {});

} // namespace miniflow
