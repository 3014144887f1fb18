#pragma once
/// Shared by the fuzz targets: the readers take paths, so each input is written to a file
/// first (one per process, under /dev/shm when present), and the one rule every reader
/// error must follow is checked.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace miniflow::fuzz {

/// Writes `size` bytes to this process's fuzz file `name` and returns its path.
inline std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const std::filesystem::path folder = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    const std::string path =
        (folder / ("miniflow-fuzz-" + std::to_string(::getpid()) + "-" + name)).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

/// Aborts (a finding) when a reader's error message does not name the file it read.
inline void requireNamesFile(const std::string& message, const std::string& path) {
    if (message.find(path) == std::string::npos) {
        std::fprintf(stderr, "error message does not name %s: %s\n", path.c_str(), message.c_str());
        std::abort();
    }
}

} // namespace miniflow::fuzz
