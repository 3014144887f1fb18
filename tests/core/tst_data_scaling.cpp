/// NOTE [Needs scaling]: IDX image folders given with --data are scaled to 0..1 by default
/// (they trained on raw 0..255 pixels without a word), and unscaled features far beyond a
/// unit range make `miniflow train` say so. Small generated IDX files; the shared MNIST
/// folder too where present.
#include "IdxFiles.h"
#include "SharedData.h"
#include "data/Normalization.h"
#include "io/DataSource.h"
#include "io/GraphFile.h"

#include <QDataStream>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace miniflow;

namespace {

using miniflow::test::writeIdx;

/// 30 images of 4 x 4 pixels per split, one pixel of each 255, labels r % 3.
void writeIdxFolder(const QString& folder) {
    QByteArray pixels, labels;
    for (quint32 r = 0; r < 30; ++r) {
        for (int p = 0; p < 16; ++p)
            pixels.append(static_cast<char>(p == static_cast<int>(r % 16) ? 255 : (r + p) % 90));
        labels.append(static_cast<char>(r % 3));
    }
    for (const QString& split : {QStringLiteral("train"), QStringLiteral("t10k")}) {
        writeIdx(folder + "/" + split + "-images-idx3-ubyte", 0x803, {30, 4, 4}, pixels);
        writeIdx(folder + "/" + split + "-labels-idx1-ubyte", 0x801, {30}, labels);
    }
}

/// Flat 16 -> 3 softmax classifier with no dataset of its own.
GraphFile classifierGraph() {
    GraphFile file;
    Graph& g = file.graph;
    const auto add = [&](const std::string& op, const std::string& name, nlohmann::json a) {
        return g.addNode(Node{NodeId{}, op, name, std::move(a), {}});
    };
    const NodeId x = add("Input", "x", {{"features", 16}, {"role", "features"}});
    const NodeId y = add("Input", "y", {{"features", 1}, {"role", "labels"}});
    const NodeId w = add("Parameter", "W", {{"rows", 16}, {"cols", 3}});
    const NodeId b = add("Parameter", "b", {{"rows", 1}, {"cols", 3}, {"initializer", "zeros"}});
    const NodeId linear = add("Linear", "dense", {{"units", 3}});
    const NodeId loss = add("SoftmaxCrossEntropy", "loss", nlohmann::json::object());
    g.addEdge({x, 0, linear, 0});
    g.addEdge({w, 0, linear, 1});
    g.addEdge({b, 0, linear, 2});
    g.addEdge({linear, 0, loss, 0});
    g.addEdge({y, 0, loss, 1});
    return file;
}

struct Run {
    int exitCode;
    QString out, err;
};

Run runMiniflow(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(MINIFLOW_CLI_BINARY), args);
    if (!process.waitForFinished(60000))
        qFatal("miniflow did not finish");
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestDataScaling : public QObject {
    Q_OBJECT
  private slots:
    void idxFolderDefaultsToZeroOne() {
        QTemporaryDir dir;
        writeIdxFolder(dir.path());
        const DatasetSpec spec = specForDataPath(dir.path().toStdString(), DatasetSpec{});
        QCOMPARE(spec.source, std::string("mnist"));
        QCOMPARE(spec.normalization, std::string("minmax"));
        const TrainingData data = loadTrainingData(spec, ".");
        QCOMPARE(data.train.features.maxCoeff(), 1.0f);
        QVERIFY(data.train.features.minCoeff() >= 0.0f);
        QCOMPARE(largestMagnitude(data.train), 1.0);
        // A choice the graph made stands; "none" shows raw pixels, past the threshold.
        DatasetSpec standardize;
        standardize.normalization = "standardize";
        QCOMPARE(specForDataPath(dir.path().toStdString(), standardize).normalization,
                 std::string("standardize"));
        DatasetSpec raw = spec;
        raw.normalization = "none";
        const double magnitude = largestMagnitude(loadTrainingData(raw, ".").train);
        QCOMPARE(magnitude, 255.0);
        QVERIFY(magnitude > kNeedsScalingMagnitude);
    }

    void cliTrainScalesIdxAndSaysWhenUnscaled() {
        QTemporaryDir dir;
        writeIdxFolder(dir.path());
        const QString graph = dir.filePath("graph.json");
        writeGraphFile(graph.toStdString(), classifierGraph());
        const Run scaled = runMiniflow({"train", graph, "--data", dir.path(), "--epochs", "1"});
        QVERIFY2(scaled.exitCode == 0, qPrintable(scaled.err));
        QVERIFY2(scaled.out.contains("normalization minmax"), qPrintable(scaled.out));
        QVERIFY2(!scaled.err.contains("not normalized"), qPrintable(scaled.err));
        const Run raw = runMiniflow(
            {"train", graph, "--data", dir.path(), "--epochs", "1", "--normalization", "none"});
        QVERIFY2(raw.exitCode == 0, qPrintable(raw.err));
        QVERIFY2(raw.err.contains("the features reach 255 and are not normalized"),
                 qPrintable(raw.err));
    }

    void sharedMnistIsScaled() {
        const std::string mnist = test::sharedDataPath(QStringLiteral("mnist"));
        if (mnist.empty())
            QSKIP("the shared MNIST folder is not here");
        const DatasetSpec spec = specForDataPath(mnist, DatasetSpec{});
        QCOMPARE(spec.normalization, std::string("minmax"));
        const TrainingData data = loadTrainingData(spec, ".");
        QCOMPARE(largestMagnitude(data.train), 1.0);
        QCOMPARE(largestMagnitude(data.test), 1.0);
    }
};

QTEST_APPLESS_MAIN(TestDataScaling)
#include "tst_data_scaling.moc"
