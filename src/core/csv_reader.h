// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/csv_reader.h: a strict RFC 4180 reader for Palermo's own data files and for
// agency files (ingest adds encodings, mappings and quarantine on top).
//
// Quoted fields may hold commas, doubled quotes and line breaks. A UTF-8 byte-order mark at
// the start is skipped. Records end with LF or CRLF. Errors say the line number.
//   Result<CsvTable> t = ReadCsvFile("data/codes/countries.csv");
//   for (const auto& row : t->rows) use(row[t->Column("alpha3")]);
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace palermo {

struct CsvRecord {
  std::vector<std::string> fields;
  size_t line = 0;  // 1-based line on which the record starts
};

// Incremental parser: feed it the whole text (or a memory-mapped file) and pull records.
// The text must outlive the parser. Not thread-safe.
class CsvParser {
 public:
  explicit CsvParser(std::string_view text, char separator = ',');
  // Next record, std::nullopt at the end, or InvalidArgument ("line 12: unterminated quoted field").
  Result<std::optional<CsvRecord>> Next();
  // Byte offset of the next unread record.
  size_t offset() const { return pos_; }

 private:
  std::string_view text_;
  char separator_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Index of the column named `name`, or std::nullopt.
  std::optional<size_t> FindColumn(std::string_view name) const;
};

// Reads a whole file with a header row. InvalidArgument with "file:line: reason" when a row
// has a different number of fields from the header or a quote is unterminated; NotFound if
// the file cannot be opened.
Result<CsvTable> ReadCsvFile(const std::filesystem::path& path, char separator = ',');
Result<CsvTable> ParseCsv(std::string_view text, char separator = ',', std::string_view name = "");

// Reads a whole file into memory. NotFound if it cannot be opened.
Result<std::string> ReadFileToString(const std::filesystem::path& path);

// Quotes `field` for CSV output when it contains a separator, quote, CR or LF.
std::string CsvEscape(std::string_view field, char separator = ',');

}  // namespace palermo
