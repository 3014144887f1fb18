#pragma once
/// Internal to the corpus: writes files and records what each reader must do with them.
#include "MalformedCorpus.h"

#include <cstdint>
#include <string>
#include <vector>

namespace miniflow::corpus {

using Bytes = std::vector<std::uint8_t>;

class CorpusWriter {
  public:
    explicit CorpusWriter(std::string folder);

    /// Writes `content` as `name` and records the expectations.
    void add(const std::string& name, const std::string& what, const Bytes& content,
             std::vector<Expectation> expect);
    void add(const std::string& name, const std::string& what, const std::string& content,
             std::vector<Expectation> expect);

    std::vector<CorpusFile> files() const { return files_; }

  private:
    std::string folder_;
    std::vector<CorpusFile> files_;
};

Bytes toBytes(const std::string& text);
/// `content` gzip-compressed (one member, default level).
Bytes gzip(const Bytes& content);
/// The first `length` bytes of `content`.
Bytes prefix(const Bytes& content, std::size_t length);

void addCsvFiles(CorpusWriter& writer);
void addIdxFiles(CorpusWriter& writer);
void addCifarFiles(CorpusWriter& writer);
void addGraphFiles(CorpusWriter& writer);

} // namespace miniflow::corpus
