// libFuzzer target: the CSV reader (plain and gzip), as regression, classification and
// with a named target column. Anything but a DataError naming the file is a finding.
#include "FuzzFile.h"

#include "data/CsvLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = miniflow::fuzz::writeInput(data, size, "input.csv");
    for (const miniflow::CsvOptions& options :
         {miniflow::CsvOptions{}, miniflow::CsvOptions{"", true},
          miniflow::CsvOptions{"y", false}}) {
        try {
            miniflow::loadCsv(path, options);
        } catch (const miniflow::DataError& e) {
            miniflow::fuzz::requireNamesFile(e.what(), path);
        }
    }
    return 0;
}
