#pragma once
/// Whole-file reading shared by the CSV, IDX and CIFAR readers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace miniflow {

/// The largest content (after decompression) a reader accepts by default: 1 GiB.
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

/// The whole content of `path`. Content starting with the gzip magic 1f 8b is inflated
/// (concatenated gzip members too). A file or an inflated content larger than `maxBytes`
/// is refused before it is held in memory, with a DataError saying how many bytes it needs,
/// and so is content larger than the memory available (NOTE [Memory budget]);
/// unreadable files and corrupt or truncated gzip data also throw DataError.
std::vector<std::uint8_t> readFileBytes(const std::string& path,
                                        std::size_t maxBytes = kMaxFileBytes);

/// The first `count` bytes of the content of `path` (inflated when gzip), fewer when the
/// content is shorter. A plain file is read only that far. Throws DataError like
/// readFileBytes.
std::vector<std::uint8_t> readFilePrefix(const std::string& path, std::size_t count);

/// The content size of a plain file, known without reading it; nullopt for gzip content
/// (its size is only known by inflating it). Throws DataError for unreadable paths.
std::optional<std::uint64_t> plainContentSize(const std::string& path);

/// `folder/name` when that file exists, else `folder/name.gz` when that exists, else "".
std::string findPlainOrGz(const std::string& folder, const std::string& name);

/// Throws DataError "PATH: byte OFFSET: REASON" (the binary readers' error format).
[[noreturn]] void throwAtByte(const std::string& path, std::uint64_t offset,
                              const std::string& reason);

} // namespace miniflow
