// SPDX-License-Identifier: AGPL-3.0-or-later
// src/ingest/reader.h (internal to ingest): turns an agency file into RawRows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ingest/ingest.h"

namespace palermo::ingest::internal {

// RFC 4180 records with a separator of one or two characters (", " and "; " allow one space
// after the separator). Quoted fields may hold separators, doubled quotes and line breaks.
class CsvSplitter {
 public:
  CsvSplitter(std::string_view text, std::string separator);
  // Next record; std::nullopt at the end; InvalidArgument "line N: ..." on a broken quote.
  Result<std::optional<CsvRecord>> Next();
  size_t offset() const { return pos_; }

 private:
  std::string_view text_;
  std::string separator_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

// A whole agency file, checked as a whole when opened (encoding, structure, header), then read
// row by row. Holds the converted text in memory; rows are produced one at a time.
class RowSource {
 public:
  // InvalidArgument naming the file (and byte offset, line or column) when the file as a whole
  // cannot be read with `mapping`; NotFound when it cannot be opened.
  static Result<std::unique_ptr<RowSource>> Open(const std::filesystem::path& path,
                                                 const Mapping& mapping);
  // Same, from bytes already in memory (`name` is used in messages).
  static Result<std::unique_ptr<RowSource>> FromText(std::string bytes, std::string name,
                                                     const Mapping& mapping);

  // Next row, std::nullopt at the end.
  std::optional<RawRow> Next();
  // The original record as JSON object text (column -> cell), for the quarantine.
  std::string RawJson(const RawRow& row) const;
  uint64_t bytes_done() const;
  uint64_t bytes_total() const { return is_json_ ? 100 : text_.size(); }
  // CSV: the header's column names (trimmed); JSON: empty.
  const std::vector<std::string>& header() const { return header_; }

 private:
  RowSource() = default;
  Status Prepare(std::string name, const Mapping& mapping);
  std::string text_;
  std::string separator_;
  bool is_json_ = false;
  std::vector<std::string> header_;
  std::set<std::string> header_names_;  // the names in header_
  std::unique_ptr<CsvSplitter> csv_;
  std::vector<RawRow> json_rows_;
  size_t json_next_ = 0;
};

// Cells of a quarantined row back from its JSON text.
Result<RawRow> RawRowFromJson(std::string_view json_text, int64_t line);

}  // namespace palermo::ingest::internal
