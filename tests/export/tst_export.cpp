// Export and import without Python: the files `miniflow export` writes, ONNX round trips,
// and the errors for graphs and models that cannot be translated. (Agreement with PyTorch
// and onnxruntime: torch_agreement.py, onnx_export.py.)
#include "GraphBuilder.h"
#include "SharedData.h"

#include "autograd/Session.h"
#include "export/ExportError.h"
#include "export/ModelRoles.h"
#include "export/PythonNames.h"
#include "export/TorchExport.h"
#include "onnxio/OnnxExport.h"
#include "onnxio/OnnxImport.h"
#include "ops/OpRegistry.h"

#include <onnx/onnx_pb.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace miniflow;

namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The prediction of `file`'s graph on `input` with its current parameters.
Tensor predict(const GraphFile& file, const Tensor& input) {
    const ModelRoles roles = findModelRoles(file.graph);
    Session session(roles.plan, file.training.seed);
    for (const auto& [id, value] : currentParameters(file, roles.plan))
        session.parameter(id) = value;
    session.input(roles.node(roles.features).id) = input;
    session.input(roles.node(roles.labels).id)
        .setZero(input.rows(), roles.node(roles.labels).shape.cols);
    session.forward(Mode::Eval);
    return session.value(roles.node(roles.prediction).id);
}

/// A minimal ONNX model: input x (N x 4) -> nodes of the given op types in a chain.
void writeChainModel(const std::string& path, const std::vector<std::string>& ops) {
    onnx::ModelProto model;
    model.set_ir_version(7);
    model.add_opset_import()->set_version(13);
    onnx::GraphProto& graph = *model.mutable_graph();
    onnx::ValueInfoProto& input = *graph.add_input();
    input.set_name("x");
    input.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    input.mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param("N");
    input.mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(4);
    std::string previous = "x";
    for (size_t i = 0; i < ops.size(); ++i) {
        onnx::NodeProto& node = *graph.add_node();
        node.set_op_type(ops[i]);
        node.add_input(previous);
        previous = "v" + std::to_string(i);
        node.add_output(previous);
    }
    graph.add_output()->set_name(previous);
    std::ofstream out(path, std::ios::binary);
    model.SerializeToOstream(&out);
}

double gelu(double x) {
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

/// points (N x 3) -> GELU -> Linear(3 -> 2) -> SoftmaxCrossEntropy: GELU reads the model's
/// input directly, so its ONNX chain starts at the graph input.
GraphFile geluGraph() {
    GraphFile file;
    Graph& g = file.graph;
    const NodeId x = test::addNode(g, "Input", "points", {{"features", 3}});
    const NodeId labels =
        test::addNode(g, "Input", "labels", {{"features", 1}, {"role", "labels"}});
    const NodeId act = test::addNode(g, "GELU", "act");
    const NodeId w = test::addNode(g, "Parameter", "W",
                                   {{"rows", 3}, {"cols", 2}, {"initializer", "glorot_uniform"}});
    const NodeId b =
        test::addNode(g, "Parameter", "b", {{"rows", 1}, {"cols", 2}, {"initializer", "normal"}});
    const NodeId dense = test::addNode(g, "Linear", "dense", {{"units", 2}});
    const NodeId loss = test::addNode(g, "SoftmaxCrossEntropy", "loss");
    test::addEdge(g, x, act);
    test::addEdge(g, act, dense, 0);
    test::addEdge(g, w, dense, 1);
    test::addEdge(g, b, dense, 2);
    test::addEdge(g, dense, loss, 0);
    test::addEdge(g, labels, loss, 1);
    file.dataset.source = "builtin";
    file.dataset.name = "spiral";
    return file;
}

/// Evaluates the elementwise ONNX nodes (Mul, Div, Add, Erf) of `model` in order for one
/// scalar value of `input`, with 1-element initializers as constants; returns every value.
std::map<std::string, double> evaluateScalarChain(const onnx::ModelProto& model,
                                                  const std::string& input, double x) {
    std::map<std::string, double> values{{input, x}};
    for (const onnx::TensorProto& t : model.graph().initializer())
        if (t.dims_size() <= 2 && t.raw_data().size() == sizeof(float)) {
            float v = 0;
            std::memcpy(&v, t.raw_data().data(), sizeof v);
            values[t.name()] = v;
        }
    for (const onnx::NodeProto& node : model.graph().node()) {
        const std::string& op = node.op_type();
        const auto arg = [&](int i) {
            return values.count(node.input(i)) ? values.at(node.input(i)) : NAN;
        };
        if (op == "Erf")
            values[node.output(0)] = std::erf(arg(0));
        else if (op == "Mul")
            values[node.output(0)] = arg(0) * arg(1);
        else if (op == "Div")
            values[node.output(0)] = arg(0) / arg(1);
        else if (op == "Add")
            values[node.output(0)] = arg(0) + arg(1);
    }
    return values;
}

QString exportError(const GraphFile& file, const std::string& folder) {
    try {
        exportPyTorch(file, "graph.json", folder);
    } catch (const ExportError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
  private slots:
    void pytorchExportWritesModelTrainScriptAndParameters() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("spiral").toStdString();
        const GraphFile file = readGraphFile(test::examplePath("spiral.json"));
        exportPyTorch(file, test::examplePath("spiral.json"), out);
        const std::string model = readText(out + "/model.py");
        for (const char* expected :
             {"self.W1 = nn.Parameter(torch.zeros(2, 16))", "self.tanh1 = nn.Tanh()",
              "def forward(self, points):", "dense1 = points @ self.W1 + self.b1",
              "tanh1 = self.tanh1(dense1)", "return dense3",
              "def compute_loss(self, dense3, labels):", "self.loss = nn.CrossEntropyLoss()"})
            QVERIFY2(model.find(expected) != std::string::npos, expected);
        const std::string train = readText(out + "/train.py");
        for (const char* expected :
             {"\"optimizer\": \"adam\"", "\"learning_rate\": 0.01", "\"batch_size\": 16",
              "\"epochs\": 100", "\"source\": \"builtin\"", "\"validation_fraction\": 0.2",
              "\"classification\": False", "class KerasAdam"})
            QVERIFY2(train.find(expected) != std::string::npos, expected);
        QVERIFY(train.find("@CONFIG@") == std::string::npos);
    }

    void parametersAreNpyFilesOfTheInitialValues() {
        QTemporaryDir dir;
        const GraphFile file = readGraphFile(test::examplePath("spiral.json"));
        exportPyTorch(file, test::examplePath("spiral.json"), dir.path().toStdString());
        const ModelRoles roles = findModelRoles(file.graph);
        const Tensor w1 = currentParameters(file, roles.plan).at(file.graph.findByName("W1")->id);
        const std::string npy = readText(dir.filePath("parameters/W1.npy").toStdString());
        QCOMPARE(npy.substr(0, 6), std::string("\x93NUMPY"));
        const size_t headerEnd =
            10 + static_cast<unsigned char>(npy[8]) + 256 * static_cast<unsigned char>(npy[9]);
        QCOMPARE(headerEnd % 64, size_t{0});
        QVERIFY(npy.substr(10, headerEnd - 10).find("'shape': (2, 16)") != std::string::npos);
        QCOMPARE(npy.size(), headerEnd + sizeof(float) * 32);
        QVERIFY(std::memcmp(npy.data() + headerEnd, w1.data(), sizeof(float) * 32) == 0);
        QVERIFY(w1.cwiseAbs().maxCoeff() > 0.0f); // glorot values, not zeros
        const std::string features = readText(dir.filePath("dataset/features.npy").toStdString());
        QVERIFY(features.find("'shape': (500, 2)") != std::string::npos);
    }

    void trainedParametersAreExportedInsteadOfInitialOnes() {
        GraphFile file = readGraphFile(test::examplePath("spiral.json"));
        const NodeId b1 = file.graph.findByName("b1")->id;
        file.parameters[b1] = Tensor::Constant(1, 16, 0.25f);
        const Plan plan = Plan::build(file.graph);
        QCOMPARE(currentParameters(file, plan).at(b1)(0, 7), 0.25f);
    }

    void labelsFeedingTheModelAreRejected() {
        GraphFile file;
        Graph& g = file.graph;
        const NodeId x = test::addNode(g, "Input", "x", {{"features", 1}});
        const NodeId y = test::addNode(g, "Input", "y", {{"role", "labels"}, {"features", 1}});
        const NodeId sum = test::addNode(g, "Add", "sum");
        const NodeId loss = test::addNode(g, "MSE", "loss");
        test::addEdge(g, x, sum, 0);
        test::addEdge(g, y, sum, 1);
        test::addEdge(g, y, loss, 0);
        test::addEdge(g, sum, loss, 1);
        QTemporaryDir dir;
        const QString message = exportError(file, dir.filePath("out").toStdString());
        QVERIFY2(message.contains("labels Input \"y\" feeds \"sum\""), qPrintable(message));
        QVERIFY(!QFileInfo::exists(dir.filePath("out"))); // nothing written
    }

    void pythonNamesAreValidAndUnique() {
        Graph g;
        const NodeId a = test::addNode(g, "ReLU", "dense 1");
        const NodeId b = test::addNode(g, "ReLU", "dense_1");
        const NodeId c = test::addNode(g, "ReLU", "2x");
        const NodeId d = test::addNode(g, "ReLU", "eval");
        const PythonNames names(g);
        QCOMPARE(names[a], std::string("dense_1"));
        QCOMPARE(names[b], std::string("dense_1_2"));
        QCOMPARE(names[c], std::string("n_2x"));
        QCOMPARE(names[d], std::string("eval_"));
    }

    void onnxRoundTripKeepsTheModel_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"mnist-mlp", "boston", "spiral"})
            QTest::newRow(name) << QString(name);
    }
    void onnxRoundTripKeepsTheModel() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.onnx").toStdString();
        const GraphFile original = readGraphFile(test::examplePath(name + ".json"));
        exportOnnx(original, path);
        const GraphFile imported = importOnnx(path);

        const ModelRoles roles = findModelRoles(original.graph);
        Tensor input(5, roles.node(roles.features).shape.cols);
        Rng rng(3);
        for (Index i = 0; i < input.size(); ++i)
            input.data()[i] = static_cast<float>(rng.normal());
        const Tensor expected = predict(original, input), actual = predict(imported, input);
        QCOMPARE(actual.rows(), expected.rows());
        QCOMPARE(actual.cols(), expected.cols());
        QVERIFY2((actual - expected).cwiseAbs().maxCoeff() <= 1e-6f, qPrintable(name));

        std::multiset<std::string> ops, originalOps;
        for (const Node& n : imported.graph.nodes())
            ops.insert(n.op);
        for (const Node& n : original.graph.nodes())
            if (n.op != "Dropout")
                originalOps.insert(n.op); // inference graphs carry no Dropout
        QCOMPARE(ops, originalOps);
        std::set<std::pair<double, double>> positions;
        for (const Node& n : imported.graph.nodes())
            positions.insert({n.position.x, n.position.y});
        QCOMPARE(positions.size(), imported.graph.nodes().size());
    }

    /// GELU through one op file: PyTorch export writes nn.GELU() (erf form, the default).
    void geluExportsToPyTorchAsNnGelu() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("gelu").toStdString();
        exportPyTorch(geluGraph(), "gelu.json", out);
        const std::string model = readText(out + "/model.py");
        for (const char* expected : {"self.act = nn.GELU()  # GELU", "act = self.act(points)",
                                     "dense = act @ self.W + self.b"})
            QVERIFY2(model.find(expected) != std::string::npos, expected);
    }

    /// ONNX opset 13 has no Gelu: GELU is written as x · (1 + erf(x · (1/√2))) · 0.5 with Erf,
    /// Mul and Add. That chain, evaluated node by node, is GELU; importing it gives a GELU node
    /// back with the same predictions.
    void geluRoundTripsThroughOnnxAsItsErfDecomposition() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("gelu.onnx").toStdString();
        const GraphFile original = geluGraph();
        exportOnnx(original, path);
        onnx::ModelProto model;
        std::ifstream in(path, std::ios::binary);
        QVERIFY(model.ParseFromIstream(&in));
        std::vector<std::string> ops;
        for (const onnx::NodeProto& node : model.graph().node())
            ops.push_back(node.op_type());
        QCOMPARE(ops, (std::vector<std::string>{"Mul", "Erf", "Add", "Mul", "Mul", "Gemm"}));
        for (double x : {-4.0, -1.0, -0.3, 0.0, 0.25, 1.0, 3.0}) {
            const double exported = evaluateScalarChain(model, "points", x).at("act");
            QVERIFY2(std::abs(exported - gelu(x)) <= 1e-6,
                     qPrintable(QString("x = %1: %2 vs %3").arg(x).arg(exported).arg(gelu(x))));
        }

        const GraphFile imported = importOnnx(path);
        std::multiset<std::string> kinds, originalKinds;
        for (const Node& n : imported.graph.nodes())
            kinds.insert(n.op);
        for (const Node& n : original.graph.nodes())
            originalKinds.insert(n.op);
        QCOMPARE(kinds, originalKinds);
        QCOMPARE(imported.graph.findByName("act")->op, std::string("GELU"));
        Tensor input(6, 3);
        Rng rng(11);
        for (Index i = 0; i < input.size(); ++i)
            input.data()[i] = static_cast<float>(rng.normal());
        const Tensor expected = predict(original, input), actual = predict(imported, input);
        QVERIFY((actual - expected).cwiseAbs().maxCoeff() <= 1e-6f);
    }

    /// PyTorch (opset < 20) exports nn.GELU() as Div(x, √2), Erf, Add 1, Mul x, Mul 0.5, its
    /// constants as Constant nodes and with Mul's operands in either order: one GELU node.
    void pytorchsGeluDecompositionImportsAsGelu() {
        onnx::ModelProto model;
        model.set_ir_version(7);
        model.add_opset_import()->set_version(13);
        onnx::GraphProto& graph = *model.mutable_graph();
        onnx::ValueInfoProto& input = *graph.add_input();
        input.set_name("x");
        auto* type = input.mutable_type()->mutable_tensor_type();
        type->set_elem_type(onnx::TensorProto::FLOAT);
        type->mutable_shape()->add_dim()->set_dim_param("N");
        type->mutable_shape()->add_dim()->set_dim_value(1);
        const auto constant = [&](const char* name, float value) {
            onnx::NodeProto& node = *graph.add_node();
            node.set_op_type("Constant");
            node.add_output(name);
            onnx::AttributeProto& a = *node.add_attribute();
            a.set_name("value");
            a.set_type(onnx::AttributeProto::TENSOR);
            a.mutable_t()->set_data_type(onnx::TensorProto::FLOAT);
            a.mutable_t()->add_float_data(value);
        };
        const auto node = [&](const char* op, std::vector<const char*> inputs, const char* output) {
            onnx::NodeProto& n = *graph.add_node();
            n.set_op_type(op);
            n.set_name(std::string("/act/") + op + "_" + output);
            for (const char* i : inputs)
                n.add_input(i);
            n.add_output(output);
        };
        constant("sqrt2", 1.4142135f);
        node("Div", {"x", "sqrt2"}, "scaled");
        node("Erf", {"scaled"}, "erf");
        constant("one", 1.0f);
        node("Add", {"erf", "one"}, "plus");
        node("Mul", {"plus", "x"}, "times"); // swapped operands
        constant("half", 0.5f);
        node("Mul", {"times", "half"}, "y");
        graph.add_output()->set_name("y");
        QTemporaryDir dir;
        const std::string path = dir.filePath("torch-gelu.onnx").toStdString();
        std::ofstream(path, std::ios::binary) << model.SerializeAsString();

        const GraphFile imported = importOnnx(path);
        std::vector<std::string> computing;
        for (const Node& n : imported.graph.nodes())
            if (!findOp(n.op)->isLoss && findOp(n.op)->source == SourceKind::None)
                computing.push_back(n.op);
        QCOMPARE(computing, std::vector<std::string>{"GELU"});
        Tensor x(3, 1);
        x << -1.0f, 0.5f, 2.0f;
        const Tensor y = predict(imported, x);
        for (Index r = 0; r < 3; ++r)
            QVERIFY(std::abs(y(r, 0) - gelu(x(r, 0))) <= 1e-6);
    }

    /// PyTorch's export of nn.Linear: Gemm(x, W out x in, b) with transB = 1.
    void onnxImportTransposesGemmWeights() {
        onnx::ModelProto model;
        model.set_ir_version(7);
        model.add_opset_import()->set_version(13);
        onnx::GraphProto& graph = *model.mutable_graph();
        onnx::ValueInfoProto& input = *graph.add_input();
        input.set_name("x");
        auto* type = input.mutable_type()->mutable_tensor_type();
        type->set_elem_type(onnx::TensorProto::FLOAT);
        type->mutable_shape()->add_dim()->set_dim_param("N");
        type->mutable_shape()->add_dim()->set_dim_value(3);
        const auto addTensor = [&](const char* name, std::vector<std::int64_t> dims,
                                   std::vector<float> values) {
            onnx::TensorProto& t = *graph.add_initializer();
            t.set_name(name);
            t.set_data_type(onnx::TensorProto::FLOAT);
            for (std::int64_t d : dims)
                t.add_dims(d);
            for (float v : values)
                t.add_float_data(v);
        };
        addTensor("weight", {2, 3}, {1, 2, 3, 4, 5, 6}); // out x in
        addTensor("bias", {2}, {0.5f, -0.5f});
        onnx::NodeProto& gemm = *graph.add_node();
        gemm.set_op_type("Gemm");
        gemm.set_name("/fc/Gemm");
        for (const char* in : {"x", "weight", "bias"})
            gemm.add_input(in);
        gemm.add_output("y");
        onnx::AttributeProto& transB = *gemm.add_attribute();
        transB.set_name("transB");
        transB.set_type(onnx::AttributeProto::INT);
        transB.set_i(1);
        graph.add_output()->set_name("y");
        QTemporaryDir dir;
        const std::string path = dir.filePath("linear.onnx").toStdString();
        std::ofstream(path, std::ios::binary) << model.SerializeAsString();

        const GraphFile imported = importOnnx(path);
        QVERIFY(imported.graph.findByName("fc.Gemm"));
        QCOMPARE(imported.graph.findByName("fc.Gemm")->op, std::string("Linear"));
        QCOMPARE(imported.graph.findByName("loss")->op, std::string("SoftmaxCrossEntropy"));
        Tensor x(1, 3);
        x << 1, 1, 2;
        const Tensor y = predict(imported, x); // x . W^T + b = [1+2+6, 4+5+12] + b
        QCOMPARE(y(0, 0), 9.5f);
        QCOMPARE(y(0, 1), 20.5f);
    }

    void onnxImportListsUnsupportedOps() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rnn.onnx").toStdString();
        writeChainModel(path, {"LSTM", "Relu", "Loop", "Loop"});
        try {
            importOnnx(path);
            QFAIL("a model with LSTM and Loop was imported");
        } catch (const ExportError& e) {
            const QString message = e.what();
            QVERIFY2(
                message.contains("cannot import these ONNX ops: LSTM (1 node), Loop (2 nodes)"),
                qPrintable(message));
        }
    }

    void onnxImportRejectsAFileThatIsNoModel() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("junk.onnx").toStdString();
        std::ofstream(path) << "this is not protobuf \xff\xff\xff";
        QVERIFY_THROWS_EXCEPTION(ExportError, importOnnx(path));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
