#include "inspect/ChainRule.h"

#include <algorithm>
#include <memory>

namespace miniflow {

namespace {

std::string d(const std::string& name) {
    return "∂L/∂" + name;
}

/// dsum(out)/d(input k) for every port: the op's backward with an upstream of ones, run on a
/// fresh instance fed the same inputs. Empty when that instance does not reproduce the value
/// (Dropout draws a new mask), so nothing shown is made up.
std::vector<Tensor> localDerivatives(const ChainRuleInputs& in) {
    std::unique_ptr<Op> op = in.consumer->info->create(in.consumer->attributes);
    Rng rng(0);
    OpContext ctx{true, &rng};
    Tensor out;
    op->forward(in.inputs, out, ctx);
    if (out.rows() != in.value->rows() || out.cols() != in.value->cols() ||
        !(out.array() == in.value->array()).all())
        return {};
    std::vector<Tensor> locals(in.inputs.size());
    std::vector<Tensor*> targets;
    for (Tensor& t : locals)
        targets.push_back(&t);
    const Tensor ones = Tensor::Ones(out.rows(), out.cols());
    op->backward(in.inputs, out, ones, targets, ctx);
    return locals;
}

bool sameShape(const Tensor& a, const Tensor& b) {
    return a.rows() == b.rows() && a.cols() == b.cols();
}

/// Equal up to float32 rounding of a few operations.
bool agrees(const Tensor& a, const Tensor& b) {
    if (!sameShape(a, b) || a.size() == 0)
        return false;
    const float scale = std::max(a.cwiseAbs().maxCoeff(), b.cwiseAbs().maxCoeff());
    return (a - b).cwiseAbs().maxCoeff() <= 1e-4f * scale + 1e-30f;
}

struct MatrixRule {
    std::string text;
    Tensor factor;
};

bool broadcastInto(const ChainRuleInputs& in, int port) {
    return in.inputs[static_cast<size_t>(port)]->rows() == 1 && in.value->rows() > 1;
}

MatrixRule matrixRule(const ChainRuleInputs& in, int port) {
    const std::string& kind = in.consumer->info->kind;
    const std::string& v = in.consumer->name;
    const auto name = [&](int k) { return in.producers[static_cast<size_t>(k)]; };
    const std::string u = name(port);
    if ((kind == "Linear" || kind == "MatMul") && port == 0)
        return {d(u) + " = " + d(v) + " · " + name(1) + "ᵀ", in.inputs[1]->transpose()};
    if ((kind == "Linear" || kind == "MatMul") && port == 1)
        return {d(u) + " = " + name(0) + "ᵀ · " + d(v), in.inputs[0]->transpose()};
    if (kind == "Linear" && port == 2)
        return {d(u) + " = " + d(v) + " summed over its rows (" + u + " is added to every row)",
                {}};
    if (kind == "Softmax")
        return {d(u) + " = s ⊙ (" + d(v) + " − rowsum(" + d(v) + " ⊙ s)), s = " + v, *in.value};
    if (kind == "Add" && broadcastInto(in, port))
        return {d(u) + " = " + d(v) + " summed over its rows (" + u + " is repeated for every row)",
                {}};
    if (kind == "Mul" && broadcastInto(in, port))
        return {d(u) + " = (" + d(v) + " ⊙ the other inputs) summed over the rows (" + u +
                    " is repeated for every row)",
                {}};
    return {d(u) + " = " + kind + "'s backward applied to " + d(v) + " (a vector-Jacobian product)",
            {}};
}

EdgeChainRule explainOne(const ChainRuleInputs& in, int port, const Edge& edge,
                         const Tensor& gradient, const std::vector<Tensor>& locals) {
    EdgeChainRule r;
    r.edge = edge;
    r.producer = in.producers[static_cast<size_t>(port)];
    r.upstream = *in.upstream;
    r.gradient = gradient;
    const std::string& v = in.consumer->name;
    if (gradient.size() == 0) {
        r.rule = "no gradient flows to " + r.producer + " through " + v +
                 " (it is not differentiable here)";
        return r;
    }
    const Tensor* local = locals.empty() ? nullptr : &locals[static_cast<size_t>(port)];
    const std::string derivative = "∂" + v + "/∂" + r.producer;
    if (local && r.upstream.size() == 1 && agrees(gradient, r.upstream(0, 0) * *local)) {
        r.form = ChainRuleForm::ScalarUpstream;
        r.local = *local;
        r.rule = d(r.producer) + " = " + d(v) + " × " + derivative;
    } else if (local && sameShape(r.upstream, *local) &&
               agrees(gradient, r.upstream.cwiseProduct(*local))) {
        r.form = ChainRuleForm::Elementwise;
        r.local = *local;
        r.rule = d(r.producer) + " = " + d(v) + " ⊙ " + derivative + " (elementwise)";
    } else {
        MatrixRule m = matrixRule(in, port);
        r.rule = std::move(m.text);
        r.local = std::move(m.factor);
    }
    return r;
}

} // namespace

std::vector<EdgeChainRule> explainEdges(const ChainRuleInputs& in, const std::vector<Edge>& edges,
                                        const std::vector<const Tensor*>& edgeGradients) {
    const std::vector<Tensor> locals = localDerivatives(in);
    std::vector<EdgeChainRule> rules;
    for (size_t k = 0; k < edges.size(); ++k)
        rules.push_back(explainOne(in, static_cast<int>(k), edges[k], *edgeGradients[k], locals));
    return rules;
}

const char* toString(ChainRuleForm form) {
    switch (form) {
    case ChainRuleForm::Elementwise:
        return "elementwise";
    case ChainRuleForm::ScalarUpstream:
        return "scalar upstream";
    case ChainRuleForm::MatrixRule:
        return "matrix rule";
    }
    return "";
}

} // namespace miniflow
