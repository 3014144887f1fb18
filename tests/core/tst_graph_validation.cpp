// Plan validation: cycles, unconnected inputs, unreachable nodes and shape mismatches are
// reported with node names and shapes.
#include "GraphBuilder.h"

#include "autograd/Plan.h"
#include "graph/TopologicalOrder.h"

#include <QtTest>

using namespace miniflow;
using namespace miniflow::test;

namespace {

/// X(13) -> Linear(W 13x10, b 1x10) -> Sigmoid -> MSE(y, .)... with `wRows` rows in W.
struct SmallNet {
    Graph g;
    NodeId x, w, b, linear, sigmoid, y, loss;
    explicit SmallNet(Index wRows = 13, Index units = 1) {
        x = addNode(g, "Input", "X", {{"features", 13}});
        w = addNode(g, "Parameter", "W1", {{"rows", wRows}, {"cols", units}});
        b = addNode(g, "Parameter", "b1", {{"rows", 1}, {"cols", units}});
        linear = addNode(g, "Linear", "Linear_1");
        sigmoid = addNode(g, "Sigmoid", "Sigmoid_1");
        y = addNode(g, "Input", "y", {{"features", 1}, {"role", "labels"}});
        loss = addNode(g, "MSE", "cost");
        addEdge(g, x, linear, 0);
        addEdge(g, w, linear, 1);
        addEdge(g, b, linear, 2);
        addEdge(g, linear, sigmoid);
        addEdge(g, y, loss, 0);
        addEdge(g, sigmoid, loss, 1);
    }
};

QString messages(const std::vector<Diagnostic>& problems) {
    QString text;
    for (const Diagnostic& d : problems)
        text += QString::fromStdString(d.message) + "\n";
    return text;
}

bool hasKind(const std::vector<Diagnostic>& problems, Diagnostic::Kind kind) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const Diagnostic& d) { return d.kind == kind; });
}

} // namespace

class TestGraphValidation : public QObject {
    Q_OBJECT
  private slots:
    void validGraphBuildsInTopologicalOrder() {
        SmallNet net;
        const Plan plan = Plan::build(net.g);
        QCOMPARE(plan.nodes().size(), net.g.nodes().size());
        for (const Edge& e : net.g.edges())
            QVERIFY(plan.indexOf(e.from) < plan.indexOf(e.to));
        QCOMPARE(plan.nodes()[static_cast<size_t>(plan.lossIndex())].name, std::string("cost"));
        QVERIFY(plan.nodes()[static_cast<size_t>(plan.indexOf(net.sigmoid))].shape ==
                Shape::batch(1));
    }

    void cycleIsReportedWithItsPath() {
        Graph g;
        const NodeId a = addNode(g, "Sigmoid", "Linear_2");
        const NodeId b = addNode(g, "Sigmoid", "Sigmoid_1");
        const NodeId c = addNode(g, "Tanh", "Tanh_1");
        addEdge(g, a, b);
        addEdge(g, b, c);
        addEdge(g, c, a);
        const TopologicalOrder order = topologicalOrder(g);
        QVERIFY(!order.acyclic());
        QCOMPARE(order.cycle.front(), order.cycle.back());
        QCOMPARE(order.cycle.size(), size_t{4});
        const auto problems = Plan::check(g);
        QVERIFY(hasKind(problems, Diagnostic::Kind::Cycle));
        const QString text = messages(problems);
        QVERIFY2(text.contains("cycle") && text.contains("Linear_2") &&
                     text.contains("Sigmoid_1") && text.contains("Tanh_1") && text.contains(" -> "),
                 qPrintable(text));
        QVERIFY_THROWS_EXCEPTION(GraphError, Plan::build(g));
    }

    void edgeThatWouldCloseACycleIsNamed() {
        SmallNet net;
        const std::vector<NodeId> path = cycleClosedBy(net.g, Edge{net.sigmoid, 0, net.linear, 0});
        QCOMPARE(QString::fromStdString(describePath(net.g, path)),
                 QString("Linear_1 -> Sigmoid_1 -> Linear_1"));
        QVERIFY(cycleClosedBy(net.g, Edge{net.x, 0, net.loss, 0}).empty());
    }

    void unconnectedInputIsNamed() {
        SmallNet net;
        net.g.removeEdge(Edge{net.b, 0, net.linear, 2});
        const auto problems = Plan::check(net.g);
        QVERIFY(hasKind(problems, Diagnostic::Kind::UnconnectedInput));
        const QString text = messages(problems);
        QVERIFY2(text.contains("\"b\"") && text.contains("Linear_1") &&
                     text.contains("not connected"),
                 qPrintable(text));
    }

    void nodesThatDoNotReachTheLossAreNamed() {
        SmallNet net;
        const NodeId stray = addNode(net.g, "ReLU", "stray_relu");
        addEdge(net.g, net.linear, stray);
        const auto problems = Plan::check(net.g);
        QVERIFY(hasKind(problems, Diagnostic::Kind::DoesNotReachLoss));
        QVERIFY2(messages(problems).contains("stray_relu") && messages(problems).contains("cost"),
                 qPrintable(messages(problems)));
        QVERIFY(Plan::check(net.g, PlanPurpose::Forward).empty());
    }

    void shapeMismatchNamesBothShapes() {
        SmallNet net(784);
        const auto problems = Plan::check(net.g);
        QVERIFY(hasKind(problems, Diagnostic::Kind::ShapeMismatch));
        const QString text = messages(problems);
        QVERIFY2(text.contains("Linear_1") && text.contains("N x 13") && text.contains("784 x 1") &&
                     text.contains("W1"),
                 qPrintable(text));
    }

    void unflattenedImagesSuggestFlatten() {
        Graph g;
        const NodeId x =
            addNode(g, "Input", "images", {{"features", 784}, {"sampleDims", {1, 28, 28}}});
        const NodeId w = addNode(g, "Parameter", "W", {{"rows", 784}, {"cols", 10}});
        const NodeId m = addNode(g, "MatMul", "mm");
        addEdge(g, x, m, 0);
        addEdge(g, w, m, 1);
        const QString text = messages(Plan::check(g, PlanPurpose::Forward));
        QVERIFY2(text.contains("28x28") && text.contains("Flatten"), qPrintable(text));
    }

    void lossShapesAreChecked() {
        SmallNet net(13, 3); // prediction has 3 columns, labels 1
        const QString text = messages(Plan::check(net.g));
        QVERIFY2(text.contains("MSE") && text.contains("N x 1") && text.contains("N x 3"),
                 qPrintable(text));
    }

    void unknownOpsAndBadAttributesAreReported() {
        Graph g;
        addNode(g, "Convolution", "conv");
        addNode(g, "Dropout", "drop", {{"rate", 1.5}});
        const QString text = messages(Plan::check(g, PlanPurpose::Forward));
        QVERIFY2(text.contains("conv") && text.contains("unknown op \"Convolution\""),
                 qPrintable(text));
        QVERIFY2(text.contains("drop") && text.contains("rate"), qPrintable(text));
    }

    void missingLossIsReported() {
        Graph g;
        addNode(g, "Input", "x");
        QVERIFY(messages(Plan::check(g)).contains("no loss"));
    }

    void partialShapeInferenceForTheEditor() {
        SmallNet net;
        net.g.removeEdge(Edge{net.b, 0, net.linear, 2});
        const ShapeInference inference = inferShapes(net.g);
        QVERIFY(inference.shapes.at(net.x) == Shape::batch(13));
        QVERIFY(inference.shapes.at(net.w) == Shape::matrix(13, 1));
        QVERIFY(!inference.shapes.count(net.linear)); // bias missing: unknown, not an error
        QVERIFY(inference.problems.empty());
    }
};

QTEST_APPLESS_MAIN(TestGraphValidation)
#include "tst_graph_validation.moc"
