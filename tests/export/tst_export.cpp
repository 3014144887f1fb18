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

#include <onnx/onnx_pb.h>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
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
        const std::string path = dir.filePath("cnn.onnx").toStdString();
        writeChainModel(path, {"Conv", "Relu", "MaxPool", "MaxPool"});
        try {
            importOnnx(path);
            QFAIL("a model with Conv and MaxPool was imported");
        } catch (const ExportError& e) {
            const QString message = e.what();
            QVERIFY2(
                message.contains("cannot import these ONNX ops: Conv (1 node), MaxPool (2 nodes)"),
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
