#pragma once
/// A corpus of malformed (and a few tricky but valid) input files for every reader, written
/// at test time: truncations at many offsets, wrong magic numbers and counts, overflowing
/// dimensions, out-of-range labels, empty files, ragged and non-numeric CSV, BOM / CRLF /
/// quoted commas, NaN and Inf cells, broken and semantically wrong graph JSON.
#include <string>
#include <vector>

namespace miniflow::corpus {

/// The readers a corpus file is run through (see tst_reader_corpus):
/// csv (last column, regression), csv-classes (last column, classification), csv-target-y
/// (target column "y"), idx (one IDX file), mnist-images / mnist-labels (an IDX pair with
/// the good labels / images of the corpus), cifar (one CIFAR-10 batch), graph (graph file
/// + Plan::check for training).
inline const std::vector<std::string> kReaders{
    "csv", "csv-classes", "csv-target-y", "idx", "mnist-images", "mnist-labels", "cifar", "graph"};

enum class Outcome {
    Error,    ///< the reader throws its error type naming the file, position and `mention`
    Read,     ///< the reader succeeds
    Either,   ///< either a clean error or a read (e.g. a CSV cut after a whole row)
    Diagnosed ///< graph only: the file reads, Plan::check reports a problem naming a node
};

/// What one reader must do with one file; readers not listed may do Either.
struct Expectation {
    std::string reader;
    Outcome outcome = Outcome::Error;
    std::string mention; ///< substring of the error (position and reason), "" for none
};

struct CorpusFile {
    std::string name; ///< file name inside the corpus folder
    std::string what; ///< what is wrong (or tricky) about it
    std::vector<Expectation> expect;
};

/// The good IDX pair the mnist-images / mnist-labels readers pair corpus files with.
inline constexpr const char* kGoodImages = "idx-good-images.idx";
inline constexpr const char* kGoodLabels = "idx-good-labels.idx";

/// Writes every corpus file into `folder` (created if needed) and lists them.
std::vector<CorpusFile> writeCorpus(const std::string& folder);

} // namespace miniflow::corpus
