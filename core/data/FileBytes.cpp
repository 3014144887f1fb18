#include "data/FileBytes.h"

#include "data/Dataset.h"
#include "data/MemoryBudget.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

namespace miniflow {

namespace {
namespace fs = std::filesystem;

constexpr std::size_t kInflateChunk = std::size_t{1} << 16;

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
    throw DataError(path + ": " + reason);
}

/// The size of the regular file `path`; DataError when it is missing or unreadable.
std::uint64_t regularFileSize(const std::string& path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error))
        fail(path, fs::exists(path, error) ? "not a regular file (give the path of a data file)"
                                           : "file not found (check the path)");
    const std::uintmax_t size = fs::file_size(path, error);
    if (error)
        fail(path, "cannot read the file size: " + error.message());
    return size;
}

/// The first `count` bytes of the file as stored (no decompression).
std::vector<std::uint8_t> readRawPrefix(const std::string& path, std::uint64_t size,
                                        std::size_t count) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, std::string("cannot open: ") + std::strerror(errno));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(std::min<std::uint64_t>(size, count)));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size()))
        fail(path, "read only " + std::to_string(in.gcount()) + " of " +
                       std::to_string(bytes.size()) +
                       " bytes (was the file changed while reading?)");
    return bytes;
}

std::vector<std::uint8_t> readRaw(const std::string& path, std::size_t maxBytes) {
    const std::uint64_t size = regularFileSize(path);
    if (size > maxBytes)
        fail(path, "the file needs " + std::to_string(size) + " bytes but the limit is " +
                       std::to_string(maxBytes) + " bytes (is this the right file?)");
    requireMemory(path, "reading the file", size);
    return readRawPrefix(path, size, static_cast<std::size_t>(size));
}

bool isGzip(const std::vector<std::uint8_t>& bytes) {
    return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

/// The gzip trailer's size field: the last member's inflated size mod 2^32.
std::uint64_t trailerSize(const std::vector<std::uint8_t>& packed) {
    if (packed.size() < 4)
        return 0;
    const std::uint8_t* t = packed.data() + packed.size() - 4;
    return std::uint64_t{t[0]} | std::uint64_t{t[1]} << 8 | std::uint64_t{t[2]} << 16 |
           std::uint64_t{t[3]} << 24;
}

/// What the file needs after decompression, for the "too large" message: the trailer's
/// size when it exceeds the limit.
std::string neededBytes(const std::vector<std::uint8_t>& packed, std::size_t maxBytes) {
    const std::uint64_t claimed = trailerSize(packed);
    return claimed > maxBytes ? std::to_string(claimed) : "more than " + std::to_string(maxBytes);
}

/// Owns a zlib inflate stream for gzip input.
struct Inflater {
    z_stream stream{};
    explicit Inflater(const std::string& path) {
        if (inflateInit2(&stream, 15 + 16) != Z_OK)
            fail(path, "cannot start zlib (out of memory?)");
    }
    ~Inflater() { inflateEnd(&stream); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
};

/// Inflates `packed`, stopping once `stopAfter` bytes are out (the result is cut there).
std::vector<std::uint8_t> inflateGzip(const std::string& path,
                                      const std::vector<std::uint8_t>& packed, std::size_t maxBytes,
                                      std::size_t stopAfter) {
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> chunk(kInflateChunk);
    Inflater inflater(path);
    z_stream& z = inflater.stream;
    const std::uint8_t* const end = packed.data() + packed.size();
    z.next_in = const_cast<Bytef*>(packed.data());
    for (;;) {
        if (z.avail_in == 0)
            z.avail_in = static_cast<uInt>(std::min<std::size_t>(end - z.next_in, 1u << 30));
        z.next_out = chunk.data();
        z.avail_out = static_cast<uInt>(chunk.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = chunk.size() - z.avail_out;
        const std::uint64_t at = static_cast<std::uint64_t>(z.next_in - packed.data());
        if (out.size() + produced > maxBytes)
            fail(path, "the file needs " + neededBytes(packed, maxBytes) +
                           " bytes after decompression but the limit is " +
                           std::to_string(maxBytes) + " bytes (is this the right file?)");
        out.insert(out.end(), chunk.data(), chunk.data() + produced);
        if (out.size() >= stopAfter) {
            out.resize(stopAfter);
            return out;
        }
        if (rc == Z_STREAM_END) {
            if (z.next_in == end)
                return out;
            inflateReset(&z); // another gzip member follows
        } else if (rc == Z_BUF_ERROR && z.next_in == end) {
            fail(path, "compressed byte " + std::to_string(at) +
                           ": gzip data ends early (truncated download? fetch it again)");
        } else if (rc != Z_OK) {
            fail(path, "compressed byte " + std::to_string(at) + ": corrupt gzip data (" +
                           (z.msg ? z.msg : "zlib error") +
                           "; check it with `gzip -t` and fetch it again)");
        }
    }
}
} // namespace

std::vector<std::uint8_t> readFileBytes(const std::string& path, std::size_t maxBytes) {
    std::vector<std::uint8_t> bytes = readRaw(path, maxBytes);
    if (!isGzip(bytes))
        return bytes;
    requireMemory(path, "the decompressed file", bytes.size() + trailerSize(bytes));
    return inflateGzip(path, bytes, maxBytes, std::numeric_limits<std::size_t>::max());
}

std::vector<std::uint8_t> readFilePrefix(const std::string& path, std::size_t count) {
    const std::uint64_t size = regularFileSize(path);
    std::vector<std::uint8_t> head = readRawPrefix(path, size, std::max<std::size_t>(count, 2));
    if (!isGzip(head)) {
        head.resize(std::min(head.size(), count));
        return head;
    }
    return inflateGzip(path, readRaw(path, kMaxFileBytes), kMaxFileBytes, count);
}

std::optional<std::uint64_t> plainContentSize(const std::string& path) {
    const std::uint64_t size = regularFileSize(path);
    if (isGzip(readRawPrefix(path, size, 2)))
        return std::nullopt;
    return size;
}

std::string findPlainOrGz(const std::string& folder, const std::string& name) {
    std::error_code error;
    for (const fs::path& candidate : {fs::path(folder) / name, fs::path(folder) / (name + ".gz")})
        if (fs::is_regular_file(candidate, error))
            return candidate.string();
    return {};
}

void throwAtByte(const std::string& path, std::uint64_t offset, const std::string& reason) {
    fail(path, "byte " + std::to_string(offset) + ": " + reason);
}

} // namespace miniflow
