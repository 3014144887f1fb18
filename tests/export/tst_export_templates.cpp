// The export template language (NOTE [Export templates]) on its own: recipes with lists,
// strings, ~defaults and choices parse into steps, and import reads ONNX attributes back
// through them (choices by first match, absent attributes as their ONNX defaults, mismatches
// as errors naming the attribute); int64 list arguments bind a dims string.
#include "export/ExportError.h"
#include "onnxio/OnnxAttributeMatch.h"
#include "onnxio/OnnxRecipe.h"
#include "ops/OpRegistry.h"

#include <onnx/onnx_pb.h>

#include <QtTest>

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
