// The step-through model on MiniFlow's backprop example: the values and gradients the
// seed prints ("Forward pass @ ...", "BP @ ...") read from the steps a view displays.
#include "GraphBuilder.h"
#include "SharedData.h"

#include "inspect/StepThrough.h"
#include "io/GraphFile.h"
#include "ops/SourceOps.h"

#include <QtTest>

using namespace miniflow;

namespace {

/// max |a - e| / |e| over the elements (|e| > 0 everywhere in the seed's figures).
double maxRelativeError(const Tensor& actual, const std::vector<double>& expected) {
    if (actual.size() != static_cast<Index>(expected.size()))
        return 1e30;
    double worst = 0;
    for (Index i = 0; i < actual.size(); ++i)
        worst = std::max(worst, std::abs(actual.data()[i] - expected[static_cast<size_t>(i)]) /
                                    std::abs(expected[static_cast<size_t>(i)]));
    return worst;
}

/// Steps forward from the start until the cursor is on `name`'s backward step.
const BackwardStep& stepToBackward(StepThrough& steps, const std::string& name) {
    steps.reset();
    while (steps.stepForward())
        if (steps.currentBackward() && steps.currentBackward()->name == name)
            return *steps.currentBackward();
    qFatal("no backward step for %s", name.c_str());
}

const EdgeChainRule& ruleFrom(const BackwardStep& step, const std::string& producer) {
    for (const EdgeChainRule& rule : step.inputs)
        if (rule.producer == producer)
            return rule;
    qFatal("%s has no input from %s", step.name.c_str(), producer.c_str());
}

Tensor valueJsonTensor(std::initializer_list<std::initializer_list<float>> rows) {
    Tensor t(static_cast<Index>(rows.size()), static_cast<Index>(rows.begin()->size()));
    Index r = 0;
    for (const auto& row : rows) {
        Index c = 0;
        for (float v : row)
            t(r, c++) = v;
        ++r;
    }
    return t;
}

} // namespace

class TestStepThrough : public QObject {
    Q_OBJECT
    std::unique_ptr<Session> session_;
    std::unique_ptr<StepThrough> steps_;

  private slots:
    void init() {
        const GraphFile file = readGraphFile(test::examplePath("backprop.json"));
        session_ = std::make_unique<Session>(Plan::build(file.graph));
        steps_ = std::make_unique<StepThrough>(*session_);
    }

    void forwardThenBackwardOrder() {
        QCOMPARE(steps_->stepCount(), 14);
        QCOMPARE(steps_->position(), -1);
        QVERIFY(steps_->phase() == StepThrough::Phase::Start);
        QVERIFY(!steps_->stepBack());
        std::vector<std::string> visited;
        while (steps_->stepForward()) {
            const bool forward = steps_->phase() == StepThrough::Phase::Forward;
            visited.push_back((forward ? "F:" : "B:") + (forward
                                                             ? steps_->currentForward()->name
                                                             : steps_->currentBackward()->name));
        }
        QVERIFY(steps_->atEnd());
        QVERIFY(!steps_->stepForward());
        // Each node is computed after its inputs and differentiated before them.
        const auto at = [&](const std::string& s) {
            return std::find(visited.begin(), visited.end(), s) - visited.begin();
        };
        QVERIFY(at("F:X") < at("F:f1") && at("F:W1") < at("F:f1") &&
                at("F:f1") < at("F:activation"));
        QVERIFY(at("F:activation") < at("F:cost") && at("F:cost") < at("B:cost"));
        QCOMPARE(at("B:cost"), 7);
        QVERIFY(at("B:cost") < at("B:activation") && at("B:activation") < at("B:f1") &&
                at("B:f1") < at("B:W1"));
        QVERIFY(steps_->stepBack());
        QCOMPARE(steps_->position(), 12);
        steps_->reset();
        QCOMPARE(steps_->position(), -1);
        QVERIFY(!steps_->currentNode().valid());
    }

    /// "Forward pass @ Linear_OP ... [[-11], [-11]]", "Sigmoid_Op [[1.67014218e-05] ...]",
    /// MSE 2.49994990.
    void forwardValuesMatchSeed() {
        const auto& forward = steps_->forwardSteps();
        const auto valueOf = [&](const std::string& name) -> const Tensor& {
            return std::find_if(forward.begin(), forward.end(),
                                [&](const ForwardStep& s) { return s.name == name; })
                ->value;
        };
        QCOMPARE(maxRelativeError(valueOf("f1"), {-11, -11}), 0.0);
        QVERIFY(maxRelativeError(valueOf("activation"), {1.67014218e-05, 1.67014218e-05}) <= 1e-5);
        QVERIFY(maxRelativeError(valueOf("cost"), {2.4999498960133932}) <= 1e-6);
        QVERIFY(std::abs(steps_->loss() - 2.4999498960133932) <= 1e-5);
        QCOMPARE(steps_->samples(), Index{2});
    }

    /// "BP @ MSE": W.r.t y [0.9999833, 1.9999833], W.r.t Sigmoid_Op [-0.9999833, -1.9999833].
    void mseStepGivesSeedGradients() {
        const BackwardStep& step = stepToBackward(*steps_, "cost");
        QVERIFY(
            step.arriving.empty()); // the sink: "Nothing! Since this node will be the last node"
        QCOMPARE(step.nodeGradient(0, 0), 1.0f);
        const EdgeChainRule& y = ruleFrom(step, "y");
        QVERIFY(y.form == ChainRuleForm::ScalarUpstream);
        QVERIFY(maxRelativeError(y.gradient, {0.9999833, 1.9999833}) <= 1e-4);
        QVERIFY(maxRelativeError(y.local, {0.9999833, 1.9999833}) <= 1e-4); // upstream 1 x local
        QVERIFY(maxRelativeError(ruleFrom(step, "activation").gradient, {-0.9999833, -1.9999833}) <=
                1e-4);
    }

    /// "BP @ Sigmoid": getting MSE_Op gradient [-0.9999833, -1.9999833] -> [-1.67008640e-05,
    /// -3.34020069e-05].
    void sigmoidStepShowsTheChainRuleProduct() {
        const BackwardStep& step = stepToBackward(*steps_, "activation");
        QCOMPARE(step.arriving.size(), size_t{1});
        QCOMPARE(step.arriving.front().consumer, std::string("cost"));
        const EdgeChainRule& rule = ruleFrom(step, "f1");
        QVERIFY(rule.form == ChainRuleForm::Elementwise);
        QVERIFY(maxRelativeError(rule.upstream, {-0.9999833, -1.9999833}) <= 1e-4);
        // sigma'(-11) = sigma(1 - sigma) = 1.67011429e-05
        QVERIFY(maxRelativeError(rule.local, {1.67011429e-05, 1.67011429e-05}) <= 1e-4);
        QVERIFY(maxRelativeError(rule.gradient, {-1.67008640e-05, -3.34020069e-05}) <= 1e-4);
        QVERIFY(QString::fromStdString(rule.rule).contains("∂L/∂f1 = ∂L/∂activation ⊙"));
    }

    /// "BP @ Linear": the seed's X, W1 and b gradients, with the matrix each rule multiplies by.
    void linearStepGivesSeedInputGradients() {
        const BackwardStep& step = stepToBackward(*steps_, "f1");
        QVERIFY(maxRelativeError(step.nodeGradient, {-1.67008640e-05, -3.34020069e-05}) <= 1e-4);
        const EdgeChainRule& x = ruleFrom(step, "X");
        const EdgeChainRule& w = ruleFrom(step, "W1");
        const EdgeChainRule& b = ruleFrom(step, "b");
        QVERIFY(maxRelativeError(x.gradient, {-3.34017280e-05, -5.01025919e-05, -6.68040138e-05,
                                              -1.00206021e-04}) <= 1e-4);
        QVERIFY(maxRelativeError(w.gradient, {5.01028709e-05, 1.00205742e-04}) <= 1e-4);
        QVERIFY(maxRelativeError(b.gradient, {-5.01028709e-05}) <= 1e-4);
        QVERIFY(x.form == ChainRuleForm::MatrixRule);
        QCOMPARE(QString::fromStdString(x.rule), QString("∂L/∂X = ∂L/∂f1 · W1ᵀ"));
        QCOMPARE(maxRelativeError(x.local, {2, 3}), 0.0); // W1ᵀ
        QCOMPARE(QString::fromStdString(w.rule), QString("∂L/∂W1 = Xᵀ · ∂L/∂f1"));
        QCOMPARE(maxRelativeError(w.local, {-1, -1, -2, -2}), 0.0); // Xᵀ
        QVERIFY(b.local.size() == 0);
        // The product the rule states reproduces the edge gradient.
        QVERIFY((x.upstream * x.local - x.gradient).cwiseAbs().maxCoeff() <= 1e-9f);
        QVERIFY((w.local * w.upstream - w.gradient).cwiseAbs().maxCoeff() <= 1e-9f);
    }

    /// "BP @ X / W1 / b / y": each source's gradient, "calculated by next node in the graph".
    void sourceStepsGiveSeedGradients() {
        QVERIFY(maxRelativeError(
                    stepToBackward(*steps_, "X").nodeGradient,
                    {-3.34017280e-05, -5.01025919e-05, -6.68040138e-05, -1.00206021e-04}) <= 1e-4);
        QVERIFY(maxRelativeError(stepToBackward(*steps_, "y").nodeGradient,
                                 {0.9999833, 1.9999833}) <= 1e-4);
        QVERIFY(maxRelativeError(stepToBackward(*steps_, "W1").nodeGradient,
                                 {5.01028709e-05, 1.00205742e-04}) <= 1e-4);
        const BackwardStep& b = stepToBackward(*steps_, "b");
        QVERIFY(maxRelativeError(b.nodeGradient, {-5.01028709e-05}) <= 1e-4);
        QVERIFY(b.inputs.empty());
        QCOMPARE(b.arriving.front().consumer, std::string("f1"));
    }

    /// X feeds a Sigmoid and a Tanh whose sum is compared with y: X's gradient is the sum of
    /// the gradients arriving along its two edges, each the product shown at its consumer.
    /// A GELU (one op file) is a forward and a backward step like any op: its chain rule is
    /// elementwise with GELU'(x) = Φ(x) + x φ(x) as the local derivative; a Linear's rule
    /// comes from its registered text (∂L/∂W = Xᵀ · ∂L/∂v).
    void geluStepShowsItsElementwiseRule() {
        Graph g;
        const Tensor xValue = valueJsonTensor({{0.5f, -1.0f}, {2.0f, -3.5f}, {0.0f, 1.25f}});
        const NodeId x =
            test::addNode(g, "Input", "X", {{"features", 2}, {"value", valueAttribute(xValue)}});
        const NodeId y =
            test::addNode(g, "Input", "y",
                          {{"features", 2},
                           {"role", "labels"},
                           {"value", valueAttribute(valueJsonTensor({{1, 0}, {0, 1}, {1, 1}}))}});
        const NodeId w =
            test::addNode(g, "Parameter", "W",
                          {{"rows", 2},
                           {"cols", 2},
                           {"value", valueAttribute(valueJsonTensor({{1, 2}, {3, 4}}))}});
        const NodeId b = test::addNode(g, "Parameter", "b",
                                       {{"rows", 1}, {"cols", 2}, {"initializer", "zeros"}});
        const NodeId act = test::addNode(g, "GELU", "act");
        const NodeId dense = test::addNode(g, "Linear", "dense", {{"units", 2}});
        const NodeId cost = test::addNode(g, "MSE", "cost");
        test::addEdge(g, x, act);
        test::addEdge(g, act, dense, 0);
        test::addEdge(g, w, dense, 1);
        test::addEdge(g, b, dense, 2);
        test::addEdge(g, y, cost, 0);
        test::addEdge(g, dense, cost, 1);
        Session session(Plan::build(g));
        StepThrough steps(session);
        const EdgeChainRule& rule = ruleFrom(stepToBackward(steps, "act"), "X");
        QVERIFY(rule.form == ChainRuleForm::Elementwise);
        QCOMPARE(QString::fromStdString(rule.rule),
                 QString("∂L/∂X = ∂L/∂act ⊙ ∂act/∂X (elementwise)"));
        for (Index i = 0; i < xValue.size(); ++i) {
            const double v = xValue.data()[i];
            const double slope = 0.5 * (1 + std::erf(v / std::sqrt(2.0))) +
                                 v * std::exp(-0.5 * v * v) / std::sqrt(2 * M_PI);
            QVERIFY(std::abs(rule.local.data()[i] - slope) <= 1e-6);
        }
        const EdgeChainRule& weights = ruleFrom(stepToBackward(steps, "dense"), "W");
        QVERIFY(weights.form == ChainRuleForm::MatrixRule);
        QCOMPARE(QString::fromStdString(weights.rule), QString("∂L/∂W = actᵀ · ∂L/∂dense"));
        QVERIFY((weights.local - session.value(act).transpose()).cwiseAbs().maxCoeff() == 0.0f);
    }

    void fanOutNodeGradientIsTheSumOfItsEdges() {
        Graph g;
        const Tensor xValue = valueJsonTensor({{0.5f, -1.0f}, {2.0f, 0.25f}});
        const NodeId x =
            test::addNode(g, "Input", "X", {{"features", 2}, {"value", valueAttribute(xValue)}});
        const NodeId y =
            test::addNode(g, "Input", "y",
                          {{"features", 2},
                           {"role", "labels"},
                           {"value", valueAttribute(valueJsonTensor({{1, 0}, {0, 1}}))}});
        const NodeId s = test::addNode(g, "Sigmoid", "s");
        const NodeId t = test::addNode(g, "Tanh", "t");
        const NodeId sum = test::addNode(g, "Add", "sum", {{"inputs", 2}});
        const NodeId cost = test::addNode(g, "MSE", "cost");
        test::addEdge(g, x, s);
        test::addEdge(g, x, t);
        test::addEdge(g, s, sum, 0);
        test::addEdge(g, t, sum, 1);
        test::addEdge(g, y, cost, 0);
        test::addEdge(g, sum, cost, 1);
        Session session(Plan::build(g));
        StepThrough steps(session);

        const BackwardStep& bx = stepToBackward(steps, "X");
        QCOMPARE(bx.arriving.size(), size_t{2});
        const Tensor edgeSum = bx.arriving[0].gradient + bx.arriving[1].gradient;
        QVERIFY((edgeSum - bx.nodeGradient).cwiseAbs().maxCoeff() <= 1e-7f);
        QVERIFY((bx.nodeGradient - session.nodeGradient(x)).cwiseAbs().maxCoeff() == 0.0f);
        QVERIFY(bx.arriving[0].gradient.cwiseAbs().minCoeff() > 0.0f); // both edges carry gradient
        QVERIFY(bx.arriving[1].gradient.cwiseAbs().minCoeff() > 0.0f);
        // Each arriving gradient is the one the consumer's chain rule produced.
        for (const ArrivingGradient& a : bx.arriving) {
            const EdgeChainRule& rule = ruleFrom(stepToBackward(steps, a.consumer), "X");
            QVERIFY(rule.form == ChainRuleForm::Elementwise);
            QVERIFY((rule.gradient - a.gradient).cwiseAbs().maxCoeff() == 0.0f);
            QVERIFY((rule.upstream.cwiseProduct(rule.local) - a.gradient).cwiseAbs().maxCoeff() <=
                    1e-6f);
        }
        // tanh'(x) = 1 - tanh(x)^2 is the local derivative shown at t.
        const Tensor tanhLocal = (1.0f - xValue.array().tanh().square()).matrix();
        QVERIFY(
            (ruleFrom(stepToBackward(steps, "t"), "X").local - tanhLocal).cwiseAbs().maxCoeff() <=
            1e-6f);
    }
};

QTEST_APPLESS_MAIN(TestStepThrough)
#include "tst_step_through.moc"
