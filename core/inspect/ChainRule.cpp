#include "inspect/ChainRule.h"

#include <algorithm>
#include <cctype>
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
    if (in.shapes.size() == in.inputs.size())
        op->setInputShapes(in.shapes);
    Rng rng(0);
    OpContext ctx{true, &rng};
    Tensor out;
    try {
        op->forward(in.inputs, out, ctx); // no state: the model is not changed (NOTE [Op state])
    } catch (const RunError&) {
        return {}; // e.g. BatchNorm refuses a one-value training batch
    }
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

/// `text` with {du}, {dv}, {u}, {v} and {k} filled in (ChainRuleText).
std::string fillRule(std::string text, const ChainRuleInputs& in, int port) {
    const std::string& v = in.consumer->name;
    const std::string& u = in.producers[static_cast<size_t>(port)];
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
        if (close == std::string::npos) {
            out += text[i];
            continue;
        }
        const std::string key = text.substr(i + 1, close - i - 1);
        if (key == "du")
            out += d(u);
        else if (key == "dv")
            out += d(v);
        else if (key == "u")
            out += u;
        else if (key == "v")
            out += v;
        else if (!key.empty() &&
                 std::all_of(key.begin(), key.end(),
                             [](unsigned char c) { return std::isdigit(c); }) &&
                 std::stoul(key) < in.producers.size())
            out += in.producers[std::stoul(key)];
        else
            out += "{" + key + "}";
        i = close;
    }
    return out;
}

/// The op's registered rule for this port (OpTraits::chainRules), else the generic sentence.
MatrixRule matrixRule(const ChainRuleInputs& in, int port) {
    const OpInfo& info = *in.consumer->info;
    const auto& rules = info.traits.chainRules;
    const size_t which = info.variadic ? 0 : static_cast<size_t>(port);
    if (which < rules.size() && (!rules[which].broadcastOnly || broadcastInto(in, port))) {
        const ChainRuleText& rule = rules[which];
        Tensor factor;
        if (rule.transposeOfInput >= 0)
            factor = in.inputs[static_cast<size_t>(rule.transposeOfInput)]->transpose();
        else if (rule.outputFactor)
            factor = *in.value;
        return {fillRule(rule.text, in, port), std::move(factor)};
    }
    return {d(in.producers[static_cast<size_t>(port)]) + " = " + info.kind +
                "'s backward applied to " + d(in.consumer->name) + " (a vector-Jacobian product)",
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
