// Data layer: CSV / IDX / CIFAR readers (good and bad input), gzip, synthetic sets,
// normalization, batching and splitting.
#include "DataErrors.h"
#include "SharedData.h"

#include "data/Batcher.h"
#include "data/CifarLoader.h"
#include "data/CsvLoader.h"
#include "data/FileBytes.h"
#include "data/IdxLoader.h"
#include "data/Normalization.h"
#include "data/SyntheticData.h"

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>
#include <set>

using namespace miniflow;
using Bytes = std::vector<std::uint8_t>;

/// The largest single operator-new request since the last reset, so a test can show that a
/// reader rejects a huge claimed size without allocating it.
static std::atomic<std::size_t> largestAllocation{0};

void* operator new(std::size_t size) {
    std::size_t seen = largestAllocation.load();
    while (size > seen && !largestAllocation.compare_exchange_weak(seen, size)) {
    }
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

void writeBytes(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

void writeText(const std::string& path, const std::string& text) {
    writeBytes(path, Bytes(text.begin(), text.end()));
}

void writeGz(const std::string& path, const Bytes& bytes) {
    gzFile file = gzopen(path.c_str(), "wb");
    QVERIFY(file != nullptr);
    QCOMPARE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
             static_cast<int>(bytes.size()));
    QCOMPARE(gzclose(file), Z_OK);
}

Bytes readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

/// An IDX file: magic 00 00 type ndims, big-endian dims, then `data`.
Bytes idxFile(const std::vector<std::uint32_t>& dims, const Bytes& data, std::uint8_t type = 0x08) {
    Bytes bytes{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (const std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes.push_back(static_cast<std::uint8_t>(d >> shift));
    bytes.insert(bytes.end(), data.begin(), data.end());
    return bytes;
}

/// 3 images of 2 x 4 with pixel (i, j) = 10 i + j, and labels 7, 0, 9.
Bytes smallImages() {
    Bytes pixels;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 8; ++j)
            pixels.push_back(static_cast<std::uint8_t>(10 * i + j));
    return idxFile({3, 2, 4}, pixels);
}
Bytes smallLabels() {
    return idxFile({3}, {7, 0, 9});
}

/// CIFAR record r: label r % 10; red = (p + r) % 256, green = 3p % 256, blue = 255 - p % 256.
Bytes cifarRecords(int count) {
    Bytes bytes;
    for (int r = 0; r < count; ++r) {
        bytes.push_back(static_cast<std::uint8_t>(r % 10));
        for (int p = 0; p < 1024; ++p)
            bytes.push_back(static_cast<std::uint8_t>((p + r) % 256));
        for (int p = 0; p < 1024; ++p)
            bytes.push_back(static_cast<std::uint8_t>(3 * p % 256));
        for (int p = 0; p < 1024; ++p)
            bytes.push_back(static_cast<std::uint8_t>(255 - p % 256));
    }
    return bytes;
}

/// Largest element (a loop: GCC 12 warns falsely about Eigen's AVX-512 max reductions).
float largest(const Tensor& t) {
    return *std::max_element(t.data(), t.data() + t.size());
}

Tensor rowIds(Index rows) {
    Tensor t(rows, 2);
    for (Index r = 0; r < rows; ++r)
        t.row(r) << static_cast<float>(r), static_cast<float>(-r);
    return t;
}

} // namespace

class TestData : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const QString& name) const { return dir_.filePath(name).toStdString(); }
    void checkMessage(const QString& message, const QString& file, const QStringList& parts) {
        QVERIFY2(!message.isEmpty(), "expected a DataError");
        QVERIFY2(message.contains(file), qPrintable(message));
        for (const QString& part : parts)
            QVERIFY2(message.contains(part), qPrintable(message));
    }

  private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void csvParsesQuotesBomAndCrlf() {
        const std::string file = path("table.csv");
        writeText(
            file,
            "\xEF\xBB\xBF a ,\"b,\"\"1\"\"\" , target\r\n1,2,3\r\n\r\n\"4\", \"-5.5e1\" ,0\r\n");
        const CsvTable table = readCsv(file);
        QCOMPARE(table.columns, (std::vector<std::string>{"a", "b,\"1\"", "target"}));
        QCOMPARE(table.rows, (std::vector<std::vector<double>>{{1, 2, 3}, {4, -55, 0}}));
        QCOMPARE(table.lines, (std::vector<std::size_t>{2, 4}));
        const Dataset data = loadCsv(file, CsvOptions{"", true});
        QCOMPARE(data.features.rows(), Index{2});
        QCOMPARE(data.features(1, 1), -55.0f);
        QCOMPARE(data.targetName, std::string("target"));
        QCOMPARE(data.classes, 4);
        const Dataset byName = loadCsv(file, CsvOptions{"a", false});
        QCOMPARE(byName.featureNames, (std::vector<std::string>{"b,\"1\"", "target"}));
        QCOMPARE(byName.targets(1, 0), 4.0f);
        QCOMPARE(byName.classes, 0);
    }

    void csvReadsGzip() {
        const std::string text = "x,y\n1.5,2\n";
        writeGz(path("small.csv.gz"), Bytes(text.begin(), text.end()));
        QCOMPARE(readCsv(path("small.csv.gz")).rows, (std::vector<std::vector<double>>{{1.5, 2}}));
    }

    void csvRejectsBadInput_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("empty") << QByteArray("") << QStringList{":1:1:", "empty file"};
        QTest::newRow("header only") << QByteArray("a,b\n") << QStringList{":2:1:", "no data rows"};
        QTest::newRow("short row")
            << QByteArray("a,b\n1,2\n3\n") << QStringList{":3:2:", "1 cells", "2 columns"};
        QTest::newRow("long row") << QByteArray("a,b\r\n1,2,3\r\n")
                                  << QStringList{":2:3:", "3 cells"};
        QTest::newRow("not a number")
            << QByteArray("a,b,c\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,abc\n")
            << QStringList{":7:3:", "\"abc\"", "column \"c\"", "not a number", "fix or remove"};
        QTest::newRow("nan") << QByteArray("a,b\n1,nan\n")
                             << QStringList{":2:2:", "\"nan\"", "finite"};
        QTest::newRow("inf") << QByteArray("a,b\n-inf,1\n")
                             << QStringList{":2:1:", "\"-inf\"", "finite"};
        QTest::newRow("overflow") << QByteArray("a,b\n1e999,1\n") << QStringList{":2:1:", "finite"};
        QTest::newRow("empty cell")
            << QByteArray("a,b\n1,\n") << QStringList{":2:2:", "empty cell"};
        QTest::newRow("open quote")
            << QByteArray("a,b\n1,\"2\n") << QStringList{":2:2:", "never closed"};
        QTest::newRow("after quote")
            << QByteArray("a,b\n\"1\"x,2\n") << QStringList{":2:1:", "after the closing quote"};
        QTest::newRow("unnamed") << QByteArray("a,,c\n1,2,3\n") << QStringList{":1:2:", "no name"};
        QTest::newRow("duplicate")
            << QByteArray("a,b,a\n1,2,3\n") << QStringList{":1:3:", "unique"};
    }
    void csvRejectsBadInput() {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, parts);
        writeText(path("bad.csv"), content.toStdString());
        checkMessage(test::dataErrorOf([&] { readCsv(path("bad.csv")); }), "bad.csv", parts);
    }

    void csvNamesMissingTargetAndBadClasses() {
        writeText(path("cols.csv"), "alpha, beta ,gamma\n1,0.5,2\n");
        checkMessage(test::dataErrorOf([&] {
                         loadCsv(path("cols.csv"), CsvOptions{"MEDV", false});
                     }),
                     "cols.csv", {":1:", "\"MEDV\"", "available columns: alpha, beta, gamma"});
        checkMessage(test::dataErrorOf([&] {
                         loadCsv(path("cols.csv"), CsvOptions{"beta", true});
                     }),
                     "cols.csv", {":2:2:", "0.5", "whole number"});
        writeText(path("negative.csv"), "x,y\n1,0\n2,-1\n");
        checkMessage(test::dataErrorOf([&] {
                         loadCsv(path("negative.csv"), CsvOptions{"y", true});
                     }),
                     "negative.csv", {":3:2:", "-1", "whole number >= 0"});
        QVERIFY(test::dataErrorOf([&] { readCsv(path("no-such.csv")); }).contains("not found"));
    }

    void idxRoundTrip_data() {
        QTest::addColumn<bool>("gzip");
        QTest::newRow("plain") << false;
        QTest::newRow("gzip") << true;
    }
    void idxRoundTrip() {
        QFETCH(bool, gzip);
        const std::string images = path(gzip ? "img.gz" : "img"),
                          labels = path(gzip ? "lab.gz" : "lab");
        gzip ? writeGz(images, smallImages()) : writeBytes(images, smallImages());
        gzip ? writeGz(labels, smallLabels()) : writeBytes(labels, smallLabels());
        QCOMPARE(readIdx(images).dims, (std::vector<std::uint32_t>{3, 2, 4}));
        const Dataset data = loadIdxPair(images, labels);
        QCOMPARE(data.features.rows(), Index{3});
        QCOMPARE(data.features.cols(), Index{8});
        for (Index i = 0; i < 3; ++i)
            for (Index j = 0; j < 8; ++j)
                QCOMPARE(data.features(i, j), static_cast<float>(10 * i + j));
        QCOMPARE(data.targets(0, 0), 7.0f);
        QCOMPARE(data.targets(2, 0), 9.0f);
        QCOMPARE(data.classes, 10);
        QCOMPARE(data.sampleDims, (std::vector<Index>{1, 2, 4}));
    }

    void idxRejectsBadHeaders_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("parts");
        const auto raw = [](const Bytes& b) {
            return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
        };
        Bytes wrongMagic = smallImages();
        wrongMagic[0] = 0x1a;
        QTest::newRow("magic") << raw(wrongMagic) << QStringList{"byte 0:", "magic"};
        QTest::newRow("float") << raw(idxFile({2}, Bytes(8), 0x0D))
                               << QStringList{"byte 2:", "float", "unsigned bytes"};
        QTest::newRow("no dims") << raw(idxFile({}, {})) << QStringList{"byte 3:", "0 dimensions"};
        QTest::newRow("overflow") << raw(idxFile({0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {}))
                                  << QStringList{"byte 4:", "overflow"};
        Bytes extra = smallLabels();
        extra.push_back(1);
        QTest::newRow("trailing") << raw(extra)
                                  << QStringList{"byte 11:", "1 bytes follow the data"};
    }
    void idxRejectsBadHeaders() {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, parts);
        writeText(path("bad.idx"), content.toStdString());
        checkMessage(test::dataErrorOf([&] { readIdx(path("bad.idx")); }), "bad.idx", parts);
    }

    void idxRejectsHugeCountWithoutAllocating() {
        writeBytes(path("huge.idx"), idxFile({0x7FFFFFFF, 28, 28}, Bytes(64)));
        writeBytes(path("lab"), smallLabels());
        largestAllocation = 0;
        const QString message =
            test::dataErrorOf([&] { loadIdxPair(path("huge.idx"), path("lab")); });
        QVERIFY2(largestAllocation < 65536, // file buffers and messages only
                 qPrintable(QString::number(largestAllocation)));
        checkMessage(message, "huge.idx",
                     {"2147483647 x 28 x 28 = 1683627179248 bytes", "byte 80:", "only 64"});
    }

    void idxRejectsTruncationAtEveryOffset() {
        const Bytes full = smallImages();
        for (std::size_t cut = 0; cut < full.size(); ++cut) {
            writeBytes(path("cut.idx"), Bytes(full.begin(), full.begin() + static_cast<long>(cut)));
            checkMessage(test::dataErrorOf([&] { readIdx(path("cut.idx")); }), "cut.idx",
                         {"byte ", "truncated"});
        }
        writeGz(path("whole.gz"), full);
        const Bytes packed = readAll(path("whole.gz"));
        for (std::size_t cut = 2; cut < packed.size(); ++cut) {
            writeBytes(path("cut.gz"),
                       Bytes(packed.begin(), packed.begin() + static_cast<long>(cut)));
            checkMessage(test::dataErrorOf([&] { readIdx(path("cut.gz")); }), "cut.gz",
                         {"compressed byte ", "ends early"});
        }
    }

    void gzipRejectsCorruptAndOversizedData() {
        writeGz(path("crc.gz"), smallImages());
        Bytes packed = readAll(path("crc.gz"));
        packed[packed.size() - 6] ^= 0xFF; // inside the CRC-32
        writeBytes(path("crc.gz"), packed);
        checkMessage(test::dataErrorOf([&] { readIdx(path("crc.gz")); }), "crc.gz",
                     {"compressed byte ", "corrupt gzip"});
        writeGz(path("bomb.gz"), Bytes(2 << 20, 0));
        checkMessage(test::dataErrorOf([&] { readFileBytes(path("bomb.gz"), 1 << 20); }), "bomb.gz",
                     {"needs 2097152 bytes", "limit is 1048576"});
        writeBytes(path("big.bin"), Bytes(100, 1));
        checkMessage(test::dataErrorOf([&] { readFileBytes(path("big.bin"), 50); }), "big.bin",
                     {"needs 100 bytes", "limit is 50"});
        QCOMPARE(readFileBytes(path("bomb.gz")).size(), std::size_t{2 << 20});
    }

    void idxPairRejectsMismatches() {
        writeBytes(path("img"), smallImages());
        writeBytes(path("two-labels"), idxFile({2}, {1, 2}));
        checkMessage(test::dataErrorOf([&] { loadIdxPair(path("img"), path("two-labels")); }),
                     "two-labels", {"byte 4:", "2 labels", "3 images", "img"});
        writeBytes(path("big-label"), idxFile({3}, {1, 12, 3}));
        checkMessage(test::dataErrorOf([&] { loadIdxPair(path("img"), path("big-label")); }),
                     "big-label", {"byte 9:", "label 12", "0..9"});
        writeBytes(path("lab"), smallLabels());
        checkMessage(test::dataErrorOf([&] { loadIdxPair(path("lab"), path("img")); }), "lab",
                     {"byte 3:", "1 dimensions", "expected 3"});
    }

    void mnistFolderNamesMissingFile() {
        QTemporaryDir folder;
        const auto in = [&](const char* name) { return folder.filePath(name).toStdString(); };
        writeGz(in("train-images-idx3-ubyte.gz"), smallImages());
        writeBytes(in("train-labels-idx1-ubyte"), smallLabels());
        writeBytes(in("t10k-images-idx3-ubyte"), smallImages());
        checkMessage(test::dataErrorOf([&] { loadMnistFolder(folder.path().toStdString()); }),
                     folder.path(), {"missing t10k-labels-idx1-ubyte"});
        writeGz(in("t10k-labels-idx1-ubyte.gz"), smallLabels());
        const TrainTest sets = loadMnistFolder(folder.path().toStdString());
        QCOMPARE(sets.train.size(), Index{3});
        QCOMPARE(sets.test.targets(2, 0), 9.0f);
    }

    void cifarLoadsChannelMajor() {
        writeBytes(path("b1.bin"), cifarRecords(2));
        writeGz(path("b2.bin.gz"), cifarRecords(3));
        const Dataset data = loadCifarBatches({path("b1.bin"), path("b2.bin.gz")});
        QCOMPARE(data.features.rows(), Index{5});
        QCOMPARE(data.features.cols(), Index{3072});
        QCOMPARE(data.sampleDims, (std::vector<Index>{3, 32, 32}));
        QCOMPARE(data.classNames.front(), std::string("airplane"));
        QCOMPARE(data.classNames.back(), std::string("truck"));
        for (const auto& [row, record] : {std::pair{1, 1}, std::pair{4, 2}}) {
            QCOMPARE(data.targets(row, 0), static_cast<float>(record));
            for (const int p : {0, 1, 33, 700, 1023}) {
                // NOTE [Image layout]: channel c's pixel p at column 1024 c + p
                QCOMPARE(data.features(row, p), static_cast<float>((p + record) % 256));
                QCOMPARE(data.features(row, 1024 + p), static_cast<float>(3 * p % 256));
                QCOMPARE(data.features(row, 2048 + p), static_cast<float>(255 - p % 256));
            }
        }
    }

    void cifarRejectsBadFiles() {
        Bytes cut = cifarRecords(2);
        cut.erase(cut.end() - 5, cut.end());
        writeBytes(path("cut.bin"), cut);
        checkMessage(test::dataErrorOf([&] { loadCifarBatches({path("cut.bin")}); }), "cut.bin",
                     {"byte 3073:", "6141 bytes", "multiple of the 3073-byte record"});
        Bytes badLabel = cifarRecords(2);
        badLabel[3073] = 10;
        writeBytes(path("label.bin"), badLabel);
        checkMessage(test::dataErrorOf([&] { loadCifarBatches({path("label.bin")}); }), "label.bin",
                     {"byte 3073:", "label 10 of record 1", "0..9"});
        writeBytes(path("empty.bin"), {});
        checkMessage(test::dataErrorOf([&] { loadCifarBatches({path("empty.bin")}); }), "empty.bin",
                     {"empty file"});
        QTemporaryDir folder;
        checkMessage(test::dataErrorOf([&] { loadCifarFolder(folder.path().toStdString()); }),
                     folder.path(), {"data_batch_1.bin"});
        writeBytes(folder.filePath("data_batch_2.bin").toStdString(), cifarRecords(1));
        checkMessage(test::dataErrorOf([&] { loadCifarFolder(folder.path().toStdString()); }),
                     folder.path(), {"missing test_batch.bin"});
        writeBytes(folder.filePath("test_batch.bin").toStdString(), cifarRecords(2));
        QCOMPARE(loadCifarFolder(folder.path().toStdString()).test.size(), Index{2});
    }

    void syntheticIsDeterministic_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("expectedClasses");
        QTest::newRow("circle") << "circle" << 5 << 2;
        QTest::newRow("xor") << "xor" << 2 << 2;
        QTest::newRow("gaussians") << "gaussians" << 5 << 5;
        QTest::newRow("spiral") << "spiral" << 4 << 4;
        QTest::newRow("regression1d") << "regression1d" << 2 << 0;
    }
    void syntheticIsDeterministic() {
        QFETCH(QString, name);
        QFETCH(int, classes);
        QFETCH(int, expectedClasses);
        const SyntheticOptions options{200, 0.1, 42, classes};
        const Dataset a = makeSynthetic(name.toStdString(), options);
        const Dataset b = makeSynthetic(name.toStdString(), options);
        const Dataset other =
            makeSynthetic(name.toStdString(), SyntheticOptions{200, 0.1, 43, classes});
        QCOMPARE(a.features, b.features);
        QCOMPARE(a.targets, b.targets);
        QVERIFY(a.features != other.features);
        QCOMPARE(a.features.rows(), Index{200});
        QCOMPARE(a.features.cols(), Index{expectedClasses == 0 ? 1 : 2});
        QCOMPARE(a.targets.cols(), Index{1});
        QCOMPARE(a.classes, expectedClasses);
        QVERIFY(allFinite(a.features) && allFinite(a.targets));
        QVERIFY(largest(a.features.cwiseAbs()) < (expectedClasses == 0 ? 2.0f : 10.0f));
        if (expectedClasses == 0)
            return;
        QCOMPARE(a.featureNames, (std::vector<std::string>{"x1", "x2"}));
        for (int c = 0; c < expectedClasses; ++c)
            QCOMPARE((a.targets.array() == static_cast<float>(c)).count(),
                     Index{200 / expectedClasses});
    }

    void syntheticRejectsBadOptions() {
        QVERIFY(test::dataErrorOf([] { makeSynthetic("moons", {}); }).contains("circle, xor"));
        QVERIFY(test::dataErrorOf([] { makeSpiral({100, 0.1, 1, 1}); }).contains("classes"));
        QVERIFY(test::dataErrorOf([] { makeCircle({0, 0.1, 1, 2}); }).contains("samples"));
        QVERIFY(test::dataErrorOf([] { makeXor({100, 1.5, 1, 2}); }).contains("noise"));
    }

    void normalizationStandardizeUsesTrainStatistics() {
        Dataset train;
        train.features.resize(4, 3);
        train.features << 1, 10, 5, 2, 20, 5, 3, 30, 5, 4, 40, 5;
        const Normalization n = Normalization::fit(train, Normalization::Kind::Standardize);
        QCOMPARE(n.scale[2], 1.0f); // constant column
        Dataset test;
        test.features = Tensor::Constant(1, 3, 2.5f);
        n.apply(train);
        n.apply(test);
        const RowVector mean = train.features.colwise().mean();
        const RowVector std =
            (train.features.rowwise() - mean).array().square().colwise().mean().sqrt();
        for (Index c = 0; c < 2; ++c) {
            QVERIFY(std::abs(mean[c]) < 1e-6f);
            QVERIFY(std::abs(std[c] - 1.0f) < 1e-5f);
        }
        QVERIFY(std::abs(test.features(0, 0)) < 1e-6f); // 2.5 is the train mean of column 0
        QVERIFY(std::abs(test.features(0, 1) - (2.5f - 25.0f) / std::sqrt(125.0f)) < 1e-5f);
        Dataset wrong;
        wrong.features = Tensor::Zero(1, 2);
        QVERIFY(test::dataErrorOf([&] { n.apply(wrong); }).contains("fitted on 3"));
    }

    void normalizationMinMaxAndFixedRange() {
        Dataset data = makeGaussians({300, 0.5, 3, 2});
        Normalization::fit(data, Normalization::Kind::MinMax).apply(data);
        for (Index c = 0; c < 2; ++c) {
            const Tensor column = data.features.col(c);
            QCOMPARE(-largest(-column), 0.0f);
            QVERIFY(std::abs(largest(column) - 1.0f) < 1e-6f);
        }
        Dataset pixels;
        pixels.features = Tensor::Constant(2, 4, 255.0f);
        const Normalization fixed = Normalization::fit(pixels, Normalization::Kind::MinMax, 255.0);
        QCOMPARE(fixed.scale, RowVector::Constant(4, 255.0f));
        fixed.apply(pixels);
        QCOMPARE(pixels.features, Tensor::Ones(2, 4));
    }

    void normalizationPerChannel() {
        Dataset image; // 2 samples of 3 channels x 1 x 2 pixels (channel-major); channel 2 is
                       // constant
        image.features.resize(2, 6);
        image.features << 0, 2, 10, 14, 20, 20, 4, 6, 12, 16, 20, 20;
        image.sampleDims = {3, 1, 2};
        const Normalization n = Normalization::fit(image, Normalization::Kind::PerChannel);
        QCOMPARE(n.offset, (RowVector(6) << 3, 3, 13, 13, 20, 20).finished());
        QVERIFY(std::abs(n.scale[0] - std::sqrt(5.0f)) < 1e-6f);
        QVERIFY(std::abs(n.scale[1] - std::sqrt(5.0f)) < 1e-6f);
        QCOMPARE(n.scale[4], 1.0f);
        QCOMPARE(n.scale[5], 1.0f);
        Dataset gray;
        gray.features = (Tensor(1, 4) << 0, 2, 4, 6).finished();
        gray.sampleDims = {2, 2};
        QCOMPARE(Normalization::fit(gray, Normalization::Kind::PerChannel).offset,
                 RowVector::Constant(4, 3.0f));
        gray.sampleDims.clear();
        QVERIFY(test::dataErrorOf([&] {
                    Normalization::fit(gray, Normalization::Kind::PerChannel);
                }).contains("sample dimensions"));
        for (const auto kind : {Normalization::Kind::None, Normalization::Kind::Standardize,
                                Normalization::Kind::MinMax, Normalization::Kind::PerChannel})
            QCOMPARE(normalizationFromString(toString(kind)), std::optional(kind));
        QCOMPARE(normalizationFromString("zscore"), std::nullopt);
    }

    void batcherShuffleCoversEachIndexOncePerEpoch() {
        Batcher batcher(103, 10, Sampling::Shuffle, 7);
        Batcher twin(103, 10, Sampling::Shuffle, 7);
        Batcher other(103, 10, Sampling::Shuffle, 8);
        QCOMPARE(batcher.stepsPerEpoch(), Index{11});
        std::vector<Index> previousEpoch;
        bool differsFromOther = false;
        for (int epoch = 0; epoch < 3; ++epoch) {
            std::vector<Index> seen;
            for (Index step = 0; step < batcher.stepsPerEpoch(); ++step) {
                const std::vector<Index> batch = batcher.next();
                QCOMPARE(batch.size(), std::size_t{step == 10 ? 3u : 10u});
                QCOMPARE(twin.next(), batch);
                differsFromOther |= other.next() != batch;
                seen.insert(seen.end(), batch.begin(), batch.end());
            }
            QCOMPARE(batcher.stepInEpoch(), Index{0});
            QVERIFY(seen != previousEpoch);
            previousEpoch = seen;
            std::sort(seen.begin(), seen.end());
            for (Index i = 0; i < 103; ++i)
                QCOMPARE(seen[static_cast<std::size_t>(i)], i);
        }
        QVERIFY(differsFromOther);
    }

    void batcherResampleDrawsWithReplacement() {
        Batcher batcher(50, 20, Sampling::Resample, 3);
        Batcher twin(50, 20, Sampling::Resample, 3);
        QCOMPARE(batcher.stepsPerEpoch(), Index{2});
        bool repeated = false;
        for (int step = 0; step < 10; ++step) {
            const std::vector<Index> batch = batcher.next();
            QCOMPARE(batch.size(), std::size_t{20});
            QCOMPARE(twin.next(), batch);
            QVERIFY(
                std::all_of(batch.begin(), batch.end(), [](Index i) { return i >= 0 && i < 50; }));
            repeated |= std::set<Index>(batch.begin(), batch.end()).size() < batch.size();
        }
        QVERIFY(repeated);
        QCOMPARE(Batcher(5, 20, Sampling::Resample, 1).stepsPerEpoch(), Index{1});
        QVERIFY(
            test::dataErrorOf([] { Batcher(5, 0, Sampling::Shuffle, 1); }).contains("batch size"));
    }

    void splitAndSubset() {
        Dataset data;
        data.features = rowIds(100);
        data.targets = data.features.col(0);
        data.featureNames = {"id", "minus id"};
        const Split split = splitDataset(data, 0.2, 5);
        QCOMPARE(split.train.size(), Index{80});
        QCOMPARE(split.validation.size(), Index{20});
        QCOMPARE(split.train.featureNames, data.featureNames);
        std::set<float> ids;
        for (const Dataset* part : {&split.train, &split.validation})
            for (Index r = 0; r < part->size(); ++r) {
                QCOMPARE(part->targets(r, 0), part->features(r, 0));
                ids.insert(part->features(r, 0));
            }
        QCOMPARE(ids.size(), std::size_t{100});
        QCOMPARE(splitDataset(data, 0.2, 5).validation.features, split.validation.features);
        QVERIFY(splitDataset(data, 0.2, 6).validation.features != split.validation.features);
        QCOMPARE(splitDataset(data, 0.0, 5).validation.size(), Index{0});
        QVERIFY(!test::dataErrorOf([&] { splitDataset(data, 1.0, 5); }).isEmpty());
        Tensor gathered;
        gatherRows(data.features, {4, 4, 0}, gathered);
        QCOMPARE(gathered, (Tensor(3, 2) << 4, -4, 4, -4, 0, 0).finished());
    }

    void realMnistLabels() {
        MINIFLOW_REQUIRE_SHARED_DATA("mnist/train-labels-idx1-ubyte.gz", labels);
        const IdxArray train = readIdx(labels);
        QCOMPARE(train.dims, std::vector<std::uint32_t>{60000});
        QCOMPARE(std::count(train.bytes.begin(), train.bytes.end(), 0), 5923);
        QCOMPARE(std::count(train.bytes.begin(), train.bytes.end(), 9), 5949);
        MINIFLOW_REQUIRE_SHARED_DATA("mnist/t10k-images-idx3-ubyte.gz", testImages);
        MINIFLOW_REQUIRE_SHARED_DATA("mnist/t10k-labels-idx1-ubyte.gz", testLabels);
        const Dataset test = loadIdxPair(testImages, testLabels);
        QCOMPARE(test.features.rows(), Index{10000});
        QCOMPARE(test.features.cols(), Index{784});
        QCOMPARE((test.targets.array() == 1.0f).count(), Index{1135});
        QCOMPARE(largest(test.features), 255.0f);
    }

    void realCsvTables() {
        MINIFLOW_REQUIRE_SHARED_DATA("csv/boston_housing.csv", boston);
        const Dataset data = loadCsv(boston, CsvOptions{"MEDV", false});
        QCOMPARE(data.features.rows(), Index{506});
        QCOMPARE(data.features.cols(), Index{13});
        QCOMPARE(data.targetName, std::string("MEDV"));
        QCOMPARE(data.featureNames.front(), std::string("CRIM"));
        QVERIFY(std::abs(data.targets.mean() - 22.5328f) < 1e-3f);
        QVERIFY(std::abs(data.features.col(0).mean() - 3.6135f) < 1e-3f);
        MINIFLOW_REQUIRE_SHARED_DATA("csv/digits_8x8.csv.gz", digits);
        const Dataset d = loadCsv(digits, CsvOptions{"target", true});
        QCOMPARE(d.features.rows(), Index{1797});
        QCOMPARE(d.features.cols(), Index{64});
        QCOMPARE(d.classes, 10);
    }
};

QTEST_APPLESS_MAIN(TestData)
#include "tst_data.moc"
