#pragma once
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and the masked form TFRecord files
/// store (NOTE [TFRecord framing]).
#include <cstddef>
#include <cstdint>

namespace miniflow {

std::uint32_t crc32c(const void* data, std::size_t size);
/// ((crc >> 15) | (crc << 17)) + 0xa282ead8, all in 32 bits.
std::uint32_t maskedCrc32c(const void* data, std::size_t size);

} // namespace miniflow
