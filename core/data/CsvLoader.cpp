#include "data/CsvLoader.h"

#include "data/FileBytes.h"
#include "data/MemoryBudget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

namespace miniflow {

namespace {

/// Class indices above this are taken for a mistake (a regression column, a typo).
constexpr double kMaxClasses = 10000;
constexpr std::size_t kMaxQuotedCell = 40;

struct CsvRecord {
    std::size_t line = 0;            ///< 1-based line where the record starts
    std::vector<std::string> fields; ///< unquoted, unescaped; unquoted fields trimmed
};

[[noreturn]] void failAt(const std::string& path, std::size_t line, std::size_t column,
                         const std::string& reason) {
    throw DataError(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                    reason);
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// `"text"` for messages: shortened, control characters shown as '?'.
std::string quoted(std::string_view text) {
    std::string out(text.substr(0, kMaxQuotedCell));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    return "\"" + out + (text.size() > kMaxQuotedCell ? "...\"" : "\"");
}

std::string formatNumber(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

/// Splits CSV text into records: commas between fields, LF / CRLF / CR between records,
/// double-quoted fields may hold commas, line breaks and "" escapes. Blank lines are skipped.
class CsvScanner {
  public:
    CsvScanner(const std::string& path, std::string_view text) : path_(path), text_(text) {}

    /// The next non-blank record; false at the end of the text.
    bool next(CsvRecord& record) {
        while (!atEnd()) {
            record.line = line_;
            record.fields.clear();
            for (;;) {
                record.fields.push_back(readField(record.fields.size() + 1));
                if (atEnd() || text_[pos_] != ',')
                    break;
                ++pos_;
            }
            endLine();
            if (record.fields.size() > 1 || !record.fields[0].empty())
                return true;
        }
        return false;
    }
    std::size_t line() const { return line_; }

  private:
    bool atEnd() const { return pos_ >= text_.size(); }
    bool atFieldEnd() const { return atEnd() || text_[pos_] == ',' || isLineBreak(text_[pos_]); }
    static bool isLineBreak(char c) { return c == '\n' || c == '\r'; }
    void skipBlanks() {
        while (!atEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
            ++pos_;
    }

    std::string readField(std::size_t column) {
        skipBlanks();
        if (!atEnd() && text_[pos_] == '"')
            return readQuoted(column);
        const std::size_t start = pos_;
        while (!atFieldEnd())
            ++pos_;
        return std::string(trim(text_.substr(start, pos_ - start)));
    }

    std::string readQuoted(std::size_t column) {
        const std::size_t openLine = line_;
        std::string out;
        for (++pos_;; ++pos_) {
            if (atEnd())
                failAt(path_, openLine, column,
                       "quoted field is never closed (add the closing \")");
            const char c = text_[pos_];
            if (c == '"' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '"'))
                break;
            if (c == '"')
                ++pos_; // "" stands for one quote
            if (c == '\n')
                ++line_;
            out += c;
        }
        ++pos_;
        skipBlanks();
        if (!atFieldEnd())
            failAt(path_, line_, column,
                   "unexpected text after the closing quote (quote the whole field and write "
                   "\"\" for a quote inside it)");
        return out;
    }

    void endLine() {
        if (atEnd())
            return;
        if (text_[pos_] == '\r')
            ++pos_;
        if (!atEnd() && text_[pos_] == '\n')
            ++pos_;
        ++line_;
    }

    const std::string& path_;
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

std::vector<std::string> readHeader(const std::string& path, const CsvRecord& header) {
    std::vector<std::string> names;
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        std::string name(trim(header.fields[c]));
        if (name.empty())
            failAt(path, header.line, c + 1,
                   "column " + std::to_string(c + 1) +
                       " has no name (give every column a name in the header row)");
        for (std::size_t k = 0; k < names.size(); ++k)
            if (names[k] == name)
                failAt(path, header.line, c + 1,
                       "column name " + quoted(name) + " repeats column " + std::to_string(k + 1) +
                           " (column names must be unique)");
        names.push_back(std::move(name));
    }
    return names;
}

double parseCell(const std::string& path, std::size_t line, std::size_t column,
                 const std::string& columnName, std::string_view cell) {
    const std::string where = " in column " + quoted(columnName);
    cell = trim(cell);
    if (cell.empty())
        failAt(path, line, column,
               "empty cell" + where +
                   " (every cell must be numeric; fill it in or remove the row)");
    std::string_view digits = cell;
    if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-')
        digits.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    const bool outOfRange = error == std::errc::result_out_of_range;
    if ((error != std::errc() && !outOfRange) || end != digits.data() + digits.size())
        failAt(path, line, column,
               "cell " + quoted(cell) + where +
                   " is not a number (every cell must be numeric; fix or remove the row)");
    if (outOfRange || !std::isfinite(value) || std::abs(value) > std::numeric_limits<float>::max())
        failAt(path, line, column,
               "cell " + quoted(cell) + where +
                   " is not a finite float32 number (NaN, infinity and huge values are not "
                   "allowed; fill in a real value or remove the row)");
    return value;
}

std::vector<double> parseRow(const std::string& path, const CsvRecord& record,
                             const std::vector<std::string>& columns) {
    const std::size_t count = record.fields.size();
    if (count != columns.size())
        failAt(path, record.line, std::min(count, columns.size()) + 1,
               "row has " + std::to_string(count) + " cells but the header has " +
                   std::to_string(columns.size()) + " columns (every row needs exactly " +
                   std::to_string(columns.size()) + " cells; fix or remove the row)");
    std::vector<double> row(count);
    for (std::size_t c = 0; c < count; ++c)
        row[c] = parseCell(path, record.line, c + 1, columns[c], record.fields[c]);
    return row;
}

std::size_t findTarget(const std::string& path, const CsvTable& table, const std::string& name) {
    if (name.empty())
        return table.columns.size() - 1;
    const std::string wanted(trim(name));
    std::string available;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c] == wanted)
            return c;
        available += (c ? ", " : "") + table.columns[c];
    }
    failAt(path, table.headerLine, 1,
           "no target column named " + quoted(wanted) + " (available columns: " + available +
               "; choose one of these as the target)");
}

/// Checks that every target is a class index and returns max + 1.
int countClasses(const std::string& path, const CsvTable& table, std::size_t target) {
    double largest = 0;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const double value = table.rows[r][target];
        const std::string cell =
            "target " + formatNumber(value) + " in column " + quoted(table.columns[target]);
        if (value < 0 || value != std::floor(value))
            failAt(path, table.lines[r], target + 1,
                   cell + " is not a whole number >= 0 (classification targets are class "
                          "indices 0, 1, 2, ...; fix the row or train a regression)");
        if (value >= kMaxClasses)
            failAt(path, table.lines[r], target + 1,
                   cell + " is too large a class index (at most " + formatNumber(kMaxClasses) +
                       " classes; is this a regression target?)");
        largest = std::max(largest, value);
    }
    return static_cast<int>(largest) + 1;
}

/// An upper bound of what loading a table of `columns` columns from `text` needs at its
/// peak: at most one row per line break, each cell as a double in the CsvTable and twice
/// as float32 in the Dataset, the per-row bookkeeping, and the text itself.
std::uint64_t tablePeakBytes(std::string_view text, std::size_t columns) {
    const auto rows = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    const std::uint64_t cells = rows * columns;
    return datasetPeakBytes(cells, text.size()) + cells * sizeof(double) +
           rows * (sizeof(std::vector<double>) + sizeof(std::size_t));
}

} // namespace

CsvTable readCsv(const std::string& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    CsvScanner scanner(path, text);
    CsvRecord record;
    if (!scanner.next(record))
        failAt(path, scanner.line(), 1,
               "empty file (expected a header row of column names, then rows of numbers)");
    CsvTable table;
    table.columns = readHeader(path, record);
    table.headerLine = record.line;
    requireMemory(path, "loading the table", tablePeakBytes(text, table.columns.size()));
    while (scanner.next(record)) {
        table.rows.push_back(parseRow(path, record, table.columns));
        table.lines.push_back(record.line);
    }
    if (table.rows.empty())
        failAt(path, scanner.line(), 1,
               "the header has no data rows below it (add at least one row of numbers)");
    return table;
}

Dataset loadCsv(const std::string& path, const CsvOptions& options) {
    const CsvTable table = readCsv(path);
    if (table.columns.size() < 2)
        failAt(path, table.headerLine, 1,
               "only one column (need at least one feature column besides the target)");
    const std::size_t target = findTarget(path, table, options.target);
    const auto samples = static_cast<Index>(table.rows.size());
    const auto features = static_cast<Index>(table.columns.size() - 1);
    Dataset data;
    data.features.resize(samples, features);
    data.targets.resize(samples, 1);
    for (Index r = 0; r < samples; ++r) {
        const std::vector<double>& row = table.rows[static_cast<std::size_t>(r)];
        Index f = 0;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const auto value = static_cast<float>(row[c]);
            if (c == target)
                data.targets(r, 0) = value;
            else
                data.features(r, f++) = value;
        }
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (c != target)
            data.featureNames.push_back(table.columns[c]);
    data.targetName = table.columns[target];
    if (options.classification)
        data.classes = countClasses(path, table, target);
    return data;
}

} // namespace miniflow
