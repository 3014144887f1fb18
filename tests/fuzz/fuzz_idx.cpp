// libFuzzer target: the IDX reader (plain and gzip) alone and as an images / labels pair
// with a valid partner. Anything but a DataError naming the file is a finding.
#include "FuzzFile.h"

#include "data/IdxLoader.h"

namespace {

const std::uint8_t kImages[] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 7, 8, 9, 10};
const std::uint8_t kLabels[] = {0, 0, 8, 1, 0, 0, 0, 2, 3, 4};

template <typename Action> void expectDataError(Action action, const std::string& path) {
    try {
        action();
    } catch (const miniflow::DataError& e) {
        miniflow::fuzz::requireNamesFile(e.what(), path);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string images =
        miniflow::fuzz::writeInput(kImages, sizeof kImages, "images.idx");
    static const std::string labels =
        miniflow::fuzz::writeInput(kLabels, sizeof kLabels, "labels.idx");
    const std::string path = miniflow::fuzz::writeInput(data, size, "input.idx");
    expectDataError([&] { miniflow::readIdx(path); }, path);
    expectDataError([&] { miniflow::loadIdxPair(path, labels); }, path);
    expectDataError([&] { miniflow::loadIdxPair(images, path); }, path);
    return 0;
}
