#pragma once
/// NOTE [Gradient check per node]
/// The studio puts a badge with a relative error on every node it checks:
///  - a source (Parameter, differentiable Input): the end-to-end gradient dL/d(node) from
///    backprop against central finite differences of the loss (checkGradients);
///  - an op: its own backward in isolation. The node is copied into a small graph whose
///    sources hold the node's current input values and whose output is weighted by a fixed
///    random tensor R (so the check does not lean on an upstream of ones); checkGradients
///    then compares d sum(R ⊙ op(inputs)) / d input, from the op's backward, with finite
///    differences. A wrong backward is flagged on the op itself, not only upstream of it.
/// Grades (float32, h = 1e-2): green below kGreenBelow, amber below kAmberBelow, red
/// otherwise; a gradient whose every probed element agrees within float32's resolution at
/// that loss (GradientCheckResult::noiseFloor) is green whatever its relative error. Elements
/// whose differences cross a kink are left out (NOTE [Kinks]); a node with no element left is
/// graded NotCheckable, neither passed nor failed.
#include "inspect/GradientCheck.h"

#include <string>
#include <vector>

namespace miniflow {

inline constexpr double kGreenBelow = 1e-3;
inline constexpr double kAmberBelow = 1e-2;

enum class CheckGrade { Green, Amber, Red, NotCheckable };

struct NodeCheck {
    NodeId node;
    std::string name;
    bool isOp = false;        ///< true: the op's own backward; false: dL/d(source)
    double relativeError = 0; ///< the worst over the checked tensors
    bool withinNoise = false; ///< every checkable element agreed within float32 resolution
    Index probed = 0;         ///< elements probed over the checked tensors
    Index notCheckable = 0;   ///< of them, those whose differences crossed a kink
    CheckGrade grade = CheckGrade::Green;
};

/// Green, amber or red for a checkable node (NotCheckable is set by the check itself).
CheckGrade gradeOf(double relativeError, bool withinNoise);
const char* toString(CheckGrade grade);

/// Checks one node of `session` with its current values (run forward first). Sources
/// without a differentiable gradient (Constants, class-index labels, unused nodes) and
/// ops without inputs give nullopt.
std::optional<NodeCheck> checkNode(Session& session, NodeId node,
                                   const GradientCheckOptions& options = {});

/// Every node checkNode can check, in topological order. Runs forward first.
std::vector<NodeCheck> checkAllNodes(Session& session, const GradientCheckOptions& options = {});

} // namespace miniflow
