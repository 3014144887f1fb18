// Node and network statistics (NOTE [Network summary], NOTE [Multiply-adds]): the seed's
// MNIST MLP has 407,050 parameters like Keras's summary() of the same model, each Linear owns
// its W and b, multiply-adds come from the ops' formulas, a shared Parameter counts once and
// an unknown shape counts none.
#include "inspect/NetworkSummary.h"
#include "io/GraphFile.h"
#include "ops/OpRegistry.h"

#include <QtTest>

using namespace miniflow;

namespace {

const NodeSummary& byName(const NetworkSummary& s, const std::string& name) {
    for (const NodeSummary& n : s.nodes)
        if (n.name == name)
            return n;
    throw std::runtime_error("no node " + name);
}

Node node(const std::string& op, const std::string& name, nlohmann::json attributes = {}) {
    Node n;
    n.op = op;
    n.name = name;
    n.attributes = attributes.is_null() ? nlohmann::json::object() : attributes;
    return n;
}

} // namespace

class TestNetworkSummary : public QObject {
    Q_OBJECT
  private slots:
    void mnistMlpMatchesKeras() {
        const GraphFile file = readGraphFile(MINIFLOW_EXAMPLES_DIR "/mnist-mlp.json");
        const NetworkSummary s = summarizeNetwork(file.graph);
        QCOMPARE(s.totalParameters, std::int64_t{407050});
        QCOMPARE(s.trainableParameters, std::int64_t{407050});
        QCOMPARE(byName(s, "dense1").parameters, std::int64_t{784 * 512 + 512});
        QCOMPARE(byName(s, "dense2").parameters, std::int64_t{512 * 10 + 10});
        QCOMPARE(byName(s, "dense1").multiplyAdds, std::int64_t{784 * 512});
        QCOMPARE(byName(s, "dense2").multiplyAdds, std::int64_t{512 * 10});
        QCOMPARE(s.totalMultiplyAdds, std::int64_t{784 * 512 + 512 * 10});
        QCOMPARE(byName(s, "flatten").parameters, std::int64_t{0});
        QCOMPARE(byName(s, "W1").owner, byName(s, "dense1").id);
        QVERIFY(byName(s, "dense1").shape.has_value());
        QCOMPARE(byName(s, "dense1").shape->cols, Index{512});
        QVERIFY(s.complete);
        const std::string table = formatSummaryTable(s);
        QVERIFY2(table.find("Total parameters: 407,050") != std::string::npos, table.c_str());
        QVERIFY(table.find("dense1") != std::string::npos);
        QVERIFY(table.find("401,920") != std::string::npos);
        QVERIFY2(table.find("W1") == std::string::npos, "owned Parameters are not listed");
    }

    void matrixProductFormulas() {
        // Per sample for a batched left operand, for the whole product for a fixed one.
        const OpInfo* matmul = findOp("MatMul");
        QVERIFY(matmul && matmul->traits.multiplyAdds);
        const std::vector<Shape> batched = {Shape::batch(784), Shape::matrix(784, 512)};
        QCOMPARE(matmul->traits.multiplyAdds(batched, Shape::batch(512)), std::int64_t{401408});
        const std::vector<Shape> fixed = {Shape::matrix(3, 4), Shape::matrix(4, 5)};
        QCOMPARE(matmul->traits.multiplyAdds(fixed, Shape::matrix(3, 5)), std::int64_t{60});
        // Every op with a weight port is a matrix product; elementwise ops count none.
        for (const OpInfo& info : allOps()) {
            if (info.traits.unitsWeightPort >= 0)
                QVERIFY2(static_cast<bool>(info.traits.multiplyAdds), info.kind.c_str());
            if (info.traits.elementwise)
                QVERIFY2(!info.traits.multiplyAdds, info.kind.c_str());
        }
    }

    void sharedParameterCountsOnce() {
        Graph g;
        const NodeId x = g.addNode(node("Input", "x", {{"features", 3}}));
        const NodeId w = g.addNode(node("Parameter", "W", {{"rows", 3}, {"cols", 3}}));
        const NodeId frozen =
            g.addNode(node("Parameter", "F", {{"rows", 1}, {"cols", 3}, {"trainable", false}}));
        const NodeId m1 = g.addNode(node("MatMul", "m1"));
        const NodeId m2 = g.addNode(node("MatMul", "m2"));
        const NodeId add = g.addNode(node("Add", "add", {{"inputs", 2}}));
        g.addEdge({x, 0, m1, 0});
        g.addEdge({w, 0, m1, 1});
        g.addEdge({m1, 0, m2, 0});
        g.addEdge({w, 0, m2, 1});
        g.addEdge({m2, 0, add, 0});
        g.addEdge({frozen, 0, add, 1});
        const NetworkSummary s = summarizeNetwork(g);
        QCOMPARE(s.totalParameters, std::int64_t{12});
        QCOMPARE(s.trainableParameters, std::int64_t{9});
        QCOMPARE(byName(s, "m1").parameters, std::int64_t{9});
        QCOMPARE(byName(s, "m2").parameters, std::int64_t{0});
        QCOMPARE(byName(s, "add").parameters, std::int64_t{3});
        QCOMPARE(s.totalMultiplyAdds, std::int64_t{9 + 9});
        QCOMPARE(byName(s, "add").multiplyAdds, std::int64_t{0});
    }

    void unknownShapesCountNothingAndSaySo() {
        Graph g;
        const NodeId w = g.addNode(node("Parameter", "W", {{"rows", 4}, {"cols", 2}}));
        const NodeId m = g.addNode(node("MatMul", "m")); // port A unconnected
        g.addEdge({w, 0, m, 1});
        const NetworkSummary s = summarizeNetwork(g);
        QCOMPARE(s.totalParameters, std::int64_t{8});
        QCOMPARE(byName(s, "m").multiplyAdds, std::int64_t{0});
        QVERIFY(!s.complete);
        QVERIFY(formatSummaryTable(s).find("some shapes are unknown") != std::string::npos);
    }

    void groupsDigits() {
        QCOMPARE(groupedDigits(0), std::string("0"));
        QCOMPARE(groupedDigits(999), std::string("999"));
        QCOMPARE(groupedDigits(1000), std::string("1,000"));
        QCOMPARE(groupedDigits(407050), std::string("407,050"));
        QCOMPARE(groupedDigits(-1234567), std::string("-1,234,567"));
    }
};

QTEST_APPLESS_MAIN(TestNetworkSummary)
#include "tst_network_summary.moc"
