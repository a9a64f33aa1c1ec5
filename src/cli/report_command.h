// SPDX-License-Identifier: AGPL-3.0-or-later
// src/cli/report_command.h: `palermo report` as a function, so `palermo demo` can end with the
// same report the command writes (internal to the cli module).
#pragma once

#include <cstdint>
#include <string>

#include "cli/command.h"

namespace palermo::cli {

struct ReportArgs {
  int year = 0;
  std::string out;
  std::string lang;  // "fr" / "en"; empty = the environment's language
  int k = 11;
  int l = 2;
  int64_t threshold = 5;
  int rounding = 0;
  double dp_epsilon = 0;
  double dp_budget = 1.0;
  double dp_delta = 1e-6;
  int dp_first_year = 0;  // 0: the reporting year minus 9
  std::string budget_ledger;
  std::string clusters;  // ad-hoc palermo link output; empty = the database's persons
  bool records = false;  // count records, not persons (no linkage, no estimate)
  std::string estimate;  // palermo estimate RESULT.json; empty = estimated from the database's
                         // persons (none with --clusters or --records)
  std::string population;
  std::string country;
  bool allow_empty = false;  // write a report for a year with no victim instead of failing
  // Set by `palermo export --format hxl`: the same tables and protection, written as one HXL
  // CSV to this file (publish::RenderHxlCsv) instead of the report folder.
  std::string hxl_out;
};

// Reads the cases of ctx.db_url without identifiers and writes the report into args.out
// (docs/publish.md). Without clusters or records: links new or changed cases, counts the
// database's persons and, without an estimate file, estimates the year's hidden total from
// them and writes it to args.out/estimate.json. Prints a one-line summary unless ctx.quiet. FailedPrecondition, naming
// the years that have victims, when args.year has none and !args.allow_empty (nothing is
// written then); with allow_empty, a warning on stderr and an empty report.
Status WriteNationalReport(const ReportArgs& args, Context& ctx);

}  // namespace palermo::cli
