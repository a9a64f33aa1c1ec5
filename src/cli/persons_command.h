// SPDX-License-Identifier: AGPL-3.0-or-later
// src/cli/persons_command.h: `palermo link` on the store's cases, as a function, so that
// `palermo link` (without files), `palermo report` and `palermo demo` link alike (internal to
// the cli module).
#pragma once

#include <string>

#include "cli/command.h"
#include "persons/persons.h"

namespace palermo::cli {

struct StoreLinkArgs {
  persons::RunOptions run;
  std::string decisions;  // CSV file_a,record_id_a,file_b,record_id_b,decision (file = agency)
  std::string review;     // write the pairs left to review here
  std::string user = "cli";
  std::string role = "system";
};

// Records the decisions file's decisions, links the store's cases (persons::LinkStore) and
// prints a summary unless ctx.quiet. `summary` may be null.
Status LinkFromStore(const StoreLinkArgs& args, Context& ctx, persons::RunSummary* summary);

// Links the database's new or changed cases (incremental, quiet unless something was linked)
// and loads its persons for statistics (no identifiers).
Result<persons::StatisticsInput> PersonsFromStore(Context& ctx);

// RESULT.json of an estimate from the database with its reference period first: "year" (null
// for all years) and "source": "database".
std::string EstimateJsonWithPeriod(const std::string& json_text, int year);

// The fitted model's notes and the date columns' reading, in `lang` (cmd_link.cc).
std::vector<std::string> DescribeModelNotes(const link::ModelParams& model,
                                            const std::vector<link::DateColumnNote>& dates,
                                            Lang lang);

}  // namespace palermo::cli
