// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: an import mapping (JSON) as `palermo import --mapping` and the web import read
// it, then a small fixed CSV file read and converted through the mapping it produced.
// Contract: ParseMapping returns InvalidArgument or a mapping whose columns target model
// fields only and whose separator is one the reader supports; a parsed mapping never makes the
// reader or ConvertRow crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "ingest/ingest.h"
#include "ingest/reader.h"

using namespace palermo;
using namespace palermo::ingest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Mapping> mapping = ParseMapping(text, "fuzz.json");
  if (!mapping.ok()) {
    FUZZ_CHECK(mapping.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  const std::vector<std::string>& fields = ModelFields();
  for (const auto& [column, field] : mapping->columns)
    FUZZ_CHECK(std::find(fields.begin(), fields.end(), field) != fields.end());
  FUZZ_CHECK(!mapping->separator.empty() && mapping->separator.size() <= 2);
  // A file whose header holds the mapping's columns, so that the reader gets to the rows.
  const std::string sep = mapping->separator;
  std::string file;
  std::string row;
  for (const auto& [column, field] : mapping->columns) {
    if (!file.empty()) {
      file += sep[0];
      row += sep[0];
    }
    file += '"';
    for (char c : column) file += c == '"' ? std::string("\"\"") : std::string(1, c);
    file += '"';
    row += "1";
  }
  if (file.empty()) file = "x";
  file += "\n" + row + "\n";
  if (mapping->format == Format::kHtcdsJson) file = R"([{"cas_CaseNumber": "A-1"}, 3, {}])";
  Result<std::unique_ptr<ingest::internal::RowSource>> source =
      ingest::internal::RowSource::FromText(file, "fuzz.csv", *mapping);
  if (!source.ok()) return 0;  // e.g. an unknown encoding, or a column named twice
  const PartialDate today = *PartialDate::Parse("2026-01-01");
  while (std::optional<RawRow> r = (*source)->Next()) (void)ConvertRow(*mapping, *r, today);
  return 0;
}
