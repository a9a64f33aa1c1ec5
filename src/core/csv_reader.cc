// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/csv_reader.h"

#include <fstream>
#include <sstream>

namespace palermo {

CsvParser::CsvParser(std::string_view text, char separator) : text_(text), separator_(separator) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

Result<std::optional<CsvRecord>> CsvParser::Next() {
  if (pos_ >= text_.size()) return std::optional<CsvRecord>();
  CsvRecord record;
  record.line = line_;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (in_quotes) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        in_quotes = false;
        ++pos_;
        continue;
      }
      if (c == '\n') ++line_;
      field += c;
      ++pos_;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || field_was_quoted)
        return Status::InvalidArgument("line " + std::to_string(line_) +
                                       ": quote inside an unquoted field");
      in_quotes = true;
      field_was_quoted = true;
      ++pos_;
      continue;
    }
    if (c == separator_) {
      record.fields.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
      ++pos_;
      continue;
    }
    if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      ++line_;
      record.fields.push_back(std::move(field));
      return std::optional<CsvRecord>(std::move(record));
    }
    if (field_was_quoted)
      return Status::InvalidArgument("line " + std::to_string(line_) +
                                     ": text after the closing quote of a field");
    field += c;
    ++pos_;
  }
  if (in_quotes)
    return Status::InvalidArgument("line " + std::to_string(record.line) + ": unterminated quoted field");
  record.fields.push_back(std::move(field));
  return std::optional<CsvRecord>(std::move(record));
}

std::optional<size_t> CsvTable::FindColumn(std::string_view name) const {
  for (size_t column_idx = 0; column_idx < header.size(); ++column_idx)
    if (header[column_idx] == name) return column_idx;
  return std::nullopt;
}

Result<std::string> ReadFileToString(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Result<CsvTable> ParseCsv(std::string_view text, char separator, std::string_view name) {
  const std::string where = name.empty() ? std::string() : std::string(name) + ":";
  CsvParser parser(text, separator);
  CsvTable table;
  bool have_header = false;
  while (true) {
    Result<std::optional<CsvRecord>> next = parser.Next();
    if (!next.ok()) return Status::InvalidArgument(where + next.status().message());
    if (!next->has_value()) break;
    CsvRecord& record = **next;
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // blank line
    if (!have_header) {
      table.header = std::move(record.fields);
      have_header = true;
      continue;
    }
    if (record.fields.size() != table.header.size())
      return Status::InvalidArgument(where + "line " + std::to_string(record.line) + ": " +
                                     std::to_string(record.fields.size()) + " fields, header has " +
                                     std::to_string(table.header.size()));
    table.rows.push_back(std::move(record.fields));
  }
  if (!have_header) return Status::InvalidArgument(where + " empty file, no header");
  return table;
}

Result<CsvTable> ReadCsvFile(const std::filesystem::path& path, char separator) {
  Result<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  return ParseCsv(*text, separator, path.filename().string());
}

std::string CsvEscape(std::string_view field, char separator) {
  if (field.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string_view::npos)
    return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace palermo
