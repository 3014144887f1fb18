#include "export/NpyFile.h"

#include "export/ExportError.h"

#include <bit>
#include <cstdint>
#include <fstream>

namespace miniflow {

namespace {

/// The header dictionary, padded with spaces so that magic + lengths + header is a
/// multiple of 64 bytes and ends with a newline, as the format asks.
std::string npyHeader(const Tensor& values) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(values.rows()) + ", " + std::to_string(values.cols()) +
                         "), }";
    const size_t prefix = 6 + 2 + 2; // magic, version, header length
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    return header + '\n';
}

} // namespace

void writeNpy(const std::string& path, const Tensor& values) {
    static_assert(std::endian::native == std::endian::little,
                  "the .npy writer assumes a little-endian machine");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const std::string header = npyHeader(values);
    const auto length = static_cast<std::uint16_t>(header.size());
    out.write("\x93NUMPY\x01\x00", 8);
    out.put(static_cast<char>(length & 0xff)).put(static_cast<char>(length >> 8));
    out << header;
    out.write(reinterpret_cast<const char*>(values.data()),
              static_cast<std::streamsize>(values.size() * static_cast<Index>(sizeof(float))));
    if (!out.flush())
        throw ExportError(path +
                          ": cannot write the file (check the folder exists and is writable)");
}

} // namespace miniflow
