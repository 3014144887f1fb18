// libFuzzer target: the CIFAR-10 binary batch reader (plain and gzip). Anything but a
// DataError naming the file is a finding.
#include "FuzzFile.h"

#include "data/CifarLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = miniflow::fuzz::writeInput(data, size, "batch.bin");
    try {
        miniflow::loadCifarBatches({path});
    } catch (const miniflow::DataError& e) {
        miniflow::fuzz::requireNamesFile(e.what(), path);
    }
    return 0;
}
