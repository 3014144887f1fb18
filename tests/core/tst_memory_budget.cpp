// Too big for memory: readers compare what a dataset needs with the memory available
// (NOTE [Memory budget]) and refuse before allocating, saying both numbers. Huge files are
// sparse (their size is claimed, no data written).
#include "DataErrors.h"
#include "GraphBuilder.h"
#include "autograd/MemoryNeeds.h"
#include "autograd/Session.h"
#include "data/CifarLoader.h"
#include "data/CsvLoader.h"
#include "data/IdxLoader.h"
#include "data/MemoryBudget.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace miniflow;

namespace {

/// Sets an environment variable for one scope.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const QByteArray& value) : name_(name) { qputenv(name, value); }
    ~ScopedEnv() { qunsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
};

} // namespace

class TestMemoryBudget : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    /// NOTE [Memory before allocation]: a 300000 x 30000 Parameter (9e9 floats, 36 GB of
    /// values) is refused by the Session before it allocates, naming the node and its shape.
    void aParameterTooLargeForMemoryIsRefusedNamingIt() {
        Graph g;
        const NodeId x = test::addNode(g, "Input", "X", {{"features", 300000}});
        const NodeId w =
            test::addNode(g, "Parameter", "huge_W",
                          {{"rows", 300000}, {"cols", 30000}, {"initializer", "zeros"}});
        const NodeId product = test::addNode(g, "MatMul", "product");
        test::addEdge(g, x, product, 0);
        test::addEdge(g, w, product, 1);
        ScopedEnv limit("MINIFLOW_MEMORY_LIMIT", "2G");
        try {
            Session session(Plan::build(g, PlanPurpose::Forward));
            QFAIL("a 300000 x 30000 Parameter was allocated");
        } catch (const MemoryError& e) {
            const QString message = e.what();
            qInfo("%s", e.what());
            QVERIFY2(message.contains("Parameter \"huge_W\" (300000 x 30000) needs 67.06 GiB"),
                     qPrintable(message));
            QVERIFY2(message.contains("but only 2.00 GiB is available"), qPrintable(message));
        }
    }

    /// Together too large, each alone small: the message says so and names the largest.
    void parametersTooLargeTogetherAreRefused() {
        Graph g;
        const NodeId x = test::addNode(g, "Input", "X", {{"features", 1000}});
        NodeId previous = x;
        for (int i = 0; i < 3; ++i) {
            const NodeId w =
                test::addNode(g, "Parameter", "W" + std::to_string(i),
                              {{"rows", 1000}, {"cols", 1000}, {"initializer", "zeros"}});
            const NodeId m = test::addNode(g, "MatMul", "m" + std::to_string(i));
            test::addEdge(g, previous, m, 0);
            test::addEdge(g, w, m, 1);
            previous = m;
        }
        ScopedEnv limit("MINIFLOW_MEMORY_LIMIT", "20M"); // each needs 7.6 MiB, all 22.9 MiB
        try {
            Session session(Plan::build(g, PlanPurpose::Forward));
            QFAIL("22.9 MiB of Parameters were allocated under a 20 MiB limit");
        } catch (const MemoryError& e) {
            const QString message = e.what();
            QVERIFY2(message.contains("the Parameters need 22.9 MiB together (the largest: "
                                      "Parameter \"W0\" (1000 x 1000), 7.6 MiB)"),
                     qPrintable(message));
        }
        ScopedEnv enough("MINIFLOW_MEMORY_LIMIT", "24M");
        Session fits(Plan::build(g, PlanPurpose::Forward));
        QCOMPARE(fits.parameterIds().size(), size_t{3});
    }

    /// A batch whose activations do not fit is refused by size, naming the widest node.
    void aBatchTooLargeForMemoryIsRefusedNamingTheWidestNode() {
        Graph g;
        const NodeId x = test::addNode(g, "Input", "X", {{"features", 10}});
        const NodeId w = test::addNode(g, "Parameter", "W",
                                       {{"rows", 10}, {"cols", 100000}, {"initializer", "zeros"}});
        const NodeId wide = test::addNode(g, "MatMul", "wide");
        test::addEdge(g, x, wide, 0);
        test::addEdge(g, w, wide, 1);
        const Plan plan = Plan::build(g, PlanPurpose::Forward);
        ScopedEnv limit("MINIFLOW_MEMORY_LIMIT", "1G");
        requireBatchMemory(plan, 64); // 64 x 100000 x 8 bytes = 48.8 MiB
        try {
            requireBatchMemory(plan, 4096); // 3.05 GiB
            QFAIL("a batch of 4096 x 100000 passed a 1 GiB limit");
        } catch (const MemoryError& e) {
            const QString message = e.what();
            QVERIFY2(message.contains("a batch of 4096 samples needs") &&
                         message.contains("the largest: \"wide\", 4096 x 100000, 3.05 GiB"),
                     qPrintable(message));
        }
    }

    void availableMemoryComesFromTheSystem() {
        const std::optional<std::uint64_t> available = availableMemoryBytes();
        QVERIFY2(available.has_value(), "no MemAvailable in /proc/meminfo");
        QVERIFY(*available > (std::uint64_t{16} << 20));
        ScopedEnv limit("MINIFLOW_MEMORY_LIMIT", "2M");
        QCOMPARE(availableMemoryBytes().value(), std::uint64_t{2} << 20);
    }

    void bytesAreFormattedForPeople() {
        QCOMPARE(formatBytes(std::uint64_t{3} << 29), std::string("1.50 GiB"));
        QCOMPARE(formatBytes(std::uint64_t{12} << 20), std::string("12.0 MiB"));
        QCOMPARE(datasetPeakBytes(~std::uint64_t{0} / 2, 10), ~std::uint64_t{0}); // saturates
    }

    void idxClaimingMoreThanMemoryIsRefusedUnread() {
        // 100000 images of 1000 x 1000 pixels: 93 GiB of bytes, 838 GiB as float32 twice.
        const std::string path = sparseFile(
            "huge-images.idx", {0, 0, 8, 3, 0, 1, 0x86, 0xA0, 0, 0, 3, 0xE8, 0, 0, 3, 0xE8},
            16 + std::uint64_t{100000} * 1000 * 1000);
        if (path.empty())
            QSKIP("this file system cannot hold a sparse file of 93 GiB");
        const QString message = test::dataErrorOf([&] { readIdx(path); });
        QVERIFY2(message.startsWith(QString::fromStdString(path)) &&
                     message.contains(
                         "loading 100000 x 1000 x 1000 bytes as float32 needs 838.19 GiB of memory "
                         "but only ") &&
                     message.contains(" GiB is available"),
                 qPrintable(message));
    }

    void cifarBatchLargerThanMemoryIsRefusedUnread() {
        const std::string path = sparseFile("huge_batch.bin", {3}, std::uint64_t{3073} << 24);
        if (path.empty())
            QSKIP("this file system cannot hold a sparse file of 48 GiB");
        const QString message = test::dataErrorOf([&] { loadCifarBatches({path}); });
        QVERIFY2(message.contains("needs 432.02 GiB of memory but only"), qPrintable(message));
    }

    void csvLargerThanTheConfiguredLimitIsRefused() {
        const std::string path = dir_.filePath("rows.csv").toStdString();
        std::ofstream out(path);
        out << "a,b,y\n";
        for (int i = 0; i < 10000; ++i)
            out << i << ",2,3\n";
        out.close();
        {
            ScopedEnv limit("MINIFLOW_MEMORY_LIMIT", "100K");
            const QString message = test::dataErrorOf([&] { loadCsv(path, {}); });
            QVERIFY2(message.contains(
                         "loading the table needs 0.8 MiB of memory but only 0.1 MiB is available"),
                     qPrintable(message));
        }
        QCOMPARE(loadCsv(path, {}).size(), Index{10000});
    }

  private:
    /// A file starting with `head` whose size is `size`, without writing the rest (sparse);
    /// "" when this file system cannot do that.
    std::string sparseFile(const QString& name, const std::vector<std::uint8_t>& head,
                           std::uint64_t size) {
        const std::string path = dir_.filePath(name).toStdString();
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(head.data()),
                   static_cast<std::streamsize>(head.size()));
        std::error_code error;
        std::filesystem::resize_file(path, size, error);
        struct stat info {};
        const bool sparse =
            !error && ::stat(path.c_str(), &info) == 0 && info.st_blocks * 512 <= (1 << 20);
        return sparse ? path : std::string();
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestMemoryBudget)
#include "tst_memory_budget.moc"
