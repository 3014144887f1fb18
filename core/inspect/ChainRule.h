#pragma once
/// NOTE [Chain rule on an edge]
/// For an edge u -> v (input port k of v), backprop computes
///     dL/du (through v) = dL/dv  "times"  dv/du
/// where dL/dv is v's node gradient (the upstream gradient, the sum over v's outgoing
/// edges) and dv/du is v's local derivative. How "times" reads depends on the op:
///  - Elementwise (Sigmoid, ReLU, Tanh, Mul of equal shapes...): the Jacobian is diagonal,
///    local holds its diagonal and the edge gradient is upstream ⊙ local.
///  - ScalarUpstream (losses, whose output is 1 x 1): the edge gradient is upstream × local.
///  - MatrixRule (Linear, MatMul, Softmax, broadcast inputs): a matrix product or a
///    reduction, stated in `rule`; local then holds the matrix the upstream gradient is
///    multiplied with (e.g. Wᵀ), or is empty when the rule is a sum. The sentence and the
///    factor are the op's registered OpTraits::chainRules (NOTE [Op traits]).
/// The form is not assumed from the op kind: Elementwise and ScalarUpstream are used only
/// when the product reproduces the Session's edge gradient (so what is shown is true).
#include "autograd/Plan.h"
#include "tensor/Tensor.h"

#include <string>
#include <vector>

namespace miniflow {

enum class ChainRuleForm { Elementwise, ScalarUpstream, MatrixRule };

/// The chain rule on one edge, as data.
struct EdgeChainRule {
    Edge edge;
    std::string producer; ///< u's name
    Tensor upstream;      ///< dL/dv: v's node gradient, shaped like v's value
    Tensor local;         ///< see NOTE [Chain rule on an edge]; may be empty
    Tensor gradient;      ///< dL/du through v: the Session's edge gradient, shaped like u
    ChainRuleForm form = ChainRuleForm::MatrixRule;
    std::string rule; ///< one line, with the nodes' names: "dL/dW1 = Xᵀ · dL/df1"
};

/// What the consumer's op needs to explain its input edges.
struct ChainRuleInputs {
    const PlannedNode* consumer = nullptr;
    std::vector<const Tensor*> inputs;  ///< the consumer's input values, one per port
    std::vector<std::string> producers; ///< their producers' names, one per port
    const Tensor* value = nullptr;      ///< the consumer's output value
    const Tensor* upstream = nullptr;   ///< the consumer's node gradient
    std::vector<InputShape> shapes;     ///< the inputs' planned shapes (Op::setInputShapes)
};

/// One EdgeChainRule per input port of the consumer, in port order. `edges[k]` and
/// `edgeGradients[k]` are the edge into port k and the gradient the Session stored on it.
std::vector<EdgeChainRule> explainEdges(const ChainRuleInputs& in, const std::vector<Edge>& edges,
                                        const std::vector<const Tensor*>& edgeGradients);

const char* toString(ChainRuleForm form);

} // namespace miniflow
