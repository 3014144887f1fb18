/// NOTE [Shape repair]: width edits carry their dependent Parameters along; class-count
/// check and its fix; all found by shape propagation.
#include "GraphBuilder.h"
#include "autograd/ClassCount.h"
#include "autograd/Plan.h"
#include "autograd/ShapeRepair.h"

#include <QtTest>

using namespace miniflow;
using test::addEdge;
using test::addNode;

namespace {

struct Mlp {
    Graph graph;
    NodeId x, y, w1, b1, dense1, relu, w2, b2, dense2, loss;
};

/// X(features) -> dense1 (hidden) -> ReLU -> dense2 (outputs) -> SoftmaxCrossEntropy.
Mlp makeMlp(Index features, Index hidden, Index outputs) {
    Mlp m;
    Graph& g = m.graph;
    m.x = addNode(g, "Input", "x", {{"features", features}, {"role", "features"}});
    m.y = addNode(g, "Input", "y", {{"features", 1}, {"role", "labels"}});
    m.w1 = addNode(g, "Parameter", "W1", {{"rows", features}, {"cols", hidden}});
    m.b1 = addNode(g, "Parameter", "b1", {{"rows", 1}, {"cols", hidden}});
    m.dense1 = addNode(g, "Linear", "dense1", {{"units", hidden}});
    m.relu = addNode(g, "ReLU", "relu");
    m.w2 = addNode(g, "Parameter", "W2", {{"rows", hidden}, {"cols", outputs}});
    m.b2 = addNode(g, "Parameter", "b2", {{"rows", 1}, {"cols", outputs}});
    m.dense2 = addNode(g, "Linear", "dense2", {{"units", outputs}});
    m.loss = addNode(g, "SoftmaxCrossEntropy", "loss");
    addEdge(g, m.x, m.dense1, 0);
    addEdge(g, m.w1, m.dense1, 1);
    addEdge(g, m.b1, m.dense1, 2);
    addEdge(g, m.dense1, m.relu, 0);
    addEdge(g, m.relu, m.dense2, 0);
    addEdge(g, m.w2, m.dense2, 1);
    addEdge(g, m.b2, m.dense2, 2);
    addEdge(g, m.dense2, m.loss, 0);
    addEdge(g, m.y, m.loss, 1);
    return m;
}

Index attribute(const Graph& g, NodeId id, const char* key) {
    return g.find(id)->attributes.at(key).get<Index>();
}

} // namespace

class TestShapeRepair : public QObject {
    Q_OBJECT
  private slots:
    void inputWidthResizesFirstWeightOnly() {
        const Mlp m = makeMlp(2, 8, 3);
        Graph edited = m.graph;
        edited.find(m.x)->attributes["features"] = 4;
        QVERIFY(!Plan::check(edited).empty()); // the reported trap: red after Fit Inputs
        const std::vector<AttributeEdit> edits = repairParameterShapes(m.graph, edited);
        QCOMPARE(edits.size(), size_t{1});
        QCOMPARE(edits[0].node, m.w1);
        const Graph repaired = applyEdits(edited, edits);
        QVERIFY(Plan::check(repaired).empty());
        QCOMPARE(attribute(repaired, m.w1, "rows"), Index{4});
        QCOMPARE(attribute(repaired, m.w1, "cols"), Index{8});
    }

    void imageInputWidth() {
        Mlp m = makeMlp(2, 8, 10);
        m.graph.removeEdge(Edge{m.x, 0, m.dense1, 0});
        const NodeId flatten = addNode(m.graph, "Flatten", "flatten");
        addEdge(m.graph, m.x, flatten, 0);
        addEdge(m.graph, flatten, m.dense1, 0);
        Graph edited = m.graph;
        edited.find(m.x)->attributes = {
            {"features", 784}, {"role", "features"}, {"sampleDims", {1, 28, 28}}};
        const Graph repaired = applyEdits(edited, repairParameterShapes(m.graph, edited));
        QVERIFY(Plan::check(repaired).empty());
        QCOMPARE(attribute(repaired, m.w1, "rows"), Index{784});
    }

    void unitsResizeOwnParametersAndNextLayer() {
        const Mlp m = makeMlp(2, 8, 3);
        const auto edits = resizeOutput(m.graph, m.dense1, 5);
        QVERIFY(edits.has_value());
        const Graph repaired = applyEdits(m.graph, *edits);
        QVERIFY(Plan::check(repaired).empty());
        QCOMPARE(attribute(repaired, m.dense1, "units"), Index{5});
        QCOMPARE(attribute(repaired, m.w1, "cols"), Index{5});
        QCOMPARE(attribute(repaired, m.b1, "cols"), Index{5});
        QCOMPARE(attribute(repaired, m.w2, "rows"), Index{5}); // through the ReLU
        QCOMPARE(attribute(repaired, m.w2, "cols"), Index{3}); // output kept
        QCOMPARE(attribute(repaired, m.w1, "rows"), Index{2});
    }

    void unitsWithUnconnectedInput() {
        Mlp m = makeMlp(2, 8, 3);
        m.graph.removeEdge(Edge{m.x, 0, m.dense1, 0});
        const auto edits = resizeOutput(m.graph, m.dense1, 6);
        QVERIFY(edits.has_value());
        const Graph repaired = applyEdits(m.graph, *edits);
        QCOMPARE(attribute(repaired, m.w1, "cols"), Index{6});
        QCOMPARE(attribute(repaired, m.b1, "cols"), Index{6});
        QCOMPARE(attribute(repaired, m.w1, "rows"), Index{2});
    }

    void activationCannotBeResizedDirectly() {
        const Mlp m = makeMlp(2, 8, 3);
        QVERIFY(!resizeOutput(m.graph, m.relu, 4).has_value());
    }

    void explicitValuesAreNotResized() {
        Mlp m = makeMlp(2, 8, 3);
        m.graph.find(m.w1)->attributes = {{"value", {{1, 2}, {3, 4}}}};
        QVERIFY(!isSizedParameter(*m.graph.find(m.w1)));
        Graph edited = m.graph;
        edited.find(m.x)->attributes["features"] = 4;
        const auto edits = repairParameterShapes(m.graph, edited);
        for (const AttributeEdit& e : edits)
            QVERIFY(e.node != m.w1);
        QVERIFY(!Plan::check(applyEdits(edited, edits)).empty()); // still flagged
    }

    void classCountFlaggedAndFixed() {
        const Mlp m = makeMlp(4, 8, 2);        // iris: 4 features, 3 classes
        QVERIFY(Plan::check(m.graph).empty()); // shapes alone cannot see it
        const std::vector<Diagnostic> problems = checkClassCount(m.graph, 3);
        QCOMPARE(problems.size(), size_t{1});
        QCOMPARE(problems[0].kind, Diagnostic::Kind::ClassCount);
        QCOMPARE(problems[0].nodes.front(), m.dense2);
        QVERIFY(problems[0].message.find("3 classes") != std::string::npos);
        QVERIFY(problems[0].message.find("--") == std::string::npos);
        QVERIFY(checkClassCount(m.graph, 2).empty());
        QVERIFY(checkClassCount(m.graph, 0).empty());
        const auto fix = fitClassCount(m.graph, m.loss, 3);
        QVERIFY(fix.has_value());
        const Graph fixed = applyEdits(m.graph, *fix);
        QVERIFY(checkClassCount(fixed, 3).empty());
        QVERIFY(Plan::check(fixed).empty());
        QCOMPARE(attribute(fixed, m.w2, "cols"), Index{3});
        QCOMPARE(attribute(fixed, m.b2, "cols"), Index{3});
        QCOMPARE(attribute(fixed, m.dense2, "units"), Index{3});
    }

    void classCountThroughAnActivation() {
        Mlp m = makeMlp(4, 8, 2);
        // dense2 -> Tanh -> loss: the fix resizes dense2, the layer before the activation.
        m.graph.removeEdge(Edge{m.dense2, 0, m.loss, 0});
        const NodeId tanh = addNode(m.graph, "Tanh", "tanh");
        addEdge(m.graph, m.dense2, tanh, 0);
        addEdge(m.graph, tanh, m.loss, 0);
        QCOMPARE(checkClassCount(m.graph, 3).size(), size_t{1});
        const auto fix = fitClassCount(m.graph, m.loss, 3);
        QVERIFY(fix.has_value());
        QVERIFY(checkClassCount(applyEdits(m.graph, *fix), 3).empty());
    }
};

QTEST_APPLESS_MAIN(TestShapeRepair)
#include "tst_shape_repair.moc"
