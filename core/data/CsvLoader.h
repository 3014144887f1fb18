#pragma once
#include "data/Dataset.h"

#include <string>
#include <vector>

namespace miniflow {

/// A parsed CSV table: header names and numeric cells.
struct CsvTable {
    std::vector<std::string> columns;
    std::size_t headerLine = 1; ///< 1-based source line of the header row
    std::vector<std::vector<double>> rows;
    std::vector<std::size_t> lines; ///< 1-based source line of each row, for error messages
};

struct CsvOptions {
    std::string target;          ///< target column name; empty = the last column
    bool classification = false; ///< targets must be whole numbers 0..K-1 (K = max + 1)
};

/// Reads a comma-separated file with a header row. Accepts LF and CRLF, a UTF-8 BOM,
/// double-quoted fields (with commas and "" escapes) and gzip (.gz). Every data row must
/// have the header's column count and every cell must parse as a finite number; errors
/// say "FILE:LINE:COLUMN: reason". Throws DataError.
CsvTable readCsv(const std::string& path);

/// readCsv + split into features (every other column) and the target column.
Dataset loadCsv(const std::string& path, const CsvOptions& options);

} // namespace miniflow
