// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/reader.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

namespace palermo::ingest::internal {
namespace {

using Json = nlohmann::ordered_json;

int64_t LineAt(std::string_view text, size_t offset) {
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

bool IsUtf8Name(std::string_view encoding) {
  std::string e;
  for (char c : encoding)
    if (c != '-' && c != '_') e += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == "utf8";
}

// Converts `bytes` from `encoding` to UTF-8 with ICU. Stops at the first byte sequence that
// is not valid in that encoding.
Result<std::string> ToUtf8(const std::string& bytes, const std::string& encoding,
                           const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* from = ucnv_open(encoding.c_str(), &status);
  if (U_FAILURE(status))
    return Status::InvalidArgument(name + ": the mapping declares an unknown encoding \"" +
                                   encoding + "\"");
  ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  UConverter* to = ucnv_open("UTF-8", &status);
  std::string out(bytes.size() * 3 + 16, '\0');
  char* target = out.data();
  const char* source = bytes.data();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  ucnv_convertEx(to, from, &target, out.data() + out.size(), &source, bytes.data() + bytes.size(),
                 pivot, &pivot_source, &pivot_target, pivot + 1024, true, true, &status);
  const size_t bad_offset = static_cast<size_t>(source - bytes.data());
  ucnv_close(from);
  ucnv_close(to);
  if (U_FAILURE(status))
    return Status::InvalidArgument(
        name + ": byte " + std::to_string(bad_offset) + " (line " +
        std::to_string(LineAt(bytes, std::min(bad_offset, bytes.size()))) + ") is not valid " +
        encoding);
  out.resize(static_cast<size_t>(target - out.data()));
  if (out.starts_with("\xEF\xBB\xBF")) out.erase(0, 3);
  return out;
}

std::string CellToString(const Json& value, std::string_view list_separator) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::string out;
    for (const Json& item : value) {
      if (!out.empty()) out += list_separator;
      out += CellToString(item, list_separator);
    }
    return out;
  }
  return value.dump();
}

// HTCDS trafficking-event records ({"hte_Type": "Exploitation", "hte_Country": "FRA", …}) as
// cells named "<field>:<type>" ("hte_Country:Exploitation"); the first event of a type gives
// its values. Anything else in the array is kept as one cell, which no mapping column names.
void FlattenEvents(const Json& events, std::vector<std::pair<std::string, std::string>>& cells) {
  std::set<std::string> seen;
  for (const Json& e : events) {
    if (!e.is_object() || !e.contains("hte_Type") || !e["hte_Type"].is_string()) {
      cells.emplace_back("plm_TraffickingEvents", e.dump(-1, ' ', false, Json::error_handler_t::replace));
      continue;
    }
    const std::string type = e["hte_Type"];
    if (!seen.insert(type).second) continue;
    for (const auto& [field, value] : e.items())
      if (field != "hte_Type") cells.emplace_back(field + ":" + type, CellToString(value, "|"));
  }
}

}  // namespace

CsvSplitter::CsvSplitter(std::string_view text, std::string separator)
    : text_(text), separator_(std::move(separator)) {}

Result<std::optional<CsvRecord>> CsvSplitter::Next() {
  // Blank lines between records are skipped.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return std::optional<CsvRecord>();
  CsvRecord record;
  record.line = line_;
  std::string field;
  bool in_quotes = false;
  bool quoted = false;
  const char sep0 = separator_[0];
  const bool sep_has_space = separator_.size() == 2;
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
    if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
      ++pos_;
      continue;
    }
    if (c == sep0) {
      record.fields.push_back(std::move(field));
      field.clear();
      quoted = false;
      ++pos_;
      if (sep_has_space && pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
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
    if (quoted)
      return Status::InvalidArgument("line " + std::to_string(line_) +
                                     ": text after the closing quote of a field");
    if (c == '"')
      return Status::InvalidArgument("line " + std::to_string(line_) +
                                     ": quote inside an unquoted field");
    field += c;
    ++pos_;
  }
  if (in_quotes)
    return Status::InvalidArgument("line " + std::to_string(record.line) +
                                   ": unterminated quoted field");
  record.fields.push_back(std::move(field));
  return std::optional<CsvRecord>(std::move(record));
}

Result<std::unique_ptr<RowSource>> RowSource::Open(const std::filesystem::path& path,
                                                   const Mapping& mapping) {
  const std::string name = path.filename().string();
  // A regular file is read in one piece into a string of its size (a stream copy costs a
  // second pass and a second copy of a file of a million rows); a pipe is read as a stream.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    Result<std::string> bytes = ReadFileToString(path);
    if (!bytes.ok()) return Status::NotFound(name + ": cannot open the file");
    return FromText(std::move(*bytes), name, mapping);
  }
  std::ifstream in(path, std::ios::binary);
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (!in || ec) return Status::NotFound(name + ": cannot open the file");
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size) || in.peek() != EOF) {
    return Status::Unavailable(name + ": the file changed while it was being read");
  }
  return FromText(std::move(bytes), name, mapping);
}

Result<std::unique_ptr<RowSource>> RowSource::FromText(std::string bytes, std::string name,
                                                       const Mapping& mapping) {
  std::unique_ptr<RowSource> source(new RowSource());
  source->text_ = std::move(bytes);
  PALERMO_RETURN_IF_ERROR(source->Prepare(std::move(name), mapping));
  return source;
}

Status RowSource::Prepare(std::string name, const Mapping& mapping) {
  if (!IsUtf8Name(mapping.encoding)) {
    PALERMO_ASSIGN_OR_RETURN(text_, ToUtf8(text_, mapping.encoding, name));
  } else {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.erase(0, 3);
    if (std::optional<size_t> bad = FirstInvalidUtf8Byte(text_))
      return Status::InvalidArgument(name + ": not valid UTF-8 at byte " + std::to_string(*bad) +
                                     " (line " + std::to_string(LineAt(text_, *bad)) +
                                     "); if the file uses another encoding, declare it in the "
                                     "mapping, e.g. \"encoding\": \"ISO-8859-1\"");
  }
  if (text_.find('\0') != std::string::npos)
    return Status::InvalidArgument(
        name + ": contains NUL bytes (a binary file, or UTF-16 without a declared encoding)");
  separator_ = mapping.separator;

  if (mapping.format == Format::kHtcdsJson) {
    is_json_ = true;
    if (std::optional<size_t> deep = JsonNestingBeyond(text_))
      return Status::InvalidArgument(name + ": JSON nested deeper than " +
                                     std::to_string(kMaxJsonDepth) + " levels at byte " +
                                     std::to_string(*deep) + " (line " +
                                     std::to_string(LineAt(text_, *deep)) + ")");
    Json doc;
    try {
      doc = Json::parse(text_);
    } catch (const Json::parse_error& e) {
      return Status::InvalidArgument(
          name + ": not valid JSON at byte " + std::to_string(e.byte) + " (line " +
          std::to_string(LineAt(text_, std::min<size_t>(e.byte, text_.size()))) + ")");
    } catch (const Json::exception&) {
      // nlohmann throws out_of_range, not parse_error, for a number beyond a double
      // ("1e999"): without this, such a file ended the process.
      return Status::InvalidArgument(name + ": " + std::string(kJsonNumberTooLarge));
    }
    if (!doc.is_array())
      return Status::InvalidArgument(name + ": expected a JSON array of case objects");
    std::map<std::string, std::string> field_of;
    for (const auto& [column, field] : mapping.columns) field_of[column] = field;
    int64_t index = 0;
    for (const Json& object : doc) {
      RawRow row;
      row.line = ++index;
      if (!object.is_object()) {
        row.structure_problem = "record is not a JSON object";
      } else {
        for (const auto& [key, value] : object.items()) {
          // Palermo's exact form codes win over the HTCDS values derived from them.
          if (key == "vic_TypeOfExploitation" && object.contains("plm_FormsOfExploitation"))
            continue;
          if (key == "plm_TraffickingEvents" && value.is_array()) {
            FlattenEvents(value, row.cells);
            continue;
          }
          auto it = field_of.find(key);
          std::string sep = "|";
          if (it != field_of.end() && mapping.list_separators.count(it->second))
            sep = mapping.list_separators.at(it->second);
          row.cells.emplace_back(key, CellToString(value, sep));
        }
      }
      json_rows_.push_back(std::move(row));
    }
    text_.clear();
    text_.shrink_to_fit();
    return Status::Ok();
  }

  // CSV: read the header, check the mapped columns, then walk the whole file once so that a
  // broken quote anywhere rejects the file before any row is imported.
  CsvSplitter header_reader(text_, separator_);
  Result<std::optional<CsvRecord>> header = header_reader.Next();
  if (!header.ok()) return Status::InvalidArgument(name + ": " + header.status().message());
  if (!header->has_value()) return Status::InvalidArgument(name + ": empty file, no header");
  if ((*header)->fields.size() > kMaxFieldsPerRow)
    return Status::InvalidArgument(name + ": the header has " +
                                   std::to_string((*header)->fields.size()) +
                                   " columns; at most " + std::to_string(kMaxFieldsPerRow) +
                                   " are read");
  for (std::string& column : (*header)->fields) header_.emplace_back(Trim(column));
  std::set<std::string>& seen = header_names_;
  for (const std::string& column : header_) {
    if (column.empty())
      return Status::InvalidArgument(name + ": the header has an empty column name");
    if (!seen.insert(column).second)
      return Status::InvalidArgument(name + ": column \"" + column +
                                     "\" appears twice in the header");
  }
  for (const auto& [column, field] : mapping.columns)
    if (!seen.count(column))
      return Status::InvalidArgument(name + ": column \"" + column + "\" (mapped to " + field +
                                     ") is missing from the header");
  const size_t body_start = header_reader.offset();
  CsvSplitter check(std::string_view(text_).substr(body_start), separator_);
  while (true) {
    Result<std::optional<CsvRecord>> record = check.Next();
    if (!record.ok()) {
      // Line numbers of `check` count from the first body line.
      const std::string& m = record.status().message();
      const size_t space = m.find(':');
      const int64_t local = std::stoll(m.substr(5, space - 5));
      return Status::InvalidArgument(name + ": line " +
                                     std::to_string(local + LineAt(text_, body_start) - 1) +
                                     m.substr(space));
    }
    if (!record->has_value()) break;
  }
  csv_ = std::make_unique<CsvSplitter>(text_, separator_);
  (void)csv_->Next();  // the header
  return Status::Ok();
}

std::optional<RawRow> RowSource::Next() {
  if (is_json_) {
    if (json_next_ >= json_rows_.size()) return std::nullopt;
    return std::move(json_rows_[json_next_++]);
  }
  Result<std::optional<CsvRecord>> record = csv_->Next();
  if (!record.ok() || !record->has_value()) return std::nullopt;  // checked in Prepare
  CsvRecord& r = **record;
  RawRow row;
  row.line = static_cast<int64_t>(r.line);
  const size_t n = std::max(r.fields.size(), header_.size());
  size_t extra = 0;
  for (size_t col = 0; col < n; ++col) {
    // Cells beyond the header are "_extra1", "_extra2"..., skipping a name the header has
    // (two cells of one name would make one of them vanish from the quarantine's JSON).
    std::string column;
    if (col < header_.size()) {
      column = header_[col];
    } else {
      do column = "_extra" + std::to_string(++extra);
      while (header_names_.count(column));
    }
    row.cells.emplace_back(std::move(column),
                           col < r.fields.size() ? std::move(r.fields[col]) : std::string());
  }
  if (r.fields.size() != header_.size())
    row.structure_problem = "the row has " + std::to_string(r.fields.size()) +
                            " fields, the header has " + std::to_string(header_.size());
  return row;
}

std::string RowSource::RawJson(const RawRow& row) const {
  // Written key by key: an ordered_json object looks each key up linearly, which made a row
  // of 160,000 cells cost minutes inside the write transaction. Keys are unique (a unique
  // header, "_extraN" names it lacks, or a JSON object's keys). "_structure" (the structure
  // problem) comes first; a column whose name starts with "_" is written with one more "_"
  // ("_structure" -> "__structure"), so that no column passes for the structure problem, and
  // RawRowFromJson takes it off again.
  std::string out = "{";
  const auto add = [&out](const std::string& key, const std::string& value) {
    if (out.size() > 1) out += ',';
    out += Json(key).dump(-1, ' ', false, Json::error_handler_t::replace);
    out += ':';
    out += Json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  if (row.structure_problem) add("_structure", *row.structure_problem);
  for (const auto& [column, value] : row.cells)
    add(column.starts_with('_') ? "_" + column : column, value);
  out += '}';
  return out;
}

uint64_t RowSource::bytes_done() const {
  if (is_json_) return json_rows_.empty() ? 0 : json_next_ * 100 / json_rows_.size();
  return csv_ ? csv_->offset() : 0;
}

Result<RawRow> RawRowFromJson(std::string_view json_text, int64_t line) {
  if (JsonNestingBeyond(json_text))
    return Status::DataLoss("a quarantined record is nested deeper than " +
                            std::to_string(kMaxJsonDepth) + " levels");
  Json object;
  try {
    object = Json::parse(json_text);
  } catch (const Json::exception&) {  // parse_error, or out_of_range for "1e999"
    return Status::DataLoss("a quarantined record is not valid JSON");
  }
  if (!object.is_object()) return Status::DataLoss("a quarantined record is not a JSON object");
  RawRow row;
  row.line = line;
  for (const auto& [key, value] : object.items()) {
    if (key == "_structure") {
      row.structure_problem = CellToString(value, "|");
      continue;
    }
    // "__name" is the column "_name" (RawJson); records quarantined before that escape was
    // added keep their "_extraN" keys, read as they are.
    row.cells.emplace_back(key.starts_with("__") ? key.substr(1) : key, CellToString(value, "|"));
  }
  return row;
}

}  // namespace palermo::ingest::internal

namespace palermo::ingest {

namespace {

// Every row of `source` as cells in header order (ReadTextTable).
TextTable TableOf(internal::RowSource& source) {
  TextTable table;
  table.header = source.header();
  // CSV cells beyond the header ("_extraN") are left out; JSON records add their keys to the
  // header in order of first appearance.
  const bool grows = table.header.empty();
  std::map<std::string, size_t, std::less<>> index;
  for (size_t c = 0; c < table.header.size(); ++c) index[table.header[c]] = c;
  while (std::optional<RawRow> row = source.Next()) {
    std::vector<std::pair<size_t, std::string>> placed;
    for (auto& [column, value] : row->cells) {
      auto it = index.find(column);
      if (it == index.end()) {
        if (!grows) continue;
        it = index.emplace(column, table.header.size()).first;
        table.header.push_back(column);
      }
      placed.emplace_back(it->second, std::string(Trim(value)));
    }
    std::vector<std::string> cells(table.header.size());
    for (auto& [c, value] : placed) cells[c] = std::move(value);
    if (row->structure_problem) table.uneven_lines.push_back(row->line);
    table.rows.push_back(std::move(cells));
    table.lines.push_back(row->line);
  }
  for (auto& row : table.rows) row.resize(table.header.size());
  return table;
}

}  // namespace

Result<TextTable> ReadTextTable(const std::filesystem::path& path, const Mapping& mapping) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<internal::RowSource> source,
                           internal::RowSource::Open(path, mapping));
  return TableOf(*source);
}

Result<TextTable> ReadTextTable(std::string bytes, std::string name, const Mapping& mapping) {
  PALERMO_ASSIGN_OR_RETURN(
      std::unique_ptr<internal::RowSource> source,
      internal::RowSource::FromText(std::move(bytes), std::move(name), mapping));
  return TableOf(*source);
}

CsvLayout SniffCsvLayout(std::string_view bytes) {
  CsvLayout layout;
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  layout.encoding = FirstInvalidUtf8Byte(text) ? "windows-1252" : "UTF-8";
  // The first line, outside quotes.
  size_t best = 0;
  for (const char* separator : {",", ";", "\t", "|"}) {
    size_t count = 0;
    bool quoted = false;
    for (char c : text) {
      if (c == '"') quoted = !quoted;
      if (!quoted && (c == '\n' || c == '\r')) break;
      if (!quoted && c == separator[0]) ++count;
    }
    if (count > best) {
      best = count;
      layout.separator = separator;
    }
  }
  return layout;
}

}  // namespace palermo::ingest
