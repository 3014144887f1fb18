// IDX corpus: truncations, wrong magic numbers and types, wrong counts, overflowing
// dimensions, out-of-range labels, gzip damage.
#include "CorpusWriter.h"

namespace miniflow::corpus {

namespace {

Bytes idx(const std::vector<std::uint32_t>& dims, const Bytes& data, std::uint8_t type = 0x08) {
    Bytes out{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (const std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(d >> shift));
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

/// 3 images of 2 x 2 pixels and their labels 0, 1, 2.
const Bytes kImages = idx({3, 2, 2}, {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255});
const Bytes kLabels = idx({3}, {0, 1, 2});

std::vector<Expectation> asImages(Outcome outcome, const std::string& mention) {
    return {{"idx", outcome, mention}, {"mnist-images", outcome, mention}};
}

std::vector<Expectation> asLabels(Outcome outcome, const std::string& mention) {
    return {{"idx", outcome, mention}, {"mnist-labels", outcome, mention}};
}

void addGood(CorpusWriter& w) {
    w.add(kGoodImages, "valid images", kImages,
          {{"idx", Outcome::Read, ""},
           {"mnist-images", Outcome::Read, ""},
           {"mnist-labels", Outcome::Error, "byte 3: labels have 3 dimensions"}});
    w.add(kGoodLabels, "valid labels", kLabels,
          {{"idx", Outcome::Read, ""},
           {"mnist-labels", Outcome::Read, ""},
           {"mnist-images", Outcome::Error, "byte 3: images have 1 dimensions"}});
    w.add("idx-good-images.idx.gz", "valid gzip images", gzip(kImages),
          asImages(Outcome::Read, ""));
    w.add("idx-good-labels.idx.gz", "valid gzip labels", gzip(kLabels),
          asLabels(Outcome::Read, ""));
}

void addTruncations(CorpusWriter& w) {
    for (std::size_t cut = 0; cut < kImages.size(); ++cut)
        w.add("idx-images-cut-" + std::to_string(cut) + ".idx",
              "images cut after " + std::to_string(cut) + " bytes", prefix(kImages, cut),
              asImages(Outcome::Error, "byte " + std::to_string(cut) + ":"));
    for (std::size_t cut = 0; cut < kLabels.size(); ++cut)
        w.add("idx-labels-cut-" + std::to_string(cut) + ".idx",
              "labels cut after " + std::to_string(cut) + " bytes", prefix(kLabels, cut),
              asLabels(Outcome::Error, "byte " + std::to_string(cut) + ":"));
    const Bytes packed = gzip(kImages);
    for (std::size_t cut = 2; cut < packed.size(); cut += 2)
        w.add("idx-images-gz-cut-" + std::to_string(cut) + ".idx.gz",
              "gzip images cut after " + std::to_string(cut) + " bytes", prefix(packed, cut),
              asImages(Outcome::Error, "compressed byte"));
}

void addBadMagic(CorpusWriter& w) {
    Bytes first = kImages, second = kImages, noDims = kImages;
    first[0] = 1;
    second[1] = 8;
    w.add("idx-magic-byte0.idx", "magic starts 01", first,
          asImages(Outcome::Error, "byte 0: wrong magic"));
    w.add("idx-magic-byte1.idx", "magic 00 08", second,
          asImages(Outcome::Error, "byte 1: wrong magic"));
    for (const std::uint8_t type : {0x07, 0x09, 0x0B, 0x0C, 0x0D, 0x0E})
        w.add("idx-type-" + std::to_string(type) + ".idx", "element type " + std::to_string(type),
              idx({3, 2, 2}, Bytes(12, 1), type), asImages(Outcome::Error, "byte 2: data type"));
    noDims[3] = 0;
    w.add("idx-zero-dims.idx", "header declares 0 dimensions", noDims,
          asImages(Outcome::Error, "byte 3: the header declares 0 dimensions"));
    w.add("idx-zip.idx", "a zip file", Bytes{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0},
          asImages(Outcome::Error, "byte 0: wrong magic"));
    w.add("idx-gzip-garbage.idx.gz", "gzip magic then garbage",
          Bytes{0x1f, 0x8b, 0x08, 0, 0xde, 0xad, 0xbe, 0xef, 0, 3, 1, 2, 3, 4},
          asImages(Outcome::Error, "compressed byte"));
    Bytes little = idx({}, {});
    little[3] = 3;
    for (const std::uint32_t d : {3u, 2u, 2u})
        for (int shift = 0; shift <= 24; shift += 8)
            little.push_back(static_cast<std::uint8_t>(d >> shift));
    little.insert(little.end(), 12, 7);
    w.add("idx-little-endian.idx", "dimensions written little-endian", little,
          asImages(Outcome::Error, "byte 4: dimensions 50331648 x 33554432 x 33554432 overflow"));
}

void addBadCounts(CorpusWriter& w) {
    Bytes trailing = kImages;
    trailing.insert(trailing.end(), 5, 9);
    w.add("idx-trailing-bytes.idx", "5 bytes after the data", trailing,
          asImages(Outcome::Error, "byte 28: 5 bytes follow"));
    w.add("idx-count-too-high.idx", "claims 4 images, holds 3", idx({4, 2, 2}, Bytes(12, 1)),
          asImages(Outcome::Error, "byte 28: the header claims 4 x 2 x 2 = 16 bytes"));
    w.add("idx-two-labels.idx", "2 labels for 3 images", idx({2}, {1, 2}),
          {{"idx", Outcome::Read, ""}, {"mnist-labels", Outcome::Error, "byte 4: holds 2 labels"}});
    w.add("idx-zero-images.idx", "0 images", idx({0, 2, 2}, {}),
          {{"idx", Outcome::Read, ""}, {"mnist-images", Outcome::Error, "holds 3 labels but"}});
    w.add(
        "idx-zero-rows.idx", "images of 0 rows", idx({3, 0, 2}, {}),
        {{"idx", Outcome::Read, ""}, {"mnist-images", Outcome::Error, "byte 4: holds no pixels"}});
    w.add("idx-flat-images.idx", "images with 2 dimensions", idx({3, 4}, Bytes(12, 1)),
          {{"idx", Outcome::Read, ""},
           {"mnist-images", Outcome::Error, "byte 3: images have 2 dimensions"}});
    w.add("idx-label-10.idx", "label 10", idx({3}, {0, 10, 2}),
          {{"idx", Outcome::Read, ""},
           {"mnist-labels", Outcome::Error, "byte 9: label 10 of sample 1"}});
    w.add("idx-label-255.idx", "label 255", idx({3}, {255, 1, 2}),
          {{"idx", Outcome::Read, ""},
           {"mnist-labels", Outcome::Error, "byte 8: label 255 of sample 0"}});
}

void addOverflows(CorpusWriter& w) {
    w.add("idx-2pow31-images.idx", "claims 2^31 - 1 images of 28 x 28",
          idx({0x7FFFFFFF, 28, 28}, Bytes(64, 0)),
          asImages(Outcome::Error,
                   "byte 80: the header claims 2147483647 x 28 x 28 = 1683627179248 bytes"));
    w.add("idx-2pow31-images.idx.gz", "gzip, claims 2^31 images of 28 x 28",
          gzip(idx({0x80000000, 28, 28}, Bytes(64, 0))),
          asImages(Outcome::Error, "of memory but only"));
    w.add("idx-dims-overflow.idx", "5 dimensions of 2^32 - 1", idx({~0u, ~0u, ~0u, ~0u, ~0u}, {}),
          asImages(Outcome::Error, "byte 4: dimensions"));
    w.add("idx-255-dims-cut.idx", "255 dimensions, header cut short",
          Bytes{0, 0, 8, 255, 0, 0, 0, 1},
          asImages(Outcome::Error,
                   "byte 8: file ends inside the header: 255 dimensions need 1024 bytes"));
}

} // namespace

void addIdxFiles(CorpusWriter& writer) {
    addGood(writer);
    addTruncations(writer);
    addBadMagic(writer);
    addBadCounts(writer);
    addOverflows(writer);
}

} // namespace miniflow::corpus
