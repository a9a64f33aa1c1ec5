// SPDX-License-Identifier: AGPL-3.0-or-later
// examples/sample/sample.h: Palermo's deterministic multi-agency sample generator.
//
// Makes a synthetic population of trafficked persons and the case lists that five agencies
// (police, labour inspection, NGO shelter, health service, immigration) would hold about
// them, each with its own column names, separator, date format, value codes and naming habits,
// so that import, linkage and Multiple Systems Estimation can be shown and tested on data that
// looks like the real thing without being anyone's data:
//  * which agencies record a person follows a log-linear model with pairwise interactions
//    (police–immigration, NGO–health, police–NGO, police–labour inspection overlap more than
//    chance; about 45 % are on no list), and the person's sex, age, forms and citizenship are
//    drawn given those agencies, so each list has its own profile while MSE on perfectly
//    linked lists stays unbiased;
//  * names come from pools in Latin, Cyrillic, Arabic, Thai and Chinese script, and agencies
//    write the same person differently (Олена Коваленко / Olena Kovalenko / Elena Kovalenko);
//  * records have missing fields, typos, day/month swaps, year-only dates and duplicates within
//    a list. Some rows are therefore invalid on purpose (a swapped date 31/13) and are
//    quarantined at import, as real files would be.
// Names are drawn independently (given name and family name from the pools of the person's
// nationality, with Zipf-like frequencies: a few common names and a long tail; names.h);
// combinations equal to a well-known person's name are redrawn (see ForbiddenFullNames()).
// `link_mapping.json` maps each list's own date to `record_date`, so ages are read at the
// date they were stated. The capture model is documented, with its MSE check, in
// docs/sample_data.md.
// Output is identical, byte for byte, for the same options on every platform (own PRNG and
// distributions, no std:: distributions, no clock).
//
//   SampleOptions options{.people = 3000, .seed = 7};
//   Result<SampleSummary> s = GenerateSample("sample", options);
//   // sample/police.csv … sample/mappings/police.json, link_mapping.json, truth.csv, summary.txt
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/core.h"

namespace palermo::sample {

struct SampleOptions {
  int people = 3000;         // size of the true population (observed or not)
  uint64_t seed = 20240730;  // same seed, same bytes
};

struct SampleSummary {
  int people = 0;
  int observed_people = 0;  // persons in at least one list
  std::map<std::string, int> rows_per_agency;
  int64_t total_rows = 0;
  int duplicate_rows = 0;  // second records of a person within one list
};

// Agency codes in file order: police, labour_inspection, ngo_shelter, health, immigration.
const std::vector<std::string>& SampleAgencies();

// Writes into `out_dir` (created if needed; existing files of the same names are replaced):
// `<agency>.csv` per agency, `mappings/<agency>.json` (import mappings, docs/ingest.md),
// `link_mapping.json` (file basename -> {column: role} for `palermo link --mapping`),
// `truth.csv` (file,record_id,person_id) and `summary.txt`.
// InvalidArgument if people < 1; NotFound/Unavailable-style errors if files cannot be written.
Result<SampleSummary> GenerateSample(const std::filesystem::path& out_dir,
                                     const SampleOptions& options);

// The import mapping of a sample agency, as JSON text (the same bytes as
// examples/mappings/<agency>.json). Empty for an unknown agency.
std::string SampleMappingJson(const std::string& agency);

// Writes a police-layout CSV of exactly `rows` records, one distinct person each, for the
// import benchmark. Deterministic for `seed`. Streams: memory does not grow with `rows`.
Status WriteBenchmarkCsv(const std::filesystem::path& file, int64_t rows, uint64_t seed);

}  // namespace palermo::sample
