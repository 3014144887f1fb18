// The JSON graph format: round trips, atomic writes, and errors that name the JSON path.
#include "GraphBuilder.h"
#include "SharedData.h"

#include "autograd/Session.h"
#include "io/GraphFile.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace miniflow;

namespace {

QString formatError(const std::string& text) {
    try {
        graphFileFromJson(nlohmann::json::parse(text), "test.json");
    } catch (const FormatError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestGraphFile : public QObject {
    Q_OBJECT
  private slots:
    void everyExampleLoadsAndValidates_data() {
        QTest::addColumn<QString>("name");
        for (const char* name :
             {"add", "mul", "linear", "linear-sigmoid", "mse", "backprop", "boston", "mnist-mlp",
              "cifar-fc", "lenet-mnist", "cnn-fashion", "cifar-cnn", "spiral"})
            QTest::newRow(name) << QString(name) + ".json";
    }
    void everyExampleLoadsAndValidates() {
        QFETCH(QString, name);
        const GraphFile file = readGraphFile(test::examplePath(name));
        const bool training = file.dataset.source != "none";
        QVERIFY2(Plan::check(file.graph, training ? PlanPurpose::Training : PlanPurpose::Forward)
                     .empty(),
                 qPrintable(name));
    }

    void saveThenLoadGivesTheSameFile() {
        GraphFile file = readGraphFile(test::examplePath("boston.json"));
        file.graph.find(file.graph.findByName("s1")->id)->position = {12.5, -3.25};
        file.training.learningRate = 0.02;
        Session session(Plan::build(file.graph));
        for (NodeId id : session.parameterIds())
            file.parameters[id] = session.parameter(id);
        QTemporaryDir dir;
        const std::string path = dir.filePath("saved.json").toStdString();
        writeGraphFile(path, file);
        const GraphFile loaded = readGraphFile(path);
        QVERIFY(loaded == file);
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".saving")));
    }

    void errorsNameTheJsonPath_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not an object") << "[1, 2]"
                                       << "at /: expected an object";
        QTest::newRow("no nodes") << "{}"
                                  << "missing field \"nodes\"";
        QTest::newRow("op type") << R"({"nodes": [{"id": 1, "op": 5}]})"
                                 << "at /nodes/0/op: expected a string";
        QTest::newRow("duplicate id")
            << R"({"nodes": [{"id": 1, "op": "ReLU"}, {"id": 1, "op": "Tanh"}]})"
            << "at /nodes/1/id: duplicate node id 1";
        QTest::newRow("edge to missing node")
            << R"({"nodes": [{"id": 1, "op": "ReLU"}], "edges": [{"from": 1, "to": 9}]})"
            << "at /edges/0/to: node 9 does not exist";
        QTest::newRow("future version") << R"({"version": 7, "nodes": []})"
                                        << "newer MiniFlow";
        QTest::newRow("bad optimizer") << R"({"nodes": [], "training": {"optimizer": "rmsprop"}})"
                                       << "at /training/optimizer: unknown optimizer";
        QTest::newRow("parameter size")
            << R"({"nodes": [{"id": 1, "op": "Parameter"}], "parameters": {"1": {"rows": 2, "cols": 2, "data": [1]}}})"
            << "at /parameters/1/data: holds 1 numbers but rows x cols is 4";
    }
    void errorsNameTheJsonPath() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        const QString message = formatError(json.toStdString());
        QVERIFY2(message.startsWith("test.json: "), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void invalidJsonSyntaxNamesTheByte() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.json").toStdString();
        std::ofstream(path) << "{\"nodes\": [";
        try {
            readGraphFile(path);
            QFAIL("no error");
        } catch (const FormatError& e) {
            QVERIFY2(QString(e.what()).contains("broken.json") &&
                         QString(e.what()).contains("not valid JSON"),
                     e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestGraphFile)
#include "tst_graph_file.moc"
