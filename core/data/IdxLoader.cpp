#include "data/IdxLoader.h"

#include "data/FileBytes.h"
#include "data/MemoryBudget.h"

#include <array>
#include <limits>

namespace miniflow {

namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr int kDigits = 10;

std::string typeName(std::uint8_t code) {
    switch (code) {
    case 0x09:
        return "signed byte";
    case 0x0B:
        return "16-bit integer";
    case 0x0C:
        return "32-bit integer";
    case 0x0D:
        return "float";
    case 0x0E:
        return "double";
    default:
        return "unknown";
    }
}

std::string hexByte(std::uint8_t value) {
    constexpr char kHex[] = "0123456789abcdef";
    return std::string("0x") + kHex[value >> 4] + kHex[value & 15];
}

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
           std::uint32_t{p[3]};
}

std::string joinDims(const std::vector<std::uint32_t>& dims) {
    std::string text;
    for (std::size_t i = 0; i < dims.size(); ++i)
        text += (i ? " x " : "") + std::to_string(dims[i]);
    return text;
}

/// Checks the 4 magic bytes 00 00 08 NN and returns NN, the dimension count.
std::size_t readMagic(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < 4)
        throwAtByte(path, bytes.size(),
                    "file ends inside the 4-byte magic number after " +
                        std::to_string(bytes.size()) +
                        " bytes (an IDX file starts with 00 00 08 NN; truncated? fetch it again)");
    if (bytes[0] != 0 || bytes[1] != 0)
        throwAtByte(path, bytes[0] != 0 ? 0 : 1,
                    "wrong magic number " + hexByte(bytes[0]) + " " + hexByte(bytes[1]) +
                        " (an IDX file starts with 00 00 08 NN; is this an MNIST file?)");
    if (bytes[2] != kUnsignedByte)
        throwAtByte(path, 2,
                    "data type " + hexByte(bytes[2]) + " (" + typeName(bytes[2]) +
                        ") is not supported (only unsigned bytes, 0x08, as in MNIST)");
    if (bytes[3] == 0)
        throwAtByte(path, 3,
                    "the header declares 0 dimensions (expected 1 for labels, 3 for images)");
    return bytes[3];
}

/// The product of `dims`: the data bytes the header claims. Throws when it overflows.
std::uint64_t claimedDataBytes(const std::string& path, const std::vector<std::uint32_t>& dims) {
    std::uint64_t product = 1;
    for (const std::uint32_t dim : dims) {
        if (dim != 0 && product > std::numeric_limits<std::uint64_t>::max() / dim)
            throwAtByte(path, 4,
                        "dimensions " + joinDims(dims) +
                            " overflow a 64-bit size (corrupt header)");
        product *= dim;
    }
    return product;
}

/// Throws unless the dimensions describe exactly the `available` bytes after the header.
void checkDataSize(const std::string& path, const std::vector<std::uint32_t>& dims,
                   std::uint64_t available, std::uint64_t headerSize) {
    const std::uint64_t product = claimedDataBytes(path, dims);
    if (product > available)
        throwAtByte(path, headerSize + available,
                    "the header claims " + joinDims(dims) + " = " + std::to_string(product) +
                        " bytes of data but only " + std::to_string(available) +
                        " follow (truncated file? fetch it again)");
    if (product < available)
        throwAtByte(path, headerSize + product,
                    std::to_string(available - product) +
                        " bytes follow the data the header describes (" + joinDims(dims) +
                        "; wrong or corrupt file)");
}

/// Reads and checks the magic number and the dimensions, nothing more.
std::vector<std::uint32_t> readHeader(const std::string& path) {
    const std::size_t ndims = readMagic(path, readFilePrefix(path, 4));
    const std::size_t headerSize = 4 + 4 * ndims;
    const std::vector<std::uint8_t> header = readFilePrefix(path, headerSize);
    if (header.size() < headerSize)
        throwAtByte(path, header.size(),
                    "file ends inside the header: " + std::to_string(ndims) + " dimensions need " +
                        std::to_string(headerSize) + " bytes but it has " +
                        std::to_string(header.size()) + " (truncated? fetch it again)");
    std::vector<std::uint32_t> dims;
    for (std::size_t d = 0; d < ndims; ++d)
        dims.push_back(bigEndian32(&header[4 + 4 * d]));
    return dims;
}

std::uint32_t countOf(const IdxArray& array) {
    return array.dims.front();
}

void checkPair(const std::string& imagesPath, const IdxArray& images, const std::string& labelsPath,
               const IdxArray& labels) {
    if (images.dims.size() != 3)
        throwAtByte(imagesPath, 3,
                    "images have " + std::to_string(images.dims.size()) +
                        " dimensions; expected 3, count x rows x cols (swapped with the labels?)");
    if (labels.dims.size() != 1)
        throwAtByte(labelsPath, 3,
                    "labels have " + std::to_string(labels.dims.size()) +
                        " dimensions; expected 1, count (swapped with the images?)");
    if (countOf(images) != countOf(labels))
        throwAtByte(labelsPath, 4,
                    "holds " + std::to_string(countOf(labels)) + " labels but " + imagesPath +
                        " holds " + std::to_string(countOf(images)) +
                        " images (pair train with train and t10k with t10k)");
    if (countOf(images) == 0 || images.dims[1] == 0 || images.dims[2] == 0)
        throwAtByte(imagesPath, 4,
                    "holds no pixels (" + joinDims(images.dims) +
                        "; nothing to train on, wrong file?)");
    for (std::size_t i = 0; i < labels.bytes.size(); ++i)
        if (labels.bytes[i] >= kDigits)
            throwAtByte(labelsPath, 8 + i,
                        "label " + std::to_string(labels.bytes[i]) + " of sample " +
                            std::to_string(i) + " is outside 0..9 (wrong or corrupt file)");
}

} // namespace

IdxArray readIdx(const std::string& path) {
    IdxArray array;
    array.dims = readHeader(path);
    const std::uint64_t headerSize = 4 + 4 * std::uint64_t{array.dims.size()};
    const std::uint64_t claimed = claimedDataBytes(path, array.dims);
    if (const std::optional<std::uint64_t> size = plainContentSize(path))
        checkDataSize(path, array.dims, *size - headerSize, headerSize);
    requireMemory(path, "loading " + joinDims(array.dims) + " bytes as float32",
                  datasetPeakBytes(claimed, headerSize + claimed));
    std::vector<std::uint8_t> bytes = readFileBytes(path);
    checkDataSize(path, array.dims, bytes.size() - headerSize, headerSize);
    bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(headerSize));
    array.bytes = std::move(bytes);
    return array;
}

Dataset loadIdxPair(const std::string& imagesPath, const std::string& labelsPath) {
    const IdxArray images = readIdx(imagesPath);
    const IdxArray labels = readIdx(labelsPath);
    checkPair(imagesPath, images, labelsPath, labels);
    const auto count = static_cast<Index>(countOf(images));
    const auto rows = static_cast<Index>(images.dims[1]);
    const auto cols = static_cast<Index>(images.dims[2]);
    Dataset data;
    data.features =
        Eigen::Map<
            const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            images.bytes.data(), count, rows * cols)
            .cast<float>();
    data.targets =
        Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>>(labels.bytes.data(), count)
            .cast<float>();
    data.classes = kDigits;
    data.targetName = "label";
    data.sampleDims = {1, rows, cols};
    return data;
}

TrainTest loadMnistFolder(const std::string& folder) {
    const std::array<std::string, 4> names{"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    std::array<std::string, 4> paths;
    for (std::size_t i = 0; i < names.size(); ++i) {
        paths[i] = findPlainOrGz(folder, names[i]);
        if (paths[i].empty())
            throw DataError(folder + ": missing " + names[i] + " (or " + names[i] +
                            ".gz); an MNIST folder needs train-images-idx3-ubyte, "
                            "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                            "t10k-labels-idx1-ubyte, each optionally gzip-compressed");
    }
    return TrainTest{loadIdxPair(paths[0], paths[1]), loadIdxPair(paths[2], paths[3])};
}

} // namespace miniflow
