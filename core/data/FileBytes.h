#pragma once
/// Whole-file reading shared by the CSV, IDX and CIFAR readers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace miniflow {

/// The largest content (after decompression) a reader accepts by default: 1 GiB.
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

/// The whole content of `path`. Content starting with the gzip magic 1f 8b is inflated
/// (concatenated gzip members too). A file or an inflated content larger than `maxBytes`
/// is refused before it is held in memory, with a DataError saying how many bytes it needs;
/// unreadable files and corrupt or truncated gzip data also throw DataError.
std::vector<std::uint8_t> readFileBytes(const std::string& path,
                                        std::size_t maxBytes = kMaxFileBytes);

/// `folder/name` when that file exists, else `folder/name.gz` when that exists, else "".
std::string findPlainOrGz(const std::string& folder, const std::string& name);

/// Throws DataError "PATH: byte OFFSET: REASON" (the binary readers' error format).
[[noreturn]] void throwAtByte(const std::string& path, std::uint64_t offset,
                              const std::string& reason);

} // namespace miniflow
