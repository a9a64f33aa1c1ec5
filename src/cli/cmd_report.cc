// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo report: the national report with disclosure control (issue 6).
//   palermo report --year Y --out DIR [--lang fr|en] [--k 11] [--l 2] [--threshold 5]
//                  [--rounding 3|5] [--dp-epsilon E] [--dp-delta D] [--dp-first-year Y]
//                  [--dp-budget B] [--clusters clusters.csv] [--estimate RESULT.json]
//                  [--population population.csv] [--country ISO3] [--allow-empty] [--records]
// Reads the cases from the store WITHOUT identifiers and counts the database's persons (new
// cases linked first, src/persons) and estimates the hidden total for the year from them, or
// counts by an ad-hoc `palermo link` clusters file, or per record; writes DIR/index.html, tables/*.csv,
// tables.json, microdata.csv (not with --dp-epsilon) and report.xlsx (docs/publish.md).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "cli/command.h"
#include "cli/persons_command.h"
#include "cli/report_command.h"
#include "publish/publish.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace report_command {

namespace fs = std::filesystem;
namespace pub = ::palermo::publish;

// A CLI11 check that an option is a whole number in [low, high]; a value outside is a usage
// error (exit code 2) whose message says the range in the user's language.
CLI::Validator WholeNumberIn(const Context& ctx, int64_t low, int64_t high) {
  const std::string message =
      Format({"must be a whole number from {low} to {high}, not \"{value}\"",
              "doit être un nombre entier de {low} à {high}, et non « {value} »"},
             ctx.lang, {{"low", std::to_string(low)}, {"high", std::to_string(high)}, {"value", "%VALUE%"}});
  return CLI::Validator(
      [message, low, high](std::string& text) -> std::string {
        int64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (ec == std::errc() && ptr == end && v >= low && v <= high) return "";
        std::string m = message;
        m.replace(m.find("%VALUE%"), 7, text.substr(0, 40));
        return m;
      },
      std::to_string(low) + ".." + std::to_string(high));
}

pub::PersonRow FromPerson(const persons::PersonSummary& p);

// One record as one row (--records, and records absent from a clusters file).
pub::PersonRow FromRecord(const CaseRecord& c) {
  return FromPerson(persons::Summarise(c.agency + ":" + c.local_id, {&c}));
}

// The records of one cluster as one person, by the persons module's rules (docs/persons.md).
pub::PersonRow Merge(const std::string& cluster_id, const std::vector<const CaseRecord*>& records) {
  return FromPerson(persons::Summarise("cluster:" + cluster_id, records));
}

// Reads `palermo link` clusters (file,record_id,cluster_id) and groups `cases` by cluster.
// A file's agency is its name without extension ("police.csv" -> police); when no agency has
// that code, the only agency holding the record id. Records absent from the file stay alone.
Result<std::vector<pub::PersonRow>> ByCluster(const std::vector<CaseRecord>& cases, const std::string& path,
                                              int64_t* unclustered) {
  const std::string name = fs::path(path).filename().string();
  Result<CsvTable> read = ReadCsvFile(path);
  if (!read.ok()) return read.status().WithContext("--clusters");
  const CsvTable& csv = *read;
  const auto file_col = csv.FindColumn("file"), id_col = csv.FindColumn("record_id"),
             cluster_col = csv.FindColumn("cluster_id");
  if (!file_col || !id_col || !cluster_col)
    return Status::InvalidArgument(name + ": needs the header file,record_id,cluster_id");
  std::map<std::pair<std::string, std::string>, size_t> by_key;  // (agency, local_id) -> case
  std::map<std::string, std::vector<std::string>> agencies_of_id;
  std::set<std::string> agencies;
  for (size_t i = 0; i < cases.size(); ++i) {
    by_key[{cases[i].agency, cases[i].local_id}] = i;
    agencies_of_id[cases[i].local_id].push_back(cases[i].agency);
    agencies.insert(cases[i].agency);
  }
  std::map<std::string, std::vector<const CaseRecord*>> clusters;
  std::vector<bool> used(cases.size(), false);
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const std::string where = name + ":line " + std::to_string(r + 2);
    std::string agency = fs::path(std::string(Trim(row[*file_col]))).stem().string();
    const std::string id(Trim(row[*id_col]));
    const std::string cluster(Trim(row[*cluster_col]));
    if (agency.empty() || id.empty() || cluster.empty())
      return Status::InvalidArgument(where + ": " +
                                     (agency.empty() ? "file" : id.empty() ? "record_id" : "cluster_id") +
                                     " is empty");
    if (!agencies.count(agency)) {
      auto it = agencies_of_id.find(id);
      if (it == agencies_of_id.end()) continue;  // a record not imported (quarantined): not counted
      if (it->second.size() != 1)
        return Status::InvalidArgument(where + ": file name matches no agency and the record id is used by several");
      agency = it->second.front();
    }
    auto it = by_key.find({agency, id});
    if (it == by_key.end()) continue;
    if (used[it->second]) return Status::InvalidArgument(where + ": record listed twice");
    used[it->second] = true;
    clusters[cluster].push_back(&cases[it->second]);
  }
  if (clusters.empty() && !cases.empty())
    return Status::InvalidArgument(name + ": none of its " + std::to_string(csv.rows.size()) +
                                   " records is in the database (is it the palermo link output of "
                                   "the imported lists?)");
  std::vector<pub::PersonRow> rows;
  for (const auto& [id, records] : clusters) rows.push_back(Merge(id, records));
  *unclustered = 0;
  for (size_t i = 0; i < cases.size(); ++i)
    if (!used[i]) {
      rows.push_back(FromRecord(cases[i]));
      ++*unclustered;
    }
  return rows;
}

pub::PersonRow FromPerson(const persons::PersonSummary& p) {
  pub::PersonRow r;
  r.person_key = p.key;
  r.sex = p.sex;
  r.age = p.age;
  r.forms = p.forms;
  r.citizenship = p.citizenship;
  r.country_of_exploitation = p.country_of_exploitation;
  r.agencies = p.agencies;
  r.year = p.year;
  r.status = p.status;
  return r;
}

// The estimate for `year` from the database's persons, as RESULT.json with its period; the
// same rule as `palermo estimate --year` (stepwise), so both give the same figures.
Result<std::string> EstimateFromPersons(const std::vector<persons::PersonSummary>& persons_,
                                        int year, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(estimate::CaptureTable table,
                           persons::CaptureHistories(persons_, year, "", lang));
  estimate::EstimateOptions options;
  options.method = estimate::Method::kStepwise;
  PALERMO_ASSIGN_OR_RETURN(estimate::StratifiedEstimate result,
                           estimate::EstimateByStratum(table, options));
  if (!std::isfinite(result.overall.total))
    return Status::FailedPrecondition(Msg{"the lists' overlaps do not identify a total",
                                          "les recoupements des listes ne permettent pas "
                                          "d'estimer un total"}
                                          .Get(lang));
  return EstimateJsonWithPeriod(estimate::ToJson(result, table.list_names), year);
}

// What a report from the database rests on: period, lists, linkage run, pairs in review.
void PrintStoreSources(const persons::StatisticsInput& in, const pub::ReportInput& input,
                       const std::string& no_estimate, const std::string& estimate_file,
                       const ReportArgs& args, Context& ctx) {
  if (in.last_run)
    std::cout << "  "
              << Format({"Persons from linkage run {run} ({at}, {mode}): {persons} persons from "
                         "{cases} cases; {review, plural, one {# pair} other {# pairs}} left to "
                         "review",
                         "Personnes du passage de mise en relation {run} ({at}, {mode}) : "
                         "{persons} personnes pour {cases} cas ; {review, plural, one {# paire} "
                         "other {# paires}} à examiner"},
                        ctx.lang,
                        {{"run", in.last_run->run_id},
                         {"at", in.last_run->at},
                         {"mode", in.last_run->full ? T(ctx, {"full", "complet"})
                                                    : T(ctx, {"incremental", "incrémental"})},
                         {"persons", in.last_run->persons},
                         {"cases", in.last_run->cases},
                         {"review", in.review_pairs}})
              << "\n";
  if (in.unlinked_cases > 0)
    std::cout << "  "
              << Format({"{n, plural, one {# case} other {# cases}} not linked, each counted as a "
                         "person",
                         "{n, plural, one {# cas non relié} other {# cas non reliés}}, chacun "
                         "compté comme une personne"},
                        ctx.lang, {{"n", in.unlinked_cases}})
              << "\n";
  if (args.dp_epsilon > 0) return;
  if (input.estimate) {
    std::string lists;
    for (const std::string& l : input.estimate->lists) lists += (lists.empty() ? "" : ", ") + l;
    std::cout << "  "
              << Format({"Estimate for persons first identified in {year}, from {lists}: {total} "
                         "({low} to {high}) -> {file}",
                         "Estimation pour les personnes identifiées pour la première fois en "
                         "{year}, d'après {lists} : {total} (de {low} à {high}) -> {file}"},
                        ctx.lang,
                        {{"year", std::to_string(args.year)},
                         {"lists", lists},
                         {"total", FormatNumber(input.estimate->estimate, ctx.lang)},
                         {"low", FormatNumber(input.estimate->ci_low, ctx.lang)},
                         {"high", FormatNumber(input.estimate->ci_high, ctx.lang)},
                         {"file", estimate_file}})
              << "\n";
  } else if (!no_estimate.empty()) {
    std::cout << "  "
              << Format({"No estimate section: {why}", "Pas de section d'estimation : {why}"},
                        ctx.lang, {{"why", no_estimate}})
              << "\n";
  }
}

// The data-quality annex's parts the store knows (issue 16, item 5): unresolved quarantined
// rows per agency, agencies named by their organisation name (the import's agency_name).
// The linkage figures, pairs left in review and the linkage run stay unset here ("not
// available" in the report) until the persons module fills them in `quality`.
Status FillDataQualityFromStore(store::Transaction& tx, pub::DataQuality& quality) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::QuarantineEntry> entries,
                           tx.ListQuarantine(/*all=*/false, /*with_raw=*/false));
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> orgs, tx.Query("SELECT code, name FROM organisation"));
  std::map<std::string, std::string> names;
  for (const store::SqlRow& row : orgs)
    if (row.size() == 2 && std::holds_alternative<std::string>(row[0]) && std::holds_alternative<std::string>(row[1]))
      names[std::get<std::string>(row[0])] = std::get<std::string>(row[1]);
  std::map<std::string, int64_t> per_agency;
  for (const store::QuarantineEntry& e : entries) ++per_agency[e.agency];
  quality.quarantined.emplace();
  for (const auto& [code, count] : per_agency) {
    auto it = names.find(code);
    quality.quarantined->push_back({code, it != names.end() && !it->second.empty() ? it->second : code, count});
  }
  return Status::Ok();
}

// The annex's linkage part, for a report from the database's persons: the engine's measured
// accuracy (data/link/accuracy.csv, as docs/link.md states it), the pairs left to review and
// the linkage run the persons come from.
Status FillLinkageQuality(const persons::StatisticsInput& in, Lang lang, pub::DataQuality& quality) {
  if (Result<fs::path> path = DataFile("link/accuracy.csv"); path.ok()) {
    PALERMO_ASSIGN_OR_RETURN(CsvTable table, ReadCsvFile(*path));
    const auto set = table.FindColumn("set"), p = table.FindColumn("precision"),
               r = table.FindColumn("recall"), f1 = table.FindColumn("f1"),
               source = table.FindColumn("source");
    if (!set || !p || !r || !f1 || !source)
      return Status::DataLoss("data/link/accuracy.csv: needs set,precision,recall,f1,source");
    for (const auto& row : table.rows) {
      pub::LinkageQuality q;
      q.set = row[*set];
      q.precision = std::strtod(row[*p].c_str(), nullptr);
      q.recall = std::strtod(row[*r].c_str(), nullptr);
      q.f1 = std::strtod(row[*f1].c_str(), nullptr);
      q.source = row[*source];
      quality.linkage.push_back(std::move(q));
    }
  }
  quality.pairs_in_review = in.review_pairs;
  if (in.last_run) {
    quality.linkage_run = pub::LinkageRun{
        in.last_run->at,
        Format({"run {run} ({mode}), {cases} cases, {persons} persons, match probability threshold "
                "{threshold}",
                "passage {run} ({mode}), {cases} cas, {persons} personnes, seuil de probabilité "
                "{threshold}"},
               lang,
               {{"run", in.last_run->run_id},
                {"mode", in.last_run->full ? Msg{"full", "complet"}.Get(lang)
                                           : Msg{"incremental", "incrémental"}.Get(lang)},
                {"cases", std::to_string(in.last_run->cases)},
                {"persons", std::to_string(in.last_run->persons)},
                {"threshold", FormatNumber(in.last_run->threshold, lang, 2)}})};
  }
  return Status::Ok();
}

// --budget-ledger named a file; the ledger now lives in the database (issue 16, item 2).
Status BudgetLedgerMoved(const Context& ctx) {
  return Status::InvalidArgument(
      T(ctx, {"--budget-ledger is no longer used: the privacy budget is kept in the database itself, keyed by "
              "the database's own id, so it cannot be reset by pointing at another file. Remove the option; "
              "spending recorded in an old ledger file is not carried over",
              "--budget-ledger n'est plus utilisé : le budget de confidentialité est tenu dans la base elle-même, "
              "sous l'identifiant propre de la base, et ne peut donc plus être remis à zéro en désignant un autre "
              "fichier. Retirez l'option ; les dépenses d'un ancien fichier registre ne sont pas reprises"}));
}

// Writes the release into a staging folder beside `out`, commits `tx` (which holds the privacy
// budget's charge), then moves the files into `out`. The charge is committed only if the
// release was written; a release is never shown without its charge committed. If the move
// fails after the commit, the budget stays spent (the safe side) and the error says where the
// files are.
Status WriteReportThenCommit(const pub::Report& report, const std::string& out, Lang lang, store::Transaction& tx) {
  const fs::path target = fs::path(out);
  const fs::path staging = fs::path(target.string() + ".partial");
  std::error_code ec;
  fs::remove_all(staging, ec);
  Status written = pub::WriteReport(report, staging, lang);
  if (written.ok()) written = tx.Commit();
  if (!written.ok()) {
    fs::remove_all(staging, ec);
    return written;
  }
  fs::create_directories(target, ec);
  if (!ec) fs::copy(staging, target, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Unavailable(staging.string() + " -> " + target.string() + ": " + ec.message());
  fs::remove_all(staging, ec);
  return Status::Ok();
}

// `palermo export --format hxl`: the release's tables as one HXL CSV, written beside `out`
// and renamed into place once `tx` (which would hold a DP charge, as for the report) commits.
Status WriteHxlThenCommit(const pub::Report& report, const std::string& out, Lang lang, store::Transaction& tx,
                          const Context& ctx) {
  const fs::path target(out);
  const fs::path staging(target.string() + ".partial");
  {
    std::ofstream file(staging, std::ios::binary | std::ios::trunc);
    file << pub::RenderHxlCsv(report, lang);
    file.close();
    if (!file) return Status::Unavailable("cannot write " + staging.string());
  }
  std::error_code ec;
  if (Status committed = tx.Commit(); !committed.ok()) {
    fs::remove(staging, ec);
    return committed;
  }
  fs::rename(staging, target, ec);
  if (ec) return Status::Unavailable(staging.string() + " -> " + target.string() + ": " + ec.message());
  if (!ctx.quiet) {
    int64_t suppressed = 0;
    for (const pub::Table& t : report.tables)
      if (t.id == "sex_age" || t.id == "form" || t.id == "citizenship")
        suppressed += std::count_if(t.state.begin(), t.state.end(),
                                    [](pub::CellState s) { return s != pub::CellState::kPublished; });
    std::cout << Format({"HXL tables for {year} written to {file} ({cells, plural, one {# cell} other {# cells}} "
                         "suppressed, as in the report)",
                         "Tableaux HXL {year} écrits dans {file} ({cells, plural, one {# case masquée} other "
                         "{# cases masquées}}, comme dans le rapport)"},
                        ctx.lang,
                        {{"year", std::to_string(report.input.year)}, {"file", out}, {"cells", suppressed}})
              << "\n";
  }
  return Status::Ok();
}

}  // namespace report_command

Status WriteNationalReport(const ReportArgs& args, Context& ctx) {
  using namespace report_command;  // this file's helpers (FromRecord, Merge, pub, fs)
  const Lang lang = args.lang.empty() ? ctx.lang : ParseLang(args.lang);
  if (args.rounding != 0 && args.rounding != 3 && args.rounding != 5)
    return Status::InvalidArgument(T(ctx, {"--rounding must be 3 or 5", "--rounding doit valoir 3 ou 5"}));
  if (args.k < 2) return Status::InvalidArgument(T(ctx, {"--k must be at least 2", "--k doit valoir au moins 2"}));
  if (args.threshold < 1)
    return Status::InvalidArgument(T(ctx, {"--threshold must be at least 1", "--threshold doit valoir au moins 1"}));

  store::StoreOptions options;
  options.url = ctx.db_url;
  options.key_file = ctx.KeyFilePath();
  pub::RegisterMigrations();  // the privacy-budget ledger's tables
  // Without --clusters or --records: the database's persons, new cases linked first (before
  // this command's own transaction, which holds the database until the release is written).
  const bool from_store = args.clusters.empty() && !args.records;
  std::optional<persons::StatisticsInput> stored;
  if (from_store) {
    PALERMO_ASSIGN_OR_RETURN(stored, PersonsFromStore(ctx));
  }
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, store::Store::Open(options));
  PALERMO_ASSIGN_OR_RETURN(auto tx, db->Begin(store::Actor{"report", "", "analyst"}));
  // Statistics never need identifiers: they stay encrypted.
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases,
                           tx->ListCases("", /*with_identifiers=*/false, "national report"));

  pub::ReportInput input;
  input.year = args.year;
  int64_t unclustered = 0;
  if (from_store) {
    for (const persons::PersonSummary& p : stored->persons) input.rows.push_back(FromPerson(p));
    input.unit = pub::Unit::kUniquePersons;
  } else if (!args.clusters.empty()) {
    PALERMO_ASSIGN_OR_RETURN(input.rows, ByCluster(cases, args.clusters, &unclustered));
    input.unit = pub::Unit::kUniquePersons;
  } else {
    for (const CaseRecord& c : cases) input.rows.push_back(FromRecord(c));
    input.unit = pub::Unit::kRecords;
  }
  input.dataset_id = "store:" + ctx.db_url;
  PALERMO_RETURN_IF_ERROR(FillDataQualityFromStore(*tx, input.data_quality));
  if (stored) PALERMO_RETURN_IF_ERROR(FillLinkageQuality(*stored, lang, input.data_quality));

  // A year with no victim gives a report of zeros that looks like a finding: refuse unless asked.
  std::set<int> years;
  int64_t in_year = 0;
  for (const pub::PersonRow& p : input.rows) {
    if (p.status == VictimStatus::kNotAVictim || !p.year) continue;
    years.insert(*p.year);
    if (*p.year == args.year) ++in_year;
  }
  if (in_year == 0) {
    std::string list;
    for (int y : years) list += (list.empty() ? "" : ", ") + std::to_string(y);
    if (list.empty()) list = "-";
    if (!args.allow_empty)
      return Status::FailedPrecondition(Format(
          {"no victim identified in {year} in this database (years with victims: {years}); the report would be "
           "empty. Choose another --year, or pass --allow-empty to write it anyway",
           "aucune victime identifiée en {year} dans cette base (années avec des victimes : {years}) ; le rapport "
           "serait vide. Choisissez une autre --year, ou ajoutez --allow-empty pour l’écrire quand même"},
          ctx.lang, {{"year", std::to_string(args.year)}, {"years", list}}));
    std::cerr << Format({"palermo: warning: no victim identified in {year} (years with victims: {years}); the "
                         "report is empty",
                         "palermo : avertissement : aucune victime identifiée en {year} (années avec des victimes : "
                         "{years}) ; le rapport est vide"},
                        ctx.lang, {{"year", std::to_string(args.year)}, {"years", list}})
              << "\n";
  }

  // Reporting country: given, else the most frequent country of exploitation.
  input.reporting_country = args.country;
  if (input.reporting_country.empty()) {
    std::vector<std::string> coes;
    for (const pub::PersonRow& p : input.rows) coes.push_back(p.country_of_exploitation);
    input.reporting_country = persons::MostFrequent(coes);
  } else if (const Country* c = CodeLists::Default().FindCountry(args.country)) {
    input.reporting_country = c->alpha3;
  } else {
    return Status::InvalidArgument(T(ctx, {"--country: unknown country code", "--country : code de pays inconnu"}));
  }

  if (!args.population.empty()) {
    PALERMO_ASSIGN_OR_RETURN(input.population, pub::PopulationTable::ReadCsv(args.population));
    if (input.reporting_country.empty())
      return Status::InvalidArgument(T(ctx, {"--population needs --country (no country of exploitation is recorded)",
                                             "--population exige --country (aucun pays d'exploitation n'est renseigné)"}));
  } else if (Result<fs::path> bundled = DataFile("publish/population.csv"); bundled.ok()) {
    // The bundled World Bank extract: a missing country-year only drops the rates.
    Result<pub::PopulationTable> table = pub::PopulationTable::ReadCsv(*bundled);
    if (table.ok() && table->Get(input.reporting_country, args.year).ok()) input.population = *table;
  }
  std::string estimate_json;  // written beside the report when estimated here
  std::string no_estimate;    // why there is no estimate section, from the database
  if (!args.estimate.empty()) {
    PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(args.estimate));
    PALERMO_ASSIGN_OR_RETURN(input.estimate, pub::ParseEstimateSummary(text));
    if (input.estimate->year && *input.estimate->year != args.year)
      return Status::InvalidArgument(Format(
          {"--estimate is for {year_e}, the report for {year}: estimate that year (palermo "
           "estimate --year {year})",
           "--estimate porte sur {year_e}, le rapport sur {year} : estimez cette année-là "
           "(palermo estimate --year {year})"},
          ctx.lang,
          {{"year_e", std::to_string(*input.estimate->year)}, {"year", std::to_string(args.year)}}));
  } else if (from_store) {
    Result<std::string> json = EstimateFromPersons(stored->persons, args.year, lang);
    if (json.ok()) {
      estimate_json = *json;
      PALERMO_ASSIGN_OR_RETURN(input.estimate, pub::ParseEstimateSummary(estimate_json));
    } else {
      no_estimate = json.status().message();
    }
  }

  pub::DisclosureOptions disclosure;
  disclosure.threshold = args.threshold;
  disclosure.rounding = static_cast<pub::Rounding>(args.rounding);
  disclosure.dp_epsilon = args.dp_epsilon;
  disclosure.dp_budget = args.dp_budget;
  disclosure.dp_delta = args.dp_delta;
  disclosure.dp_first_year = args.dp_first_year;
  disclosure.dp_last_year = args.year;
  if (args.dp_epsilon > 0 && args.dp_first_year > args.year)
    return Status::InvalidArgument(T(ctx, {"--dp-first-year must not be after --year", "--dp-first-year ne doit pas être après --year"}));
  if (!args.budget_ledger.empty()) return BudgetLedgerMoved(ctx);
  // The budget is charged in this transaction, committed only once the release is written.
  const std::unique_ptr<pub::PrivacyLedger> ledger = pub::StoreLedger(*tx, ctx.lang);
  disclosure.ledger = ledger.get();
  pub::KAnonymityOptions kanon;
  kanon.k = args.k;
  kanon.l = args.l;
  PALERMO_ASSIGN_OR_RETURN(pub::Report report, pub::MakeReport(input, disclosure, kanon));
  if (!args.hxl_out.empty()) return WriteHxlThenCommit(report, args.hxl_out, lang, *tx, ctx);
  PALERMO_RETURN_IF_ERROR(WriteReportThenCommit(report, args.out, lang, *tx));
  // A DP release publishes no exact count: its estimate (exact observed count) stays unwritten.
  if (!estimate_json.empty() && args.dp_epsilon == 0) {
    std::ofstream file(fs::path(args.out) / "estimate.json", std::ios::binary | std::ios::trunc);
    file << estimate_json;
    file.close();
    if (!file) return Status::Unavailable("cannot write estimate.json");
  }

  if (!ctx.quiet) {
    int64_t suppressed = 0;
    for (const pub::Table& t : report.tables)
      suppressed += std::count_if(t.state.begin(), t.state.end(), [](pub::CellState s) { return s != pub::CellState::kPublished; });
    // A DP release publishes no exact count; its summary does not print one either.
    if (args.dp_epsilon > 0)
      std::cout << Format({"Differentially private report for {year} written to {dir} ({unit})",
                           "Rapport différentiellement confidentiel {year} écrit dans {dir} ({unit})"},
                          ctx.lang,
                          {{"year", std::to_string(args.year)},
                           {"dir", (fs::path(args.out) / "index.html").string()},
                           {"unit", input.unit == pub::Unit::kUniquePersons
                                        ? T(ctx, {"unique persons", "personnes uniques"})
                                        : T(ctx, {"records, not unique persons", "enregistrements, pas des personnes uniques"})}})
                << "\n";
    else
    std::cout << Format({"Report for {year} written to {dir} ({rows, plural, one {# row} other {# rows}}, "
                         "{unit}; {cells, plural, one {# cell} other {# cells}} suppressed)",
                         "Rapport {year} écrit dans {dir} ({rows, plural, one {# ligne} other {# lignes}}, "
                         "{unit} ; {cells, plural, one {# case masquée} other {# cases masquées}})"},
                        ctx.lang,
                        {{"year", std::to_string(args.year)},
                         {"dir", (fs::path(args.out) / "index.html").string()},
                         {"rows", static_cast<int64_t>(input.rows.size())},
                         {"unit", input.unit == pub::Unit::kUniquePersons
                                      ? T(ctx, {"unique persons", "personnes uniques"})
                                      : T(ctx, {"records, not unique persons", "enregistrements, pas des personnes uniques"})},
                         {"cells", suppressed}})
              << "\n";
    if (stored)
      PrintStoreSources(*stored, input, no_estimate,
                        estimate_json.empty() ? args.estimate
                                              : (fs::path(args.out) / "estimate.json").string(),
                        args, ctx);
    if (unclustered > 0 && args.dp_epsilon == 0)
      std::cout << Format({"{n, plural, one {# record} other {# records}} not in the clusters file counted as separate persons",
                           "{n, plural, one {# enregistrement absent} other {# enregistrements absents}} du fichier de "
                           "grappes, comptés comme des personnes distinctes"},
                          ctx.lang, {{"n", unclustered}})
                << "\n";
  }
  return Status::Ok();
}

namespace report_command {

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", T(ctx, {"Write the national report (HTML, CSV, JSON, XLSX) with disclosure control",
                        "Écrire le rapport national (HTML, CSV, JSON, XLSX) avec contrôle de la divulgation"}));
  cmd->add_option("--year", args->year, T(ctx, {"Reporting year", "Année du rapport"}))
      ->required()
      ->check(WholeNumberIn(ctx, 1900, 2200));
  cmd->add_option("--out", args->out, T(ctx, {"Output folder", "Dossier de sortie"}))->required();
  cmd->add_option("--lang", args->lang, T(ctx, {"Language of the report: fr or en", "Langue du rapport : fr ou en"}))
      ->check(CLI::IsMember({"fr", "en"}));
  cmd->add_option("--k", args->k, T(ctx, {"k of k-anonymous microdata (default 11)", "k des microdonnées k-anonymes (11 par défaut)"}))
      ->check(WholeNumberIn(ctx, 2, 1000000));
  cmd->add_option("--l", args->l, T(ctx, {"l-diversity on form of exploitation (default 2)",
                                          "l-diversité sur la forme d'exploitation (2 par défaut)"}))
      ->check(WholeNumberIn(ctx, 1, 1000));
  cmd->add_option("--threshold", args->threshold,
                  T(ctx, {"Smallest count published (default 5)", "Plus petit effectif publié (5 par défaut)"}))
      ->check(WholeNumberIn(ctx, 1, 1000000));
  cmd->add_option("--rounding", args->rounding, T(ctx, {"Round counts to base 3 or 5", "Arrondir les effectifs en base 3 ou 5"}))
      ->check(CLI::IsMember({0, 3, 5}));
  cmd->add_option("--dp-epsilon", args->dp_epsilon,
                  T(ctx, {"Add differential-privacy noise with this epsilon", "Ajouter un bruit de confidentialité différentielle d'epsilon donné"}))
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--dp-delta", args->dp_delta,
                  T(ctx, {"Delta of a DP release: the chance that a route or agency overlap of one person is shown "
                          "(default 0.000001)",
                          "Delta d'une publication DP : la probabilité qu'un itinéraire ou un recoupement d'une seule "
                          "personne soit montré (0,000001 par défaut)"}))
      ->check(CLI::Range(1e-15, 0.1));
  cmd->add_option("--dp-first-year", args->dp_first_year,
                  T(ctx, {"First year of the year table of a DP release (default: the reporting year minus 9)",
                          "Première année du tableau par année d'une publication DP (par défaut : l'année du rapport moins 9)"}))
      ->check(WholeNumberIn(ctx, 1900, 2200));
  cmd->add_option("--dp-budget", args->dp_budget,
                  T(ctx, {"Total epsilon allowed for this database (default 1, fixed at the first release)",
                          "Epsilon total permis pour cette base (1 par défaut, fixé à la première publication)"}))
      ->check(CLI::PositiveNumber);
  cmd->add_option("--budget-ledger", args->budget_ledger,
                  T(ctx, {"No longer used: the privacy budget is kept in the database", "N'est plus utilisé : le budget est tenu dans la base"}));
  cmd->add_option("--clusters", args->clusters,
                  T(ctx, {"Ad-hoc palermo link output to count persons by (default: the database's persons, new cases "
                          "linked first)",
                          "Sortie ad hoc de palermo link pour compter les personnes (par défaut : les personnes de la "
                          "base, nouveaux cas reliés d'abord)"}));
  cmd->add_flag("--records", args->records,
                T(ctx, {"Count records, not persons (no linkage)", "Compter les enregistrements, pas les personnes (sans mise en relation)"}));
  cmd->add_option("--estimate", args->estimate,
                  T(ctx, {"palermo estimate RESULT.json (default: estimated from the database's persons for --year)",
                          "RESULT.json de palermo estimate (par défaut : estimé d'après les personnes de la base pour --year)"}));
  cmd->add_option("--population", args->population,
                  T(ctx, {"Population CSV (iso3,year,population) for SDG 16.2.2", "CSV de population (iso3,year,population) pour l'ODD 16.2.2"}));
  cmd->add_option("--country", args->country,
                  T(ctx, {"Reporting country (default: most frequent country of exploitation)",
                          "Pays du rapport (par défaut : le pays d'exploitation le plus fréquent)"}));
  cmd->add_flag("--allow-empty", args->allow_empty,
               T(ctx, {"Write the report even if no victim was identified that year",
                       "Écrire le rapport même si aucune victime n'a été identifiée cette année-là"}));
  cmd->callback([args, &ctx] { ctx.Finish(WriteNationalReport(*args, ctx)); });
}

}  // namespace report_command
PALERMO_REGISTER_COMMAND(report, 70, report_command::Setup);
}  // namespace palermo::cli
