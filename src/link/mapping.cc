// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/mapping.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace palermo::link {

const std::vector<std::pair<std::string, Role>>* Mapping::For(std::string_view basename) const {
  if (auto it = by_file.find(basename); it != by_file.end()) return &it->second;
  // The file's name without its extension names it too ("police" for police.csv), as in the
  // `file` column of clusters.csv.
  if (const size_t dot = basename.rfind('.'); dot != std::string_view::npos && dot > 0)
    if (auto it = by_file.find(basename.substr(0, dot)); it != by_file.end()) return &it->second;
  if (auto it = by_file.find("*"); it != by_file.end()) return &it->second;
  return nullptr;
}

Result<Mapping> ParseMapping(std::string_view json, std::string_view name) {
  const std::string where(name);
  if (std::optional<size_t> deep = JsonNestingBeyond(json))
    return Status::InvalidArgument(where + ": JSON nested deeper than " +
                                   std::to_string(kMaxJsonDepth) + " levels (byte " +
                                   std::to_string(*deep) + ")");
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    // Position of the error as line and column (e.byte is 1-based, past the bad character).
    size_t line = 1;
    size_t column = 1;
    const size_t end = std::min(json.size(), e.byte > 0 ? e.byte - 1 : 0);
    for (size_t i = 0; i < end; ++i) {
      if (json[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Status::InvalidArgument(where + " line " + std::to_string(line) + ", column " +
                                   std::to_string(column) + ": not valid JSON");
  } catch (const nlohmann::json::exception&) {
    // out_of_range, not parse_error, for a number beyond a double ("1e999").
    return Status::InvalidArgument(where + ": a number in the JSON is too large to read");
  }
  if (!doc.is_object())
    return Status::InvalidArgument(where + ": must be a JSON object {file: {column: role}}");
  Mapping mapping;
  for (const auto& [file, columns] : doc.items()) {
    if (!columns.is_object())
      return Status::InvalidArgument(where + ", entry '" + file +
                                     "': must be an object {column: role}");
    auto& entry = mapping.by_file[file];
    for (const auto& [column, role] : columns.items()) {
      if (!role.is_string())
        return Status::InvalidArgument(where + ", entry '" + file + "', column '" + column +
                                       "': the role must be a string");
      // One mapping format: an import mapping's "columns" object is a link entry too; its
      // fields that linkage does not compare are skipped.
      static const std::unordered_set<std::string> kNotCompared = {
          "forms", "country_of_exploitation", "recruitment_country", "victim_status", "notes"};
      if (kNotCompared.count(role.get<std::string>())) continue;
      Result<Role> parsed = ParseRole(role.get<std::string>());
      if (!parsed.ok())
        return Status::InvalidArgument(where + ", entry '" + file + "', column '" + column +
                                       "': " + parsed.status().message());
      entry.emplace_back(column, *parsed);
    }
  }
  return mapping;
}

Result<InputFile> ReadInputFile(const std::filesystem::path& path, const Mapping& mapping) {
  InputFile input;
  input.basename = path.filename().string();
  input.table.name = path.stem().string();
  Result<std::string> text = ReadFileToString(path);
  if (!text.ok()) return Status::NotFound(input.basename + ": cannot read the file");
  const std::vector<std::pair<std::string, Role>>* entry = mapping.For(input.basename);
  if (!entry)
    return Status::InvalidArgument(input.basename +
                                   ": the mapping has no entry for this file and no \"*\" entry");
  if (auto bad = FirstInvalidUtf8Byte(*text)) {
    size_t line = 1;
    for (size_t i = 0; i < *bad; ++i) line += (*text)[i] == '\n';
    return Status::InvalidArgument(input.basename + " line " + std::to_string(line) +
                                   ": not valid UTF-8");
  }
  CsvParser parser(*text);
  bool has_header = false;
  for (;;) {
    Result<std::optional<CsvRecord>> next = parser.Next();
    if (!next.ok()) return Status::InvalidArgument(input.basename + " " + next.status().message());
    if (!next->has_value()) break;
    CsvRecord& record = **next;
    for (std::string& field : record.fields) field = std::string(Trim(field));
    if (!has_header) {
      input.table.header = std::move(record.fields);
      has_header = true;
      continue;
    }
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // blank line
    if (record.fields.size() != input.table.header.size())
      return Status::InvalidArgument(input.basename + " line " + std::to_string(record.line) +
                                     ": " + std::to_string(record.fields.size()) +
                                     " fields where the header has " +
                                     std::to_string(input.table.header.size()));
    input.table.rows.push_back(std::move(record.fields));
    input.lines.push_back(record.line);
  }
  if (!has_header) return Status::InvalidArgument(input.basename + ": empty file, no header");
  return MakeInputFile(input.basename, std::move(input.table.header), std::move(input.table.rows),
                       std::move(input.lines), *entry);
}

Result<InputFile> MakeInputFile(std::string basename, std::vector<std::string> header,
                                std::vector<std::vector<std::string>> rows,
                                std::vector<size_t> lines,
                                const std::vector<std::pair<std::string, Role>>& columns) {
  InputFile input;
  input.basename = std::move(basename);
  input.table.name = std::filesystem::path(input.basename).stem().string();
  input.table.header = std::move(header);
  input.table.rows = std::move(rows);
  input.lines = std::move(lines);
  std::optional<size_t> id_column;
  for (const auto& [column, role] : columns) {
    std::optional<size_t> idx;
    for (size_t c = 0; c < input.table.header.size(); ++c)
      if (input.table.header[c] == column) idx = c;
    if (!idx)
      return Status::InvalidArgument(input.basename + " line 1: no column '" + column +
                                     "' (the mapping gives it the role " +
                                     std::string(RoleName(role)) + ")");
    if (role == Role::kRecordId) id_column = idx;
    input.table.columns.emplace_back(*idx, role);
  }
  std::unordered_set<std::string> seen;
  input.record_ids.reserve(input.table.rows.size());
  for (size_t r = 0; r < input.table.rows.size(); ++r) {
    std::string id = id_column ? input.table.rows[r][*id_column] : std::to_string(r + 1);
    if (id.empty())
      return Status::InvalidArgument(input.basename + " line " + std::to_string(input.lines[r]) +
                                     ", record_id: empty");
    if (!seen.insert(id).second)
      return Status::InvalidArgument(input.basename + " line " + std::to_string(input.lines[r]) +
                                     ", record_id: duplicate value");
    input.record_ids.push_back(std::move(id));
  }
  return input;
}

}  // namespace palermo::link
