// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: an HTCDS JSON file (an array of case objects) as the import reads it, then every
// record through ConvertRow with the default HTCDS mapping.
// Contract: refused with InvalidArgument (invalid JSON, too deep, not an array, bad UTF-8) or
// read to the end without crashing, however deep or wide the input; over-limit records are
// never converted into cases; the quarantine's JSON of a record reads back to the same cells.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "ingest/ingest.h"
#include "ingest/reader.h"

using namespace palermo;
using namespace palermo::ingest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Mapping mapping = [] {
    Result<Mapping> m = ParseMapping(R"({"agency": "fuzz_agency", "format": "htcds-json"})");
    FUZZ_CHECK(m.ok());
    return *m;
  }();
  std::string bytes(reinterpret_cast<const char*>(data), size);
  Result<std::unique_ptr<ingest::internal::RowSource>> source =
      ingest::internal::RowSource::FromText(std::move(bytes), "fuzz.json", mapping);
  if (!source.ok()) {
    FUZZ_CHECK(source.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  const PartialDate today = *PartialDate::Parse("2026-01-01");
  while (std::optional<RawRow> row = (*source)->Next()) {
    const Conversion conversion = ConvertRow(mapping, *row, today);
    bool over_limit = row->cells.size() > kMaxFieldsPerRow;
    for (const auto& [column, cell] : row->cells) over_limit |= cell.size() > kMaxCellBytes;
    if (over_limit || row->structure_problem) FUZZ_CHECK(!conversion.record);
    Result<RawRow> back = ingest::internal::RawRowFromJson((*source)->RawJson(*row), row->line);
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->cells == row->cells);
    FUZZ_CHECK(back->structure_problem == row->structure_problem);
  }
  return 0;
}
