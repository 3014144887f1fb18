// Too big for memory: readers compare what a dataset needs with the memory available
// (NOTE [Memory budget]) and refuse before allocating, saying both numbers. Huge files are
// sparse (their size is claimed, no data written).
#include "DataErrors.h"
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
