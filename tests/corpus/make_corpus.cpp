// Writes the malformed corpus into a folder: `miniflow_make_corpus FOLDER` (fuzzing seeds).
#include "MalformedCorpus.h"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
        return 2;
    }
    try {
        std::printf("%zu files written to %s\n", miniflow::corpus::writeCorpus(argv[1]).size(),
                    argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
