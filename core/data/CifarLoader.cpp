#include "data/CifarLoader.h"

#include "data/FileBytes.h"
#include "data/MemoryBudget.h"

namespace miniflow {

namespace {

constexpr std::size_t kSide = 32;
constexpr std::size_t kPixels = kSide * kSide;
constexpr std::size_t kChannels = 3;
constexpr std::size_t kRecordBytes = 1 + kChannels * kPixels; // 3073
constexpr int kClasses = 10;

/// Validates one batch file's content (whole records, labels 0..9); returns its record count.
std::size_t checkBatch(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    if (bytes.empty())
        throwAtByte(path, 0,
                    "empty file (a CIFAR-10 batch holds records of 3073 bytes: 1 label + 3072 "
                    "pixels)");
    const std::size_t partial = bytes.size() % kRecordBytes;
    if (partial != 0)
        throwAtByte(path, bytes.size() - partial,
                    "the file has " + std::to_string(bytes.size()) +
                        " bytes, not a multiple of the 3073-byte record (1 label + 3072 pixels); "
                        "the last record stops after " +
                        std::to_string(partial) +
                        " bytes (truncated? fetch it again; only CIFAR-10 binary batches load)");
    const std::size_t records = bytes.size() / kRecordBytes;
    for (std::size_t r = 0; r < records; ++r)
        if (bytes[r * kRecordBytes] >= kClasses)
            throwAtByte(path, r * kRecordBytes,
                        "label " + std::to_string(bytes[r * kRecordBytes]) + " of record " +
                            std::to_string(r) +
                            " is outside 0..9 (is this a CIFAR-10 binary batch?)");
    return records;
}

/// What loading the plain (not gzip) files among `files` will need at its peak, from
/// their sizes alone: every file's bytes plus their records as float32.
std::uint64_t plainBatchesPeakBytes(const std::vector<std::string>& files) {
    std::uint64_t bytes = 0;
    for (const std::string& file : files)
        if (const std::optional<std::uint64_t> size = plainContentSize(file))
            bytes += *size;
    return datasetPeakBytes(bytes / kRecordBytes * (kRecordBytes - 1), bytes);
}

/// Copies the records of one batch into rows `first`.. of `data`: the records' planar pixels
/// are already channel-major (NOTE [Image layout]).
void appendRecords(const std::vector<std::uint8_t>& bytes, Dataset& data, Index first) {
    const std::size_t records = bytes.size() / kRecordBytes;
    for (std::size_t r = 0; r < records; ++r) {
        const std::uint8_t* record = bytes.data() + r * kRecordBytes;
        const Index row = first + static_cast<Index>(r);
        data.targets(row, 0) = record[0];
        for (std::size_t i = 0; i < kChannels * kPixels; ++i)
            data.features(row, static_cast<Index>(i)) = record[1 + i];
    }
}

} // namespace

Dataset loadCifarBatches(const std::vector<std::string>& files) {
    if (files.empty())
        throw DataError(
            "no CIFAR-10 batch files given (choose data_batch_N.bin or test_batch.bin)");
    requireMemory(files.front(), "loading " + std::to_string(files.size()) + " batch file(s)",
                  plainBatchesPeakBytes(files));
    std::vector<std::vector<std::uint8_t>> contents;
    Index total = 0;
    for (const std::string& file : files) {
        contents.push_back(readFileBytes(file));
        total += static_cast<Index>(checkBatch(file, contents.back()));
    }
    Dataset data;
    data.features.resize(total, static_cast<Index>(kChannels * kPixels));
    data.targets.resize(total, 1);
    Index row = 0;
    for (const std::vector<std::uint8_t>& bytes : contents) {
        appendRecords(bytes, data, row);
        row += static_cast<Index>(bytes.size() / kRecordBytes);
    }
    data.classes = kClasses;
    data.targetName = "label";
    data.sampleDims = {kChannels, kSide, kSide};
    data.classNames = {"airplane", "automobile", "bird",  "cat",  "deer",
                       "dog",      "frog",       "horse", "ship", "truck"};
    return data;
}

TrainTest loadCifarFolder(const std::string& folder) {
    std::vector<std::string> train;
    for (int i = 1; i <= 5; ++i) {
        const std::string path = findPlainOrGz(folder, "data_batch_" + std::to_string(i) + ".bin");
        if (!path.empty())
            train.push_back(path);
    }
    if (train.empty())
        throw DataError(folder + ": no data_batch_1.bin .. data_batch_5.bin found (choose the "
                                 "cifar-10-batches-bin folder of CIFAR-10's binary version)");
    const std::string test = findPlainOrGz(folder, "test_batch.bin");
    if (test.empty())
        throw DataError(folder + ": missing test_batch.bin (choose the cifar-10-batches-bin "
                                 "folder of CIFAR-10's binary version)");
    return TrainTest{loadCifarBatches(train), loadCifarBatches({test})};
}

} // namespace miniflow
