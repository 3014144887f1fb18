// CSV corpus: truncations, ragged rows, bad cells, tricky-but-valid formatting, gzip.
#include "CorpusWriter.h"

#include <algorithm>

namespace miniflow::corpus {

namespace {

const std::string kGood = "a,y,label\n0.5,1,0\n-2,300,1\n4,5,2\n";
/// Valid too: a BOM, CRLF line ends, quoted fields with commas and "" escapes.
const std::string kTricky =
    "\xEF\xBB\xBF\"a, first\",y,\"la\"\"bel\"\r\n\"1.5\",2,0\r\n3,\"4\",1\r\n";

std::vector<Expectation> allCsv(Outcome outcome, const std::string& mention = {}) {
    return {{"csv", outcome, mention},
            {"csv-classes", outcome, mention},
            {"csv-target-y", outcome, mention}};
}

/// A prefix of kGood reads when it holds the header and at least one whole row (the last
/// column's cells are single digits, so a row is whole once its third cell starts).
Outcome truncatedOutcome(const std::string& text) {
    std::string body = text;
    if (!body.empty() && body.back() == '\n')
        body.pop_back();
    const auto lines = std::count(body.begin(), body.end(), '\n') + 1;
    const std::string last =
        body.substr(body.rfind('\n') == std::string::npos ? 0 : body.rfind('\n') + 1);
    const bool whole =
        !last.empty() && std::count(last.begin(), last.end(), ',') == 2 && last.back() != ',';
    return lines >= 2 && whole ? Outcome::Read : Outcome::Error;
}

void addTruncations(CorpusWriter& w) {
    for (std::size_t cut = 0; cut < kGood.size(); ++cut) {
        const std::string text = kGood.substr(0, cut);
        const Outcome outcome = cut == 0 ? Outcome::Error : truncatedOutcome(text);
        w.add("csv-cut-" + std::to_string(cut) + ".csv",
              "good CSV cut after " + std::to_string(cut) + " bytes", text,
              allCsv(outcome, cut == 0 ? ":1:1: empty file" : ""));
    }
    for (std::size_t cut = 0; cut < kTricky.size(); ++cut)
        w.add("csv-tricky-cut-" + std::to_string(cut) + ".csv",
              "BOM / CRLF / quoted CSV cut after " + std::to_string(cut) + " bytes",
              kTricky.substr(0, cut), {});
}

void addValidVariants(CorpusWriter& w) {
    w.add("csv-good.csv", "valid", kGood, allCsv(Outcome::Read));
    w.add("csv-bom-crlf-quoted.csv", "UTF-8 BOM, CRLF, quoted commas and quotes", kTricky,
          {{"csv", Outcome::Read, ""},
           {"csv-classes", Outcome::Read, ""},
           {"csv-target-y", Outcome::Read, ""}});
    w.add("csv-cr-only.csv", "old Mac CR line ends", "a,y,label\r1,2,0\r3,4,1\r",
          allCsv(Outcome::Read));
    w.add("csv-blank-lines-spaces.csv", "blank lines and spaces around cells",
          "a , y,label\n\n 1 , 2 ,0\n\n3,4,1\n", allCsv(Outcome::Read));
    w.add("csv-number-forms.csv", "+1, -0, 1e3, 0.5", "a,y,label\n+1,-0,0\n1e3,0.5,1\n",
          allCsv(Outcome::Read));
    w.add("csv-quoted-newline.csv", "a column name with a line break inside quotes",
          "\"a\nb\",y,label\n1,2,0\n", allCsv(Outcome::Read));
    w.add("csv-utf8-names.csv", "non-ASCII column names", "\xCE\xB1,y,label\n1,2,0\n",
          allCsv(Outcome::Read));
    w.add("csv-good.csv.gz", "gzip-compressed", gzip(toBytes(kGood)), allCsv(Outcome::Read));
}

void addStructureErrors(CorpusWriter& w) {
    w.add("csv-empty.csv", "empty file", "", allCsv(Outcome::Error, ":1:1: empty file"));
    w.add("csv-bom-only.csv", "only a BOM", "\xEF\xBB\xBF",
          allCsv(Outcome::Error, ":1:1: empty file"));
    w.add("csv-only-newlines.csv", "only line breaks", "\n\n\n",
          allCsv(Outcome::Error, "empty file"));
    w.add("csv-header-only.csv", "header without rows", "a,y,label\n",
          allCsv(Outcome::Error, "no data rows"));
    w.add("csv-ragged-short.csv", "a row with too few cells", "a,y,label\n1,2,0\n3,4\n",
          allCsv(Outcome::Error, ":3:3: row has 2 cells"));
    w.add("csv-ragged-long.csv", "a row with too many cells", "a,y,label\n1,2,0,9\n",
          allCsv(Outcome::Error, ":2:4: row has 4 cells"));
    w.add("csv-unclosed-quote.csv", "a quote never closed", "a,y,label\n1,\"2,0\n",
          allCsv(Outcome::Error, ":2:2: quoted field is never closed"));
    w.add("csv-text-after-quote.csv", "text after a closing quote", "a,y,label\n1,\"2\"x,0\n",
          allCsv(Outcome::Error, ":2:2: unexpected text"));
    w.add("csv-duplicate-column.csv", "two columns named a", "a, a,label\n1,2,0\n",
          allCsv(Outcome::Error, ":1:2: column name \"a\" repeats"));
    w.add("csv-unnamed-column.csv", "a column without a name", "a,,label\n1,2,0\n",
          allCsv(Outcome::Error, ":1:2: column 2 has no name"));
    w.add("csv-one-column.csv", "no feature column", "label\n1\n2\n",
          allCsv(Outcome::Error, ":1:1: only one column"));
    w.add("csv-no-y-column.csv", "the target column y is missing", "a,b,label\n1,2,0\n",
          {{"csv", Outcome::Read, ""},
           {"csv-classes", Outcome::Read, ""},
           {"csv-target-y", Outcome::Error, ":1:1: no target column named \"y\""}});
    w.add("csv-binary.csv", "binary bytes",
          Bytes{0x00, 0x01, 0xFF, ',', 0x00, '\n', 0x7F, ',', 0x80, '\n'}, {});
}

void addCellErrors(CorpusWriter& w) {
    const std::vector<std::pair<std::string, std::string>> cells{
        {"text", "abc"},
        {"nan", "NaN"},
        {"nan-lower", "nan"},
        {"inf", "-inf"},
        {"infinity", "Infinity"},
        {"float-overflow", "1e39"},
        {"double-overflow", "1e400"},
        {"hex", "0x10"},
        {"two-dots", "1.2.3"},
        {"comma-decimal", "\"1,5\""},
        {"long-number", std::string(100, '9')},
        {"space-inside", "1 2"}};
    for (const auto& [name, cell] : cells)
        w.add("csv-cell-" + name + ".csv", "cell " + cell, "a,y,label\n1," + cell + ",0\n",
              allCsv(Outcome::Error, ":2:2: cell"));
    w.add("csv-cell-empty.csv", "an empty cell", "a,y,label\n1,,0\n",
          allCsv(Outcome::Error, ":2:2: empty cell"));
    w.add("csv-cell-blank.csv", "a blank cell", "a,y,label\n1, ,0\n",
          allCsv(Outcome::Error, ":2:2: empty cell"));
    const std::vector<std::pair<std::string, std::string>> classes{
        {"negative", "-1"}, {"fraction", "1.5"}, {"huge", "20000"}};
    for (const auto& [name, label] : classes)
        w.add("csv-class-" + name + ".csv", "class label " + label,
              "a,y,label\n1,2," + label + "\n3,4,0\n",
              {{"csv", Outcome::Read, ""},
               {"csv-target-y", Outcome::Read, ""},
               {"csv-classes", Outcome::Error, ":2:3: target " + label}});
}

void addGzipErrors(CorpusWriter& w) {
    const Bytes packed = gzip(toBytes(kGood));
    for (std::size_t cut : {std::size_t{2}, std::size_t{5}, std::size_t{10}, std::size_t{20},
                            packed.size() - 8, packed.size() - 1})
        w.add("csv-gz-cut-" + std::to_string(cut) + ".csv.gz",
              "gzip cut after " + std::to_string(cut) + " bytes", prefix(packed, cut),
              allCsv(Outcome::Error, "compressed byte"));
    Bytes flipped = packed;
    flipped[packed.size() - 6] ^= 0xFF; // inside the CRC-32
    w.add("csv-gz-bad-crc.csv.gz", "gzip with a wrong checksum", flipped,
          allCsv(Outcome::Error, "corrupt gzip"));
    Bytes garbage = packed;
    garbage.insert(garbage.end(), {'j', 'u', 'n', 'k'});
    w.add("csv-gz-trailing-junk.csv.gz", "junk after the gzip member", garbage,
          allCsv(Outcome::Error, "compressed byte"));
}

} // namespace

void addCsvFiles(CorpusWriter& writer) {
    addValidVariants(writer);
    addTruncations(writer);
    addStructureErrors(writer);
    addCellErrors(writer);
    addGzipErrors(writer);
}

} // namespace miniflow::corpus
