// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/mapping.h: the mapping file of `palermo link` / `palermo pprl encode` and the
// reading of agency CSV files into SourceTables. Internal; other modules include link/link.h.
//
// Mapping JSON: for each input file's basename (or "*" for every file without its own entry)
// an object {column name: role}. Roles: record_id, given_name, family_name, full_name, sex,
// birth_date, birth_year, age, nationality, phone, document_number, city, address (and the
// extensions email, postcode, record_date). Unknown columns in the CSV are ignored.
// One format with `palermo import`: the import mapping's field names are accepted for the
// same roles (local_id, citizenship, identification_date) and its fields linkage does not
// compare (forms, country_of_exploitation, recruitment_country, victim_status, notes) are
// skipped, so an import mapping's "columns" object is a valid entry.
//   {"agency_a.csv": {"id": "record_id", "nom": "family_name", "prenom": "given_name"},
//    "*": {"id": "record_id", "name": "full_name", "dob": "birth_date"}}
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/core.h"
#include "link/dataset.h"

namespace palermo::link {

struct Mapping {
  // basename (or "*") -> (column name, role) in file order.
  std::map<std::string, std::vector<std::pair<std::string, Role>>, std::less<>> by_file;
  // The entry for `basename` ("police.csv"), else for its stem ("police"), else "*", else
  // nullptr.
  const std::vector<std::pair<std::string, Role>>* For(std::string_view basename) const;
};

// InvalidArgument naming `name`, the line and column for malformed JSON, the file entry and
// column for a bad role.
Result<Mapping> ParseMapping(std::string_view json, std::string_view name);

// A CSV file read for linkage: the table plus each row's record id and line number.
struct InputFile {
  SourceTable table;               // table.name = basename without extension
  std::string basename;            // with extension
  std::vector<std::string> record_ids;  // per row: the record_id column, or the row number
  std::vector<size_t> lines;       // per row: 1-based line in the file
};

// Reads `path` (RFC 4180; every field trimmed, so the FEBRL ", " separator works) and applies
// the mapping entry for its basename. NotFound if the file cannot be read; InvalidArgument
// naming the file and line for a malformed row, a mapped column missing from the header, no
// mapping entry, or a duplicate record id (the value itself is never printed).
Result<InputFile> ReadInputFile(const std::filesystem::path& path, const Mapping& mapping);

// An input file from rows already read (by any reader): applies `columns` (column name ->
// role) to `header`, and takes each row's record id. InvalidArgument naming the file and
// line for a mapped column missing from the header, an empty or duplicate record id.
// `rows` must each have header.size() fields; `lines` gives each row's line in the file.
Result<InputFile> MakeInputFile(std::string basename, std::vector<std::string> header,
                                std::vector<std::vector<std::string>> rows,
                                std::vector<size_t> lines,
                                const std::vector<std::pair<std::string, Role>>& columns);

}  // namespace palermo::link
