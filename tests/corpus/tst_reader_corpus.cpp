// Every file of the malformed corpus (written at test time into the build folder) through
// every reader: each one either reads or throws the reader's error naming the file and a
// position; files made for a reader get exactly the outcome and message they were made for.
#include "MalformedCorpus.h"

#include "autograd/Plan.h"
#include "data/CifarLoader.h"
#include "data/CsvLoader.h"
#include "data/IdxLoader.h"
#include "io/GraphFile.h"

#include <QtTest>

#include <filesystem>
#include <map>
#include <regex>

using namespace miniflow;
using corpus::Outcome;

namespace {

struct Result {
    Outcome outcome = Outcome::Read;
    std::string message;           ///< the error, or the joined diagnostics
    bool foreignException = false; ///< something other than the reader's documented error
};

struct Tally {
    int tried = 0, read = 0, errors = 0, diagnosed = 0;
};

/// Runs `reader` on `path`; pairs come from `folder`'s good IDX files.
void runReader(const std::string& reader, const std::string& path, const std::string& folder) {
    const std::string images = folder + "/" + corpus::kGoodImages;
    const std::string labels = folder + "/" + corpus::kGoodLabels;
    if (reader == "csv")
        loadCsv(path, {});
    else if (reader == "csv-classes")
        loadCsv(path, {"", true});
    else if (reader == "csv-target-y")
        loadCsv(path, {"y", false});
    else if (reader == "idx")
        readIdx(path);
    else if (reader == "mnist-images")
        loadIdxPair(path, labels);
    else if (reader == "mnist-labels")
        loadIdxPair(images, path);
    else if (reader == "cifar")
        loadCifarBatches({path});
    else if (reader == "graph") {
        const GraphFile file = readGraphFile(path);
        const std::vector<Diagnostic> problems = Plan::check(file.graph, PlanPurpose::Training);
        if (!problems.empty())
            throw GraphError(problems);
    } else
        QFAIL(qPrintable(QString::fromStdString("unknown reader " + reader)));
}

Result tryReader(const std::string& reader, const std::string& path, const std::string& folder) {
    try {
        runReader(reader, path, folder);
        return {Outcome::Read, {}, false};
    } catch (const DataError& e) {
        return {Outcome::Error, e.what(), reader == "graph"};
    } catch (const FormatError& e) {
        return {Outcome::Error, e.what(), reader != "graph"};
    } catch (const GraphError& e) {
        for (const Diagnostic& d : e.diagnostics)
            if (d.nodes.empty() && d.kind != Diagnostic::Kind::NoLoss &&
                d.kind != Diagnostic::Kind::BadEdge)
                return {Outcome::Diagnosed, "diagnostic names no node: " + d.message, true};
        return {Outcome::Diagnosed, e.what(), reader != "graph"};
    } catch (const std::exception& e) {
        return {Outcome::Error, std::string("unexpected exception: ") + e.what(), true};
    }
}

/// True when the error names `path` and a position: LINE:COLUMN, a byte offset, a JSON
/// path or line and column; memory refusals say what is needed instead.
bool namesFileAndPosition(const std::string& message, const std::string& path) {
    static const std::regex position(
        R"(:\d+:\d+: |byte \d+: |: at /|line \d+, column \d+|of memory but only)");
    return message.find(path) != std::string::npos && std::regex_search(message, position);
}

QString outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Error:
        return "error";
    case Outcome::Read:
        return "read";
    case Outcome::Either:
        return "either";
    case Outcome::Diagnosed:
        return "diagnosed";
    }
    return {};
}

/// Problems with one (file, reader) run; empty when it behaved.
QString judge(const corpus::CorpusFile& file, const std::string& reader, const Result& result,
              const std::string& path) {
    const QString where = QString::fromStdString(file.name + " through " + reader + ": ");
    if (result.foreignException)
        return where + "wrong exception type: " + QString::fromStdString(result.message);
    if (result.outcome == Outcome::Error && !namesFileAndPosition(result.message, path))
        return where + "error names no file or position: " + QString::fromStdString(result.message);
    for (const corpus::Expectation& e : file.expect) {
        if (e.reader != reader || e.outcome == Outcome::Either)
            continue;
        if (e.outcome != result.outcome)
            return where + "expected " + outcomeName(e.outcome) + ", got " +
                   outcomeName(result.outcome) + ": " + QString::fromStdString(result.message);
        if (result.message.find(e.mention) == std::string::npos)
            return where + "message lacks \"" + QString::fromStdString(e.mention) +
                   "\": " + QString::fromStdString(result.message);
    }
    return {};
}

} // namespace

class TestReaderCorpus : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        std::filesystem::remove_all(folder_);
        files_ = corpus::writeCorpus(folder_);
        QVERIFY2(files_.size() >= 200, qPrintable(QString::number(files_.size())));
    }

    void everyFileThroughEveryReader() {
        std::map<std::string, Tally> tallies;
        QStringList failures;
        for (const corpus::CorpusFile& file : files_) {
            const std::string path = folder_ + "/" + file.name;
            for (const std::string& reader : corpus::kReaders) {
                const Result result = tryReader(reader, path, folder_);
                Tally& t = tallies[reader];
                ++t.tried;
                t.read += result.outcome == Outcome::Read;
                t.errors += result.outcome == Outcome::Error;
                t.diagnosed += result.outcome == Outcome::Diagnosed;
                if (const QString problem = judge(file, reader, result, path); !problem.isEmpty())
                    failures << problem;
            }
        }
        for (const auto& [reader, t] : tallies)
            qInfo("%-13s %4d files: %4d clean errors, %3d read, %2d diagnosed by Plan::check",
                  reader.c_str(), t.tried, t.errors, t.read, t.diagnosed);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join('\n')));
    }

    void trickyCsvReadsCorrectly() {
        const Dataset data = loadCsv(folder_ + "/csv-bom-crlf-quoted.csv", {});
        QCOMPARE(data.featureNames, (std::vector<std::string>{"a, first", "y"}));
        QCOMPARE(data.targetName, std::string("la\"bel"));
        QCOMPARE(data.size(), Index{2});
        QCOMPARE(data.features(0, 0), 1.5f);
        QCOMPARE(data.features(1, 1), 4.0f);
        QCOMPARE(data.targets(1, 0), 1.0f);
        const Dataset forms = loadCsv(folder_ + "/csv-number-forms.csv", {});
        QCOMPARE(forms.features(0, 0), 1.0f);
        QCOMPARE(forms.features(1, 0), 1000.0f);
        QCOMPARE(forms.features(1, 1), 0.5f);
    }

    void goodBinaryFilesReadCorrectly() {
        const Dataset mnist =
            loadIdxPair(folder_ + "/idx-good-images.idx.gz", folder_ + "/idx-good-labels.idx");
        QCOMPARE(mnist.size(), Index{3});
        QCOMPARE(mnist.features(2, 3), 255.0f);
        QCOMPARE(mnist.targets(2, 0), 2.0f);
        const Dataset cifar = loadCifarBatches({folder_ + "/cifar-good.bin.gz"});
        QCOMPARE(cifar.size(), Index{2});
        QCOMPARE(cifar.targets(0, 0), 3.0f);
        QCOMPARE(cifar.targets(1, 0), 7.0f);
        const GraphFile graph = readGraphFile(folder_ + "/graph-bom.json");
        QCOMPARE(graph.graph.nodes().size(), std::size_t{10});
        QCOMPARE(graph.parameters.size(), std::size_t{1});
    }

  private:
    const std::string folder_ = MINIFLOW_CORPUS_DIR;
    std::vector<corpus::CorpusFile> files_;
};

QTEST_GUILESS_MAIN(TestReaderCorpus)
#include "tst_reader_corpus.moc"
