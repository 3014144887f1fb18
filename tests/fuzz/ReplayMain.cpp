// Runs a fuzz target's LLVMFuzzerTestOneInput on files instead of fuzzing: every file
// given, every file inside a folder given, and with `--corpus FOLDER` the malformed corpus
// written into FOLDER first. A finding aborts, failing the test that runs this.
#include "MalformedCorpus.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

int replayFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return 1;
}

int replay(const fs::path& path) {
    if (!fs::is_directory(path))
        return replayFile(path);
    int count = 0;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
            count += replayFile(entry.path());
    return count;
}

} // namespace

int main(int argc, char** argv) {
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--corpus" && i + 1 < argc) {
            miniflow::corpus::writeCorpus(argv[++i]);
            count += replay(argv[i]);
        } else {
            count += replay(argument);
        }
    }
    std::printf("%d inputs replayed without a finding\n", count);
    return count > 0 ? 0 : 1;
}
