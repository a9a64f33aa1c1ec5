// SPDX-License-Identifier: AGPL-3.0-or-later
// Palermo's realistic evaluation data generator for record linkage (multi-agency lists).
//
// Makes a synthetic population of trafficked persons whose true identities are known, and the
// case lists that five agencies hold about them, each with its own layout, language, separator,
// encoding, date and code formats and its own ways of getting names, dates, phones and
// addresses wrong. It is written apart from the linker (src/link/) so that the linker is
// measured on data it was not tuned on: the "heldout" profile uses other nationalities,
// scripts, agencies and habits than the "dev" profile. Names come from invented combinations of
// common given and family names; no real person's data is used.
//
// Contract:
//  * GenerateRealistic writes into `out_dir` (created if needed; files of the same names are
//    replaced):
//      - five agency files `<agency>.csv` (the set depends on the profile), each with a header
//        line and one record per line (RFC 4180 quoting with the file's own separator); the
//        first column is the record id, unique within the file;
//      - `link_mapping.json`: {"<agency>.csv": {"<column>": "<role>", ...}, ...} for the columns
//        useful to linkage, with roles among record_id, given_name, family_name, full_name,
//        sex, birth_date, birth_year, age, nationality, phone, document_number, city, address,
//        email, postcode, record_date; other columns exist but are not mapped;
//      - `truth.csv`: header `file,record_id,person_id`, one line per record (file without
//        ".csv"); records of the same person_id are the same person, and only those;
//      - `summary.txt`: counts.
//  * Output is byte-identical for the same (profile, people, seed) on every platform: own random
//    stream, no std:: distributions, no clock, no locale.
//  * Every person is on at least one list; people, not records, are counted in `people`.
//  * InvalidArgument if people < 1 or the profile is not "dev" or "heldout"; NotFound if a file
//    cannot be created, Unavailable if a write fails (files already written stay).
//  * Not thread-safe across calls writing to the same directory; otherwise reentrant.
//
//   RealisticOptions options{.people = 8000, .seed = 1, .profile = "dev"};
//   Result<RealisticSummary> s = GenerateRealistic("eval/dev", options);
//   // eval/dev/police_fr.csv ... link_mapping.json, truth.csv, summary.txt
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/core.h"

namespace palermo::realistic {

struct RealisticOptions {
  int people = 8000;            // persons in the population, each on at least one list
  uint64_t seed = 1;            // same seed, same bytes
  std::string profile = "dev";  // "dev" or "heldout"
};

struct RealisticSummary {
  int people = 0;
  int records = 0;
  std::map<std::string, int> records_per_file;  // "<agency>.csv" -> records
  int true_pairs = 0;  // unordered pairs of records of the same person, within and across files
};

Result<RealisticSummary> GenerateRealistic(const std::filesystem::path& out_dir,
                                           const RealisticOptions& options);

}  // namespace palermo::realistic
