#pragma once
/// NOTE [Memory budget]
/// Readers compute what a dataset will need before they allocate it and refuse, with a
/// DataError saying "needs X GiB of memory, Y GiB available", what would not fit, instead
/// of letting the system kill the process. "Available" is /proc/meminfo's MemAvailable,
/// lowered by MINIFLOW_MEMORY_LIMIT (bytes, or with a K/M/G suffix) when that is set.
#include <cstdint>
#include <optional>
#include <string>

namespace miniflow {

/// Bytes this process can still allocate without swapping or being killed; nullopt when
/// neither /proc/meminfo nor MINIFLOW_MEMORY_LIMIT says (no check is made then).
std::optional<std::uint64_t> availableMemoryBytes();

/// "1.50 GiB" (or "12.0 MiB" below 1 GiB).
std::string formatBytes(std::uint64_t bytes);

/// Bytes a loaded dataset of `elements` float32 values needs at its peak: the values twice
/// (the train / validation split copies them) plus `fileBytes` of file content held while
/// reading. Saturates instead of overflowing.
std::uint64_t datasetPeakBytes(std::uint64_t elements, std::uint64_t fileBytes);

/// Throws DataError "PATH: WHAT needs X of memory but only Y is available (...)" when
/// `neededBytes` exceeds availableMemoryBytes().
void requireMemory(const std::string& path, const std::string& what, std::uint64_t neededBytes);

} // namespace miniflow
