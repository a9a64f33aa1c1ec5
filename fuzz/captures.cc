// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: the capture tables and link clusters `palermo estimate` reads (ParseCaptures,
// ParseClusters). Input: byte 0 chooses the parser and whether a strata column is asked for;
// the rest is the file.
// Contract: InvalidArgument or a table of 2 to kMaxLists lists whose every stratum has one
// non-negative count per capture pattern; never a crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "estimate/estimate.h"
#include "fuzz/fuzz_check.h"

using namespace palermo;
using namespace palermo::estimate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string strata = (choice & 2) ? "region" : "";
  const Lang lang = (choice & 4) ? Lang::kFr : Lang::kEn;
  Result<CaptureTable> table = (choice & 1) ? ParseClusters(text, "fuzz.csv", strata, lang)
                                            : ParseCaptures(text, "fuzz.csv", strata, lang);
  if (!table.ok()) {
    FUZZ_CHECK(table.status().code() == StatusCode::kInvalidArgument);
    FUZZ_CHECK(!table.status().message().empty());
    return 0;
  }
  const size_t lists = table->list_names.size();
  FUZZ_CHECK(lists >= 2 && lists <= static_cast<size_t>(kMaxLists));
  FUZZ_CHECK(!table->strata.empty());
  for (const auto& [name, overlap] : table->strata) {
    FUZZ_CHECK(overlap.num_lists() == static_cast<int>(lists));
    FUZZ_CHECK(overlap.counts().size() == size_t{1} << lists);
    for (double c : overlap.counts()) FUZZ_CHECK(std::isfinite(c) && c >= 0);
  }
  return 0;
}
