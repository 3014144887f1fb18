// The export template language (NOTE [Export templates]) on its own: recipes with lists,
// strings, ~defaults and choices parse into steps, and import reads ONNX attributes back
// through them (choices by first match, absent attributes as their ONNX defaults, mismatches
// as errors naming the attribute); int64 list arguments bind a dims string.
#include "autograd/Session.h"
#include "export/ExportError.h"
#include "export/ModelRoles.h"
#include "onnxio/OnnxAttributeMatch.h"
#include "onnxio/OnnxExport.h"
#include "onnxio/OnnxImport.h"
#include "onnxio/OnnxRecipe.h"
#include "ops/OpRegistry.h"

#include <onnx/onnx_pb.h>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <set>

using namespace miniflow;

namespace {

const char* kConvLike =
    "Conv(x0, x1, x2)[kernel_shape=[$kernelH, $kernelW], strides=[$strideH, "
    "$strideW]~[1, 1], group=$groups:int~1, {padding?valid:auto_pad='NOTSET'~"
    "'NOTSET', pads=[0, 0, 0, 0]~[0, 0, 0, 0]|same:auto_pad='SAME_UPPER'~'NOTSET'|"
    "explicit:auto_pad='NOTSET'~'NOTSET', pads=[$padH, $padW, $padH, $padW]}]";

void ints(onnx::NodeProto& node, const std::string& name, std::vector<std::int64_t> values) {
    onnx::AttributeProto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (std::int64_t v : values)
        a->add_ints(v);
}

void text(onnx::NodeProto& node, const std::string& name, const std::string& value) {
    onnx::AttributeProto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(value);
}

onnx::NodeProto convNode() {
    onnx::NodeProto node;
    node.set_op_type("Conv");
    node.set_name("conv1");
    ints(node, "kernel_shape", {5, 3});
    return node;
}

const OpInfo& anyOp() {
    return allOps().front();
}

/// images (1 x 8 x 8) -> max pool 2 | avg pool 3 pad 1 -> max pool 2 -> concat (channels)
/// -> global avg pool -> Reshape "2" -> Linear 3 -> SoftmaxCrossEntropy.
nlohmann::json poolGraph() {
    nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
    auto node = [&](int id, const char* op, const char* name, nlohmann::json attributes) {
        nodes.push_back({{"id", id}, {"op", op}, {"name", name}, {"attributes", attributes}});
    };
    auto edge = [&](int from, int to, int port) {
        edges.push_back({{"from", from}, {"fromPort", 0}, {"to", to}, {"toPort", port}});
    };
    node(1, "Input", "images", {{"role", "features"}, {"features", 64}, {"sampleDims", {1, 8, 8}}});
    node(2, "MaxPool2D", "max", {{"kernelH", 2}, {"kernelW", 2}, {"strideH", 2}, {"strideW", 2}});
    node(
        3, "AvgPool2D", "avg",
        {{"kernelH", 3}, {"kernelW", 3}, {"strideH", 1}, {"strideW", 1}, {"padH", 1}, {"padW", 1}});
    node(4, "MaxPool2D", "max2", {{"kernelH", 2}, {"kernelW", 2}, {"strideH", 2}, {"strideW", 2}});
    node(5, "Concat", "concat", {{"inputs", 2}, {"axis", "channels"}});
    node(6, "GlobalAvgPool", "gap", nlohmann::json::object());
    node(7, "Reshape", "rows", {{"shape", "2"}});
    node(8, "Parameter", "W", {{"rows", 2}, {"cols", 3}, {"initializer", "glorot_uniform"}});
    node(9, "Parameter", "b", {{"rows", 1}, {"cols", 3}, {"initializer", "glorot_uniform"}});
    node(10, "Linear", "dense", {{"units", 3}});
    node(11, "Input", "labels", {{"role", "labels"}, {"features", 1}});
    node(12, "SoftmaxCrossEntropy", "loss", nlohmann::json::object());
    for (auto [from, to, port] : std::vector<std::tuple<int, int, int>>{{1, 2, 0},
                                                                        {1, 3, 0},
                                                                        {3, 4, 0},
                                                                        {2, 5, 0},
                                                                        {4, 5, 1},
                                                                        {5, 6, 0},
                                                                        {6, 7, 0},
                                                                        {7, 10, 0},
                                                                        {8, 10, 1},
                                                                        {9, 10, 2},
                                                                        {10, 12, 0},
                                                                        {11, 12, 1}})
        edge(from, to, port);
    return {{"format", "miniflow-graph"}, {"version", 1}, {"nodes", nodes}, {"edges", edges}};
}

Tensor predict(const GraphFile& file, const Tensor& input) {
    const ModelRoles roles = findModelRoles(file.graph);
    Session session(roles.plan, file.training.seed);
    for (const auto& [id, value] : currentParameters(file, roles.plan))
        session.parameter(id) = value;
    session.input(roles.node(roles.features).id) = input;
    session.input(roles.node(roles.labels).id).setZero(input.rows(), 1);
    session.forward(Mode::Eval);
    return session.value(roles.node(roles.prediction).id);
}

} // namespace

class TestExportTemplates : public QObject {
    Q_OBJECT

  private slots:
    void recipesParseListsStringsDefaultsAndChoices() {
        const std::vector<OnnxStep> steps = parseRecipe(kConvLike);
        QCOMPARE(steps.size(), size_t(1));
        const OnnxStep& step = steps.front();
        QCOMPARE(step.op, std::string("Conv"));
        QCOMPARE(step.args, (std::vector<std::string>{"x0", "x1", "x2"}));
        QCOMPARE(step.attributes.size(), size_t(3));
        QCOMPARE(step.attributes[0].value, std::string("[$kernelH, $kernelW]"));
        QCOMPARE(step.attributes[1].absent, std::string("[1, 1]"));
        QCOMPARE(step.attributes[2].value, std::string("$groups:int"));
        QCOMPARE(step.choices.size(), size_t(1));
        QCOMPARE(step.choices[0].attribute, std::string("padding"));
        QCOMPARE(step.choices[0].alternatives.size(), size_t(3));
        QCOMPARE(step.choices[0].alternatives[1].first, std::string("same"));
        QCOMPARE(step.choices[0].alternatives[2].second.size(), size_t(2));
        const std::vector<OnnxStep> reshape = parseRecipe("Reshape(x, [N, $shape:dims])");
        QVERIFY(isListArg(reshape.front().args[1]));
    }

    void importReadsListsAndTakesAbsentAttributesAsOnnxDefaults() {
        const OnnxStep step = parseRecipe(kConvLike).front();
        onnx::NodeProto node = convNode();
        const nlohmann::json a = importAttributes(node, step, anyOp(), "m.onnx");
        QCOMPARE(a["kernelH"].get<double>(), 5.0);
        QCOMPARE(a["kernelW"].get<double>(), 3.0);
        QCOMPARE(a["strideH"].get<double>(), 1.0);
        QCOMPARE(a["groups"].get<double>(), 1.0);
        QCOMPARE(a["padding"].get<std::string>(), std::string("valid"));
        QVERIFY(!a.contains("padH"));
    }

    void importChoosesTheFirstMatchingAlternative() {
        const OnnxStep step = parseRecipe(kConvLike).front();
        onnx::NodeProto zero = convNode();
        ints(zero, "pads", {0, 0, 0, 0});
        QCOMPARE(importAttributes(zero, step, anyOp(), "m.onnx")["padding"].get<std::string>(),
                 std::string("valid"));
        onnx::NodeProto explicitPads = convNode();
        ints(explicitPads, "pads", {1, 2, 1, 2});
        const nlohmann::json e = importAttributes(explicitPads, step, anyOp(), "m.onnx");
        QCOMPARE(e["padding"].get<std::string>(), std::string("explicit"));
        QCOMPARE(e["padH"].get<double>(), 1.0);
        QCOMPARE(e["padW"].get<double>(), 2.0);
        onnx::NodeProto same = convNode();
        text(same, "auto_pad", "SAME_UPPER");
        QCOMPARE(importAttributes(same, step, anyOp(), "m.onnx")["padding"].get<std::string>(),
                 std::string("same"));
    }

    void importRefusesWhatNoAlternativeOrSpecMatches() {
        const OnnxStep step = parseRecipe(kConvLike).front();
        onnx::NodeProto asymmetric = convNode();
        ints(asymmetric, "pads", {1, 1, 2, 2});
        try {
            importAttributes(asymmetric, step, anyOp(), "m.onnx");
            QFAIL("asymmetric pads imported");
        } catch (const ExportError& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("m.onnx") && message.contains("conv1") &&
                         message.contains("pads = [1, 1, 2, 2]") && message.contains("padding"),
                     error.what());
        }
        onnx::NodeProto threeD = convNode();
        threeD.clear_attribute();
        ints(threeD, "kernel_shape", {3, 3, 3});
        QVERIFY_THROWS_EXCEPTION(ExportError, importAttributes(threeD, step, anyOp(), "m.onnx"));
        onnx::NodeProto lower = convNode();
        text(lower, "auto_pad", "SAME_LOWER");
        QVERIFY_THROWS_EXCEPTION(ExportError, importAttributes(lower, step, anyOp(), "m.onnx"));
    }

    void poolsConcatAndReshapeRoundTripThroughOnnx() {
        QTemporaryDir dir;
        const std::string graphPath = dir.filePath("pools.json").toStdString();
        const std::string path = dir.filePath("pools.onnx").toStdString();
        std::ofstream(graphPath) << poolGraph().dump();
        const GraphFile original = readGraphFile(graphPath);
        exportOnnx(original, path);
        onnx::ModelProto model;
        std::ifstream in(path, std::ios::binary);
        QVERIFY(model.ParseFromIstream(&in));
        std::multiset<std::string> onnxOps;
        for (const onnx::NodeProto& n : model.graph().node())
            onnxOps.insert(n.op_type());
        for (const char* op : {"MaxPool", "AveragePool", "Concat", "GlobalAveragePool", "Reshape"})
            QVERIFY2(onnxOps.count(op) >= 1, op);

        const GraphFile imported = importOnnx(path);
        std::multiset<std::string> ops, originalOps;
        for (const Node& n : imported.graph.nodes())
            ops.insert(n.op);
        for (const Node& n : original.graph.nodes())
            originalOps.insert(n.op);
        QCOMPARE(ops, originalOps);
        Tensor input(5, 64);
        Rng rng(3);
        for (Index i = 0; i < input.size(); ++i)
            input.data()[i] = static_cast<float>(rng.normal());
        const Tensor expected = predict(original, input), actual = predict(imported, input);
        QCOMPARE(actual.cols(), expected.cols());
        QVERIFY((actual - expected).cwiseAbs().maxCoeff() <= 1e-6f);
        for (const Node& n : imported.graph.nodes())
            if (n.op == "AvgPool2D")
                QCOMPARE(numberAttribute(n.attributes, "padH", -1), 1.0);
    }

    void listArgumentsBindADimsString() {
        nlohmann::json a = nlohmann::json::object();
        QVERIFY(matchListArgument("[N, $shape:dims]", {-1, 1, 28, 28}, a));
        QCOMPARE(a["shape"].get<std::string>(), std::string("1x28x28"));
        nlohmann::json b = nlohmann::json::object();
        QVERIFY(matchListArgument("[N, $shape:dims]", {0, 784}, b));
        QCOMPARE(b["shape"].get<std::string>(), std::string("784"));
        nlohmann::json c = nlohmann::json::object();
        QVERIFY(!matchListArgument("[N, $shape:dims]", {5, 784}, c));
        QVERIFY(!matchListArgument("[N, $shape:dims]", {-1}, c));
        QVERIFY(!matchListArgument("[N, $shape:dims]", {-1, -1, 4}, c));
    }
};

QTEST_GUILESS_MAIN(TestExportTemplates)
#include "tst_export_templates.moc"
