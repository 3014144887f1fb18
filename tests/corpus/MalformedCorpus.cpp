#include "CorpusWriter.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace miniflow::corpus {

CorpusWriter::CorpusWriter(std::string folder) : folder_(std::move(folder)) {
    std::filesystem::create_directories(folder_);
}

void CorpusWriter::add(const std::string& name, const std::string& what, const Bytes& content,
                       std::vector<Expectation> expect) {
    std::ofstream out(std::filesystem::path(folder_) / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(content.data()),
              static_cast<std::streamsize>(content.size()));
    if (!out)
        throw std::runtime_error("cannot write corpus file " + folder_ + "/" + name);
    files_.push_back(CorpusFile{name, what, std::move(expect)});
}

void CorpusWriter::add(const std::string& name, const std::string& what, const std::string& content,
                       std::vector<Expectation> expect) {
    add(name, what, toBytes(content), std::move(expect));
}

Bytes toBytes(const std::string& text) {
    return Bytes(text.begin(), text.end());
}

Bytes gzip(const Bytes& content) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib deflateInit2 failed");
    Bytes out(deflateBound(&z, static_cast<uLong>(content.size())) + 32);
    z.next_in = const_cast<Bytef*>(content.data());
    z.avail_in = static_cast<uInt>(content.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("zlib deflate failed");
    return out;
}

Bytes prefix(const Bytes& content, std::size_t length) {
    return Bytes(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(length));
}

std::vector<CorpusFile> writeCorpus(const std::string& folder) {
    CorpusWriter writer(folder);
    addCsvFiles(writer);
    addIdxFiles(writer);
    addCifarFiles(writer);
    addGraphFiles(writer);
    return writer.files();
}

} // namespace miniflow::corpus
