// CIFAR-10 binary corpus: truncations, partial records, labels out of range, gzip damage.
#include "CorpusWriter.h"

namespace miniflow::corpus {

namespace {

constexpr std::size_t kRecord = 3073;

/// Two records, labels 3 and 7, pixels counting up.
Bytes twoRecords() {
    Bytes out(2 * kRecord);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::uint8_t>(i * 7);
    out[0] = 3;
    out[kRecord] = 7;
    return out;
}

std::vector<Expectation> cifar(Outcome outcome, const std::string& mention = {}) {
    return {{"cifar", outcome, mention}};
}

} // namespace

void addCifarFiles(CorpusWriter& w) {
    const Bytes good = twoRecords();
    w.add("cifar-good.bin", "two valid records", good, cifar(Outcome::Read));
    w.add("cifar-good.bin.gz", "two valid records, gzip", gzip(good), cifar(Outcome::Read));
    w.add("cifar-empty.bin", "empty file", Bytes{}, cifar(Outcome::Error, "byte 0: empty file"));
    for (const std::size_t cut : {1, 2, 1000, 3072, 3074, 4000, 6144, 6145})
        w.add("cifar-cut-" + std::to_string(cut) + ".bin",
              "cut after " + std::to_string(cut) + " bytes", prefix(good, cut),
              cifar(Outcome::Error,
                    "byte " + std::to_string(cut / kRecord * kRecord) + ": the file has"));
    w.add("cifar-one-record.bin", "exactly one record", prefix(good, kRecord),
          cifar(Outcome::Read));
    Bytes extra = good;
    extra.push_back(0);
    w.add("cifar-extra-byte.bin", "one byte after the last record", extra,
          cifar(Outcome::Error, "byte 6146: the file has 6147 bytes"));
    for (const auto& [record, label] :
         std::vector<std::pair<std::size_t, std::uint8_t>>{{0, 10}, {1, 255}}) {
        Bytes bad = good;
        bad[record * kRecord] = label;
        w.add("cifar-label-" + std::to_string(label) + ".bin", "label " + std::to_string(label),
              bad,
              cifar(Outcome::Error, "byte " + std::to_string(record * kRecord) + ": label " +
                                        std::to_string(label) + " of record " +
                                        std::to_string(record)));
    }
    const Bytes packed = gzip(good);
    for (const std::size_t cut :
         {std::size_t{3}, std::size_t{12}, packed.size() / 2, packed.size() - 2})
        w.add("cifar-gz-cut-" + std::to_string(cut) + ".bin.gz",
              "gzip cut after " + std::to_string(cut) + " bytes", prefix(packed, cut),
              cifar(Outcome::Error, "compressed byte"));
}

} // namespace miniflow::corpus
