// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: an agency CSV file as `palermo import` and the web import read it (RowSource:
// encoding check, RFC 4180 splitting, header checks), then every row through ConvertRow.
// Input: byte 0 chooses the separator, the mapping (mapped columns or none) and the declared
// encoding; the rest is the file.
// Contract: a file is either refused with InvalidArgument or read to the end; each row has at
// least the header's cells; a row over kMaxFieldsPerRow cells or with a cell over kMaxCellBytes
// bytes is never converted into a case; the quarantine's JSON of a row reads back to the same
// cells.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "ingest/ingest.h"
#include "ingest/reader.h"

using namespace palermo;
using namespace palermo::ingest;

namespace {

Mapping MakeMapping(uint8_t choice) {
  static const char* const kSeparators[] = {",", ";", ", ", "\t", "|", "; ", ",", ","};
  Mapping m;
  m.agency = "fuzz_agency";
  m.separator = kSeparators[choice & 7];
  if (choice & 8) {
    m.columns = {{"id", "local_id"},   {"nom", "family_name"},  {"prenom", "given_name"},
                 {"sexe", "sex"},      {"naissance", "birth_date"}, {"pays", "citizenship"},
                 {"date", "identification_date"}, {"formes", "forms"}};
    m.values["sex"] = {{"F", "female"}, {"M", "male"}};
    m.list_separators["forms"] = "|";
    m.required = {"local_id"};
  }
  if (choice & 16) m.encoding = "windows-1252";
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Mapping mapping = MakeMapping(data[0]);
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Result<std::unique_ptr<ingest::internal::RowSource>> source =
      ingest::internal::RowSource::FromText(std::move(bytes), "fuzz.csv", mapping);
  if (!source.ok()) {
    FUZZ_CHECK(source.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  const size_t header_size = (*source)->header().size();
  FUZZ_CHECK(header_size >= 1 && header_size <= kMaxFieldsPerRow);
  const PartialDate today = *PartialDate::Parse("2026-01-01");
  while (std::optional<RawRow> row = (*source)->Next()) {
    FUZZ_CHECK(row->cells.size() >= header_size);
    if (row->cells.size() > header_size) FUZZ_CHECK(row->structure_problem.has_value());
    const Conversion conversion = ConvertRow(mapping, *row, today);
    bool over_limit = row->cells.size() > kMaxFieldsPerRow;
    for (const auto& [column, cell] : row->cells) over_limit |= cell.size() > kMaxCellBytes;
    if (over_limit || row->structure_problem) FUZZ_CHECK(!conversion.record);
    if (!conversion.record) FUZZ_CHECK(!conversion.problem.reason.empty());
    // What the quarantine stores must give the same row back to `quarantine retry`.
    Result<RawRow> back = ingest::internal::RawRowFromJson((*source)->RawJson(*row), row->line);
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->cells == row->cells);
    FUZZ_CHECK(back->structure_problem == row->structure_problem);
  }
  return 0;
}
