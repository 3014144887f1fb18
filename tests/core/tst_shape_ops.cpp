// Reshape and Concat: values and dims after a round trip, gradients that split back into the
// inputs, finite-difference checks inside a graph, and shape and attribute errors.
#include "GraphBuilder.h"

#include "autograd/Session.h"
#include "inspect/NodeGradientCheck.h"
#include "ops/OpRegistry.h"

#include <QtTest>

#include <variant>

using namespace miniflow;

namespace {

Shape image(Index c, Index h, Index w) {
    return Shape{Shape::kBatchRows, c * h * w, {c, h, w}};
}

std::unique_ptr<Op> makeOp(const std::string& kind, const nlohmann::json& attributes) {
    nlohmann::json a = findOp(kind)->defaultAttributes;
    if (attributes.is_object())
        a.update(attributes);
    return findOp(kind)->create(a);
}

/// The shape `kind` infers from `inputs` (producers named a, b, c, ...), or its error text.
std::variant<Shape, QString> infer(const std::string& kind, const nlohmann::json& attributes,
                                   const std::vector<Shape>& inputs) {
    std::vector<InputShape> in;
    for (size_t i = 0; i < inputs.size(); ++i)
        in.push_back({inputs[i], std::string(1, static_cast<char>('a' + i))});
    try {
        return makeOp(kind, attributes)->inferShape(in);
    } catch (const ShapeError& e) {
        return QString(e.what());
    }
}

QString errorOf(const std::string& kind, const nlohmann::json& attributes,
                const std::vector<Shape>& inputs) {
    const auto r = infer(kind, attributes, inputs);
    return std::holds_alternative<QString>(r) ? std::get<QString>(r) : QString();
}

Shape shapeOf(const std::string& kind, const nlohmann::json& attributes,
              const std::vector<Shape>& inputs) {
    const auto r = infer(kind, attributes, inputs);
    if (std::holds_alternative<QString>(r))
        qFatal("%s", qPrintable(std::get<QString>(r)));
    return std::get<Shape>(r);
}

Tensor run(Op& op, std::vector<const Tensor*> in) {
    Tensor out;
    OpContext ctx;
    op.forward(in, out, ctx);
    return out;
}

nlohmann::json valueRows(const Tensor& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (Index r = 0; r < t.rows(); ++r)
        rows.push_back(std::vector<float>(t.row(r).begin(), t.row(r).end()));
    return rows;
}

const NodeCheck& checkOf(const std::vector<NodeCheck>& checks, const std::string& name) {
    for (const NodeCheck& c : checks)
        if (c.name == name)
            return c;
    qFatal("no check for %s", name.c_str());
}

} // namespace

class TestShapeOps : public QObject {
    Q_OBJECT
  private slots:
    /// 784 -> 1x28x28 -> 784: the values never move and the dims follow the attribute.
    void reshapeRoundTrip() {
        const Shape image = shapeOf("Reshape", {{"shape", "1x28x28"}}, {Shape::batch(784)});
        QVERIFY((image.sampleDims == std::vector<Index>{1, 28, 28}));
        QCOMPARE(image.cols, Index{784});
        QVERIFY(image.isBatched());
        const Shape flat = shapeOf("Reshape", {{"shape", "784"}}, {image});
        QVERIFY(flat.sampleDims.empty());
        QCOMPARE(flat.cols, Index{784});

        const Tensor x = Tensor::Random(3, 784);
        auto toImage = makeOp("Reshape", {{"shape", "1x28x28"}});
        auto toFlat = makeOp("Reshape", {{"shape", "784"}});
        const Tensor y = run(*toImage, {&x});
        QCOMPARE(run(*toFlat, {&y}), x);
        const Tensor g = Tensor::Random(3, 784);
        Tensor dx;
        const Tensor* in[] = {&x};
        Tensor* gi[] = {&dx};
        toImage->backward(in, y, g, gi, OpContext{});
        QCOMPARE(dx, g);
    }

    void reshapeNamesBothShapes() {
        QCOMPARE(errorOf("Reshape", {{"shape", "1x28x28"}}, {Shape::batch(13)}),
                 QString("Reshape to 1x28x28 needs 784 values per sample, but node 'a' gives "
                         "N x 13 (13 values)"));
        QVERIFY(errorOf("Reshape", {{"shape", "3x4"}}, {image(2, 2, 3)}).isEmpty());
    }

    void badReshapeShapesAreRefused_data() {
        QTest::addColumn<QString>("shape");
        for (const char* s : {"", "x", "28x", "1x0x28", "abc", "-1x784", "1.5", "1 x 28"})
            QTest::newRow(s[0] ? s : "empty") << s;
    }
    void badReshapeShapesAreRefused() {
        QFETCH(QString, shape);
        QString what;
        try {
            makeOp("Reshape", {{"shape", shape.toStdString()}});
        } catch (const AttributeError& e) {
            what = e.what();
        }
        QVERIFY2(what.contains("must be positive integers joined by 'x'"), qPrintable(what));
        QVERIFY_THROWS_EXCEPTION(AttributeError, makeOp("Reshape", {{"shape", 784}}));
        QVERIFY_THROWS_EXCEPTION(AttributeError, makeOp("Reshape", {{"shape", "1x1x1x1x784"}}));
    }

    /// Channels: 2x2x2 and 1x2x2 -> 3x2x2, each sample's channels one after the other; the
    /// gradient splits back into each input's own columns.
    void concatAlongChannels() {
        const Shape out =
            shapeOf("Concat", {{"inputs", 3}}, {image(2, 2, 2), image(1, 2, 2), image(4, 2, 2)});
        QVERIFY((out.sampleDims == std::vector<Index>{7, 2, 2}));
        QCOMPARE(out.cols, Index{28});

        Tensor a(2, 8), b(2, 4);
        for (Index i = 0; i < a.size(); ++i)
            a.data()[i] = static_cast<float>(i);
        for (Index i = 0; i < b.size(); ++i)
            b.data()[i] = -static_cast<float>(i) - 1;
        auto op = makeOp("Concat", {});
        const Tensor y = run(*op, {&a, &b});
        QCOMPARE(y.rows(), Index{2});
        QCOMPARE(y.cols(), Index{12});
        QCOMPARE(Tensor(y.leftCols(8)), a);
        QCOMPARE(Tensor(y.rightCols(4)), b);
        QCOMPARE(y(1, 8), -5.0f);

        const Tensor g = Tensor::Random(2, 12);
        Tensor da, db;
        const Tensor* in[] = {&a, &b};
        Tensor* gi[] = {&da, &db};
        op->backward(in, y, g, gi, OpContext{});
        QCOMPARE(da, Tensor(g.leftCols(8)));
        QCOMPARE(db, Tensor(g.rightCols(4)));
        // A null gradient slot is skipped; the other still gets its columns.
        Tensor only;
        Tensor* second[] = {nullptr, &only};
        op->backward(in, y, g, second, OpContext{});
        QCOMPARE(only, Tensor(g.rightCols(4)));
    }

    void concatAlongFeatures() {
        const Shape out =
            shapeOf("Concat", {{"axis", "features"}}, {Shape::batch(3), Shape::batch(5)});
        QVERIFY(out.sampleDims.empty());
        QCOMPARE(out.cols, Index{8});
        QVERIFY(out.isBatched());
    }

    void concatErrorsNameBothShapes() {
        QCOMPARE(errorOf("Concat", {}, {image(3, 28, 28), image(2, 14, 14)}),
                 QString("Concat along channels needs equal H x W: node 'a' gives 3x28x28 "
                         "(C x H x W) but node 'b' gives 2x14x14 (pool or pad one to the "
                         "other's size)"));
        QVERIFY(errorOf("Concat", {}, {image(3, 4, 4), Shape::batch(48)})
                    .contains("Concat along channels expects images (C x H x W) but node 'b' "
                              "gives N x 48"));
        QVERIFY(errorOf("Concat", {{"axis", "features"}}, {Shape::batch(4), image(1, 2, 2)})
                    .contains("Concat along features expects flat rows but node 'b'"));
        const QString rows =
            errorOf("Concat", {{"axis", "features"}}, {Shape::batch(4), Shape::matrix(1, 4)});
        QVERIFY2(rows.contains("same rows") && rows.contains("N x 4") && rows.contains("1 x 4"),
                 qPrintable(rows));
    }

    void badConcatAttributesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(AttributeError, makeOp("Concat", {{"axis", "rows"}}));
        QVERIFY_THROWS_EXCEPTION(AttributeError, makeOp("Concat", {{"axis", 1}}));
        QVERIFY_THROWS_EXCEPTION(AttributeError, makeOp("Concat", {{"inputs", 1}}));
        QCOMPARE(findOp("Concat")->portCount({{"inputs", 4}}), 4);
    }

    /// Inside a graph: images a (2x3x3) and b (1x3x3) -> Concat -> Reshape "27" -> Tanh. The
    /// per-node checks (their copies keep the dims) and the end-to-end checks are green.
    void gradientsCheckInAGraph() {
        Graph g;
        Rng rng(5);
        Tensor av(2, 18), bv(2, 9);
        for (Tensor* t : {&av, &bv})
            for (Index i = 0; i < t->size(); ++i)
                t->data()[i] = static_cast<float>(rng.uniform(-1.5, 1.5));
        const NodeId a =
            test::addNode(g, "Input", "a",
                          {{"features", 18}, {"sampleDims", {2, 3, 3}}, {"value", valueRows(av)}});
        const NodeId b =
            test::addNode(g, "Input", "b",
                          {{"features", 9}, {"sampleDims", {1, 3, 3}}, {"value", valueRows(bv)}});
        const NodeId cat = test::addNode(g, "Concat", "cat", {{"inputs", 2}, {"axis", "channels"}});
        const NodeId flat = test::addNode(g, "Reshape", "flat", {{"shape", "27"}});
        const NodeId act = test::addNode(g, "Tanh", "act");
        test::addEdge(g, a, cat, 0);
        test::addEdge(g, b, cat, 1);
        test::addEdge(g, cat, flat);
        test::addEdge(g, flat, act);
        Session session(Plan::build(g, PlanPurpose::Forward));
        const std::vector<NodeCheck> checks = checkAllNodes(session);
        for (const char* name : {"a", "b", "cat", "flat"}) {
            const NodeCheck& c = checkOf(checks, name);
            QVERIFY2(c.grade == CheckGrade::Green,
                     qPrintable(QString("%1: %2").arg(name).arg(c.relativeError)));
            QCOMPARE(c.notCheckable, Index{0});
        }
        const auto& planned =
            session.plan().nodes()[static_cast<size_t>(session.plan().indexOf(cat))];
        QVERIFY((planned.shape.sampleDims == std::vector<Index>{3, 3, 3}));
    }
};

QTEST_GUILESS_MAIN(TestShapeOps)
#include "tst_shape_ops.moc"
