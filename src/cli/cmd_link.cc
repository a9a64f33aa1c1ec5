// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo link: finds the same person among the database's cases, or across and within
// agencies' CSV lists given as files (ad-hoc work).
//   palermo link [--full] [--decisions D.csv] [--review R.csv]        (the database: persons.h)
//   palermo link --mapping MAP.json --out clusters.csv FILE.csv [FILE.csv ...]
// Contract (docs/link.md): clusters.csv has exactly the header file,record_id,cluster_id and
// one line per input record, singletons included.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "cli/actor_options.h"
#include "cli/command.h"
#include "cli/persons_command.h"
#include "ingest/ingest.h"
#include "link/link.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace link_command {

struct LinkArgs {
  std::string mapping;
  std::string out;
  std::vector<std::string> files;
  // The library's defaults, so `palermo link` and `palermo demo` link alike.
  double threshold = link::LinkOptions{}.threshold;
  double review_lower = link::LinkOptions{}.review_lower;
  double review_upper = link::LinkOptions{}.review_upper;
  double bridge_probability = link::LinkOptions{}.bridge_probability;
  std::string explain;
  std::string review;
  std::string decisions;
  int threads = 1;
  std::string default_region;
  bool no_transliteration = false;
  bool no_variants = false;
  size_t max_block_size = link::BlockingOptions{}.max_block_size;
  bool full = false;  // store mode: re-link every case
  int lock_wait = 600;  // store mode: seconds to wait for a linkage run in progress
  ActorOptions who;   // store mode: who runs it
};

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::NotFound("cannot write " + std::filesystem::path(path).filename().string());
  out << text;
  out.close();
  if (!out) return Status::Unavailable("cannot write " + std::filesystem::path(path).filename().string());
  return Status::Ok();
}

// Reads file_a,record_id_a,file_b,record_id_b,decision (other columns ignored; empty
// decisions skipped). Errors name the line and column, never the record id.
Result<std::vector<link::Decision>> ReadDecisions(const std::string& path,
                                                  const std::vector<link::InputFile>& inputs) {
  const std::string name = std::filesystem::path(path).filename().string();
  Result<CsvTable> table = ReadCsvFile(path);
  if (!table.ok()) {
    if (table.status().code() == StatusCode::kNotFound)
      return Status::NotFound(name + ": cannot read the file");
    return table.status();
  }
  std::map<std::string, size_t, std::less<>> file_index;
  for (size_t t = 0; t < inputs.size(); ++t) file_index[inputs[t].table.name] = t;
  std::vector<std::unordered_map<std::string, uint32_t>> row_of(inputs.size());
  for (size_t t = 0; t < inputs.size(); ++t)
    for (size_t r = 0; r < inputs[t].record_ids.size(); ++r)
      row_of[t][inputs[t].record_ids[r]] = static_cast<uint32_t>(r);
  std::array<size_t, 5> col{};
  const std::array<const char*, 5> names = {"file_a", "record_id_a", "file_b", "record_id_b",
                                            "decision"};
  for (size_t k = 0; k < names.size(); ++k) {
    std::optional<size_t> c = table->FindColumn(names[k]);
    if (!c) return Status::InvalidArgument(name + " line 1: no column '" + names[k] + "'");
    col[k] = *c;
  }
  std::vector<link::Decision> decisions;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    const std::string where = name + " line " + std::to_string(r + 2);
    const std::string_view decision = Trim(row[col[4]]);
    if (decision.empty()) continue;
    if (decision != "match" && decision != "non_match")
      return Status::InvalidArgument(where + ", decision: must be match or non_match");
    link::Decision d;
    d.is_match = decision == "match";
    for (int side = 0; side < 2; ++side) {
      const std::string file(Trim(row[col[side * 2]]));
      auto f = file_index.find(file);
      if (f == file_index.end())
        return Status::InvalidArgument(where + ", " + names[side * 2] + ": no input file '" +
                                       file + "'");
      auto rec = row_of[f->second].find(std::string(Trim(row[col[side * 2 + 1]])));
      if (rec == row_of[f->second].end())
        return Status::InvalidArgument(where + ", " + names[side * 2 + 1] +
                                       ": no such record in " + file);
      (side == 0 ? d.table_a : d.table_b) = static_cast<uint32_t>(f->second);
      (side == 0 ? d.row_a : d.row_b) = rec->second;
    }
    decisions.push_back(d);
  }
  return decisions;
}

std::string PairsCsv(const link::LinkResult& result, const std::vector<link::InputFile>& inputs,
                     const std::vector<link::PairExplanation>& pairs, bool with_decision) {
  std::ostringstream out;
  out << "file_a,record_id_a,file_b,record_id_b,match_probability,match_weight,prior_weight";
  for (int f = 0; f < link::kFieldCount; ++f) {
    if (!result.model.active[f]) continue;
    const std::string_view field = link::FieldName(static_cast<link::Field>(f));
    out << ',' << field << "_level," << field << "_weight";
  }
  out << ",names_swapped";
  if (with_decision) out << ",decision";
  out << '\n';
  char number[64];
  for (const link::PairExplanation& p : pairs) {
    const link::Record& a = result.data.records[p.a];
    const link::Record& b = result.data.records[p.b];
    out << CsvEscape(inputs[a.source].table.name) << ',' << CsvEscape(inputs[a.source].record_ids[a.row])
        << ',' << CsvEscape(inputs[b.source].table.name) << ','
        << CsvEscape(inputs[b.source].record_ids[b.row]);
    const double prior = result.model.prior_log2_odds +
                         (a.source == b.source ? result.model.same_source_log2_adjust : 0.0);
    std::snprintf(number, sizeof(number), ",%.6f,%.3f,%.3f", p.probability, p.weights.total_log2,
                  prior);
    out << number;
    for (int f = 0; f < link::kFieldCount; ++f) {
      if (!result.model.active[f]) continue;
      std::snprintf(number, sizeof(number), "%.3f",
                    p.weights.field_log2[f] + p.weights.tf_log2[f]);
      const bool band = f == static_cast<int>(link::Field::kBirthDate) &&
                        p.comparison.birth_band_compatible;
      out << ',' << (band ? std::string_view("age_band_compatible")
                          : link::LevelName(static_cast<link::Field>(f), p.comparison.level[f]))
          << ',' << number;
    }
    out << ',' << (p.comparison.swapped_names ? "yes" : "no");
    if (with_decision) out << ',';
    out << '\n';
  }
  return out.str();
}

// The fitted model, one line per field and level: what --explain's weights come from.
std::string ModelCsv(const link::LinkResult& result) {
  std::ostringstream out;
  out << "field,level,m,u,weight,pooled_with\n";
  char number[96];
  const link::ModelParams& model = result.model;
  for (int f = 0; f < link::kFieldCount; ++f) {
    if (!model.active[f]) continue;
    const auto field = static_cast<link::Field>(f);
    for (int l = link::LevelCount(field) - 1; l >= 0; --l) {
      std::string pooled;
      for (int other = 0; other < link::LevelCount(field); ++other)
        if (other != l && model.pool_group[f][other] == model.pool_group[f][l])
          pooled += (pooled.empty() ? "" : ";") + std::string(link::LevelName(field, other));
      std::snprintf(number, sizeof(number), "%.6g,%.6g,%.3f", model.m[f][l], model.u[f][l],
                    model.weight_log2[f][l]);
      out << link::FieldName(field) << ',' << link::LevelName(field, l) << ',' << number << ','
          << CsvEscape(pooled) << '\n';
    }
  }
  std::snprintf(number, sizeof(number), "%.3f", model.prior_log2_odds);
  out << "prior,," << ",," << number << "," << model.prior_method << '\n';
  if (model.same_source_log2_adjust != 0) {
    std::snprintf(number, sizeof(number), "%.3f",
                  model.prior_log2_odds + model.same_source_log2_adjust);
    out << "prior,same_list,,," << number << "," << model.prior_method << '\n';
  }
  return out.str();
}

}  // namespace link_command

// The fit's corrections and the date orders decided, in the user's language. Field, level
// and column names only.
std::vector<std::string> DescribeModelNotes(const link::ModelParams& model,
                                            const std::vector<link::DateColumnNote>& dates,
                                            Lang lang) {
  std::vector<std::string> lines;
  for (const link::ModelNote& note : model.notes) {
    const std::string field(link::FieldName(note.field));
    switch (note.kind) {
      case link::ModelNote::Kind::kPooled: {
        std::string levels;
        for (int l : note.levels)
          levels += (levels.empty() ? "" : ", ") + std::string(link::LevelName(note.field, l));
        constexpr Msg kPooled{
            "{field}: levels {levels} share one weight (fitted separately, a closer agreement "
            "would have weighed less)",
            "{field} : les niveaux {levels} partagent un même poids (estimés séparément, un "
            "accord plus étroit aurait pesé moins)"};
        lines.push_back(Format(kPooled, lang, {{"field", field}, {"levels", levels}}));
        break;
      }
      case link::ModelNote::Kind::kDisagreementBounded: {
        constexpr Msg kBounded{
            "{field}: the share of true matches that disagree was held within its bounds (2% to "
            "10%; up to 90% for phone, address, city, e-mail and document, which people change or "
            "hold several of)",
            "{field} : la part des vraies correspondances en désaccord a été maintenue dans ses "
            "bornes (de 2 % à 10 % ; jusqu'à 90 % pour le téléphone, l'adresse, la ville, le "
            "courriel et le document, que les personnes changent ou ont en plusieurs)"};
        lines.push_back(Format(kBounded, lang, {{"field", field}}));
        break;
      }
      case link::ModelNote::Kind::kNoEvidence: {
        constexpr Msg kNone{"{field}: agreement is no evidence of a match in these lists (weight 0)",
                            "{field} : l'accord n'indique pas une même personne dans ces listes "
                            "(poids 0)"};
        lines.push_back(Format(kNone, lang, {{"field", field}}));
        break;
      }
      case link::ModelNote::Kind::kDefaultM: {
        constexpr Msg kDefault{"{field}: no pairs to learn from; default agreement rates used",
                               "{field} : aucune paire pour apprendre ; taux d'accord par défaut"};
        lines.push_back(Format(kDefault, lang, {{"field", field}}));
        break;
      }
      case link::ModelNote::Kind::kPriorBounded: {
        constexpr Msg kPrior{"prior: expected matches held at 2 per record",
                             "a priori : correspondances attendues plafonnées à 2 par fiche"};
        lines.push_back(Format(kPrior, lang, {}));
        break;
      }
    }
  }
  for (const link::DateColumnNote& note : dates) {
    const link::DateOrderEvidence& e = note.evidence;
    auto format = [&](const Msg& msg) {
      return Format(msg, lang,
                    {{"file", note.table},
                     {"column", note.column},
                     {"month_first", static_cast<int64_t>(e.month_first)},
                     {"day_first", static_cast<int64_t>(e.day_first)}});
    };
    if (e.day_first > 0 && e.month_first > 0) {
      constexpr Msg kMixed{
          "{file}, column {column}: {day_first} dates can only be day first and {month_first} "
          "only month first; each is read the way it can be, the others day first",
          "{file}, colonne {column} : {day_first} dates ne se lisent que jour d'abord et "
          "{month_first} que mois d'abord ; chacune est lue comme elle peut l'être, les autres "
          "jour d'abord"};
      lines.push_back(format(kMixed));
    } else if (e.order() == link::DateOrder::kMonthFirst) {
      constexpr Msg kMonth{"{file}, column {column}: dates read month first (MM/DD/YYYY)",
                           "{file}, colonne {column} : dates lues mois d'abord (MM/JJ/AAAA)"};
      lines.push_back(format(kMonth));
    } else if (e.undecided()) {
      constexpr Msg kAmbiguous{
          "{file}, column {column}: no date shows whether the day or the month comes first; "
          "read day first",
          "{file}, colonne {column} : aucune date n'indique si le jour ou le mois vient en "
          "premier ; lues jour d'abord"};
      lines.push_back(format(kAmbiguous));
    }
  }
  return lines;
}

namespace link_command {

// PAIRS.csv -> PAIRS.model.csv
std::string ModelPath(const std::string& explain) {
  std::filesystem::path p(explain);
  return (p.parent_path() / (p.stem().string() + ".model.csv")).string();
}

// How to read one input file: its columns' roles, and how its bytes are laid out.
struct FilePlan {
  std::vector<std::pair<std::string, link::Role>> columns;
  std::optional<ingest::Mapping> import;  // set when the entry is an import mapping
};

// The import mapping's model fields that linkage compares, as link roles.
std::optional<link::Role> RoleOfModelField(std::string_view field) {
  static const std::map<std::string_view, link::Role> roles = {
      {"local_id", link::Role::kRecordId},         {"given_name", link::Role::kGivenName},
      {"family_name", link::Role::kFamilyName},    {"full_name", link::Role::kFullName},
      {"sex", link::Role::kSex},                   {"birth_date", link::Role::kBirthDate},
      {"birth_year", link::Role::kBirthYear},      {"age", link::Role::kAge},
      {"citizenship", link::Role::kNationality},   {"phone", link::Role::kPhone},
      {"document_number", link::Role::kDocumentNumber}, {"address", link::Role::kAddress},
      {"city", link::Role::kCity},                 {"identification_date", link::Role::kRecordDate}};
  const auto it = roles.find(field);
  if (it == roles.end()) return std::nullopt;
  return it->second;
}

// The mapping file: either `palermo import`'s mapping (an object with "columns"), used for
// every input file, or {file or "*": {column: role}} where an entry may itself be an import
// mapping. Errors name the mapping file and the entry.
Result<std::map<std::string, FilePlan, std::less<>>> ParsePlans(const std::string& text,
                                                                const std::string& name) {
  std::map<std::string, FilePlan, std::less<>> plans;
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text, nullptr, false);
  auto import_plan = [&](const std::string& json, const std::string& where) -> Result<FilePlan> {
    PALERMO_ASSIGN_OR_RETURN(ingest::Mapping m, ingest::ParseMapping(json, where));
    FilePlan plan;
    for (const auto& [column, field] : m.columns)
      if (std::optional<link::Role> role = RoleOfModelField(field))
        plan.columns.emplace_back(column, *role);
    plan.import = std::move(m);
    return plan;
  };
  if (!doc.is_discarded() && doc.is_object() && doc.contains("columns") &&
      doc["columns"].is_object()) {
    PALERMO_ASSIGN_OR_RETURN(plans["*"], import_plan(text, name));
    return plans;
  }
  if (!doc.is_discarded() && doc.is_object()) {
    // Import-mapping entries are taken out before the {column: role} entries are parsed.
    nlohmann::ordered_json plain = nlohmann::ordered_json::object();
    for (const auto& [file, entry] : doc.items()) {
      if (entry.is_object() && entry.contains("columns") && entry["columns"].is_object()) {
        PALERMO_ASSIGN_OR_RETURN(plans[file],
                                 import_plan(entry.dump(), name + ", entry '" + file + "'"));
      } else {
        plain[file] = entry;
      }
    }
    if (plain.empty()) return plans;
    PALERMO_ASSIGN_OR_RETURN(link::Mapping mapping, link::ParseMapping(plain.dump(), name));
    for (auto& [file, columns] : mapping.by_file) plans[file].columns = std::move(columns);
    return plans;
  }
  // Not an object (or not JSON): the link mapping parser names the place.
  PALERMO_ASSIGN_OR_RETURN(link::Mapping mapping, link::ParseMapping(text, name));
  for (auto& [file, columns] : mapping.by_file) plans[file].columns = std::move(columns);
  return plans;
}

const FilePlan* PlanFor(const std::map<std::string, FilePlan, std::less<>>& plans,
                        std::string_view basename) {
  if (auto it = plans.find(basename); it != plans.end()) return &it->second;
  if (const size_t dot = basename.rfind('.'); dot != std::string_view::npos && dot > 0)
    if (auto it = plans.find(basename.substr(0, dot)); it != plans.end()) return &it->second;
  if (auto it = plans.find("*"); it != plans.end()) return &it->second;
  return nullptr;
}

// Reads one file the way `palermo import` would (encoding, separator, BOM, quotes): with an
// import mapping, as it declares, applying its code tables to sex and citizenship; with a
// {column: role} entry, with the separator and encoding sniffed from the bytes.
// `bytes` is the whole file, read once by the caller.
Result<link::InputFile> ReadLinkInput(const std::string& basename, std::string bytes,
                                      const FilePlan& plan) {
  ingest::Mapping reading;
  if (plan.import) {
    reading = *plan.import;
    reading.columns.clear();  // missing columns are reported below, with their role
  } else {
    const ingest::CsvLayout layout = ingest::SniffCsvLayout(bytes);
    reading.separator = layout.separator;
    reading.encoding = layout.encoding;
  }
  PALERMO_ASSIGN_OR_RETURN(ingest::TextTable table,
                           ingest::ReadTextTable(std::move(bytes), basename, reading));
  if (!table.uneven_lines.empty())
    return Status::InvalidArgument(basename + " line " + std::to_string(table.uneven_lines[0]) +
                                   ": the number of fields differs from the header's");
  if (plan.import) {
    // Agency codes to values the linkage understands ("2" -> female, "NG" -> Nigeria).
    for (const auto& [column, field] : plan.import->columns) {
      const auto values = plan.import->values.find(field);
      if (values == plan.import->values.end()) continue;
      const auto col = std::find(table.header.begin(), table.header.end(), column);
      if (col == table.header.end()) continue;
      const size_t c = static_cast<size_t>(col - table.header.begin());
      for (auto& row : table.rows)
        if (auto v = values->second.find(row[c]); v != values->second.end()) row[c] = v->second;
    }
  }
  std::vector<size_t> lines(table.lines.begin(), table.lines.end());
  PALERMO_ASSIGN_OR_RETURN(link::InputFile input,
                           link::MakeInputFile(basename, std::move(table.header),
                                               std::move(table.rows), std::move(lines),
                                               plan.columns));
  if (plan.import && plan.import->date_order == ingest::DateOrder::kMdy)
    input.table.date_order = link::DateOrder::kMonthFirst;
  else if (plan.import)
    input.table.date_order = link::DateOrder::kDayFirst;
  return input;
}

// The engine's options from the command line, the same for files and for the database.
link::LinkOptions OptionsOf(const LinkArgs& args) {
  link::LinkOptions options;
  options.threshold = args.threshold;
  options.review_lower = std::min(args.review_lower, args.threshold);
  options.review_upper = args.review_upper;
  options.bridge_probability = args.bridge_probability;
  options.threads = std::max(1, args.threads);
  options.normalise.transliterate = !args.no_transliteration;
  options.normalise.use_variants = !args.no_variants;
  options.normalise.default_region = args.default_region;
  options.blocking.max_block_size = args.max_block_size;
  return options;
}

Status RunLink(const LinkArgs& args, Context& ctx) {
  if (args.files.empty()) {
    // No files: the store's cases (src/persons).
    if (!args.mapping.empty() || !args.out.empty() || !args.explain.empty())
      return Status::InvalidArgument(
          T(ctx, {"--mapping, --out and --explain are for linking files; without files palermo "
                  "link links the database's cases (see palermo persons export)",
                  "--mapping, --out et --explain servent à lier des fichiers ; sans fichier, "
                  "palermo link lie les cas de la base (voir palermo persons export)"}));
    StoreLinkArgs store_args;
    store_args.run.link = OptionsOf(args);
    store_args.run.full = args.full;
    store_args.run.lock_wait = std::chrono::seconds(std::max(0, args.lock_wait));
    store_args.decisions = args.decisions;
    store_args.review = args.review;
    if (!args.who.user.empty()) store_args.user = args.who.user;
    if (!args.who.role.empty()) store_args.role = args.who.role;
    return LinkFromStore(store_args, ctx, nullptr);
  }
  if (args.mapping.empty() || args.out.empty())
    return Status::InvalidArgument(T(ctx, {"linking files needs --mapping and --out",
                                           "lier des fichiers demande --mapping et --out"}));
  Result<std::string> map_text = ReadFileToString(args.mapping);
  const std::string map_name = std::filesystem::path(args.mapping).filename().string();
  if (!map_text.ok()) return Status::NotFound(map_name + ": cannot read the file");
  PALERMO_ASSIGN_OR_RETURN(auto plans, ParsePlans(*map_text, map_name));
  std::vector<link::InputFile> inputs;
  std::map<std::string, std::string, std::less<>> seen_names;
  for (const std::string& file : args.files) {
    const std::string basename = std::filesystem::path(file).filename().string();
    Result<std::string> bytes = ReadFileToString(file);
    if (!bytes.ok()) return Status::NotFound(basename + ": cannot read the file");
    const FilePlan* plan = PlanFor(plans, basename);
    if (!plan)
      return Status::InvalidArgument(basename +
                                     ": the mapping has no entry for this file and no \"*\" entry");
    PALERMO_ASSIGN_OR_RETURN(link::InputFile input,
                             ReadLinkInput(basename, std::move(*bytes), *plan));
    if (!seen_names.emplace(input.table.name, file).second)
      return Status::InvalidArgument(input.basename +
                                     ": two input files have the same name without extension");
    inputs.push_back(std::move(input));
  }
  link::LinkOptions options = OptionsOf(args);
  if (!args.decisions.empty()) {
    PALERMO_ASSIGN_OR_RETURN(options.decisions, ReadDecisions(args.decisions, inputs));
  }
  if (isatty(STDERR_FILENO) && !ctx.quiet) {
    options.progress = [&ctx](std::string_view stage) {
      constexpr Msg kStage{"palermo link: {stage}...", "palermo link : {stage}..."};
      std::cerr << Format(kStage, ctx.lang, {{"stage", std::string(stage)}}) << std::endl;
    };
  }
  std::vector<link::SourceTable> tables;
  tables.reserve(inputs.size());
  for (const auto& input : inputs) tables.push_back(input.table);
  PALERMO_ASSIGN_OR_RETURN(link::LinkResult result, link::LinkTables(tables, options));

  std::string clusters = "file,record_id,cluster_id\n";
  for (size_t i = 0; i < result.data.records.size(); ++i) {
    const link::Record& r = result.data.records[i];
    clusters += CsvEscape(inputs[r.source].table.name);
    clusters += ',';
    clusters += CsvEscape(inputs[r.source].record_ids[r.row]);
    clusters += ',';
    clusters += std::to_string(result.clusters.cluster_of[i] + 1);
    clusters += '\n';
  }
  PALERMO_RETURN_IF_ERROR(WriteText(args.out, clusters));
  if (!args.explain.empty()) {
    PALERMO_RETURN_IF_ERROR(WriteText(args.explain, PairsCsv(result, inputs, result.links, false)));
    PALERMO_RETURN_IF_ERROR(WriteText(ModelPath(args.explain), ModelCsv(result)));
  }
  if (!args.review.empty())
    PALERMO_RETURN_IF_ERROR(WriteText(args.review, PairsCsv(result, inputs, result.review, true)));
  if (!ctx.quiet) {
    constexpr Msg kSummary{
        "{records, plural, one {# record} other {# records}}, {pairs, plural, one {# candidate "
        "pair} other {# candidate pairs}}, {clusters, plural, one {# person} other {# persons}}, "
        "{review, plural, one {# pair} other {# pairs}} to review",
        "{records, plural, one {# fiche} other {# fiches}}, {pairs, plural, one {# paire "
        "candidate} other {# paires candidates}}, {clusters, plural, one {# personne} other {# "
        "personnes}}, {review, plural, one {# paire} other {# paires}} à examiner"};
    std::cout << Format(kSummary, ctx.lang,
                        {{"records", static_cast<int64_t>(result.stats.records)},
                         {"pairs", static_cast<int64_t>(result.stats.scored_pairs)},
                         {"clusters", static_cast<int64_t>(result.stats.clusters)},
                         {"review", static_cast<int64_t>(result.review.size())}})
              << "\n";
    for (const std::string& line :
         DescribeModelNotes(result.model, result.data.date_columns, ctx.lang))
      std::cout << "  " << line << "\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<LinkArgs>();
  CLI::App* cmd = app.add_subcommand(
      "link", T(ctx, {"Find the same person across and within agencies' lists",
                      "Retrouver une même personne dans et entre les listes des organismes"}));
  cmd->add_option("--mapping", args->mapping,
                  T(ctx, {"With files: JSON file, for each input file's name (or \"*\"), "
                          "{column: role} or palermo import's mapping",
                          "Avec des fichiers : fichier JSON, pour chaque fichier d'entrée (ou "
                          "\"*\"), {colonne : rôle} ou le mapping de palermo import"}));
  cmd->add_option("--out", args->out,
                  T(ctx, {"With files: output CSV file,record_id,cluster_id, one line per record",
                          "Avec des fichiers : CSV de sortie file,record_id,cluster_id, une ligne "
                          "par fiche"}));
  cmd->add_option("files", args->files,
                  T(ctx, {"Input CSV files; none: link the database's cases and keep the persons "
                          "in it (incremental after the first run)",
                          "Fichiers CSV d'entrée ; aucun : lier les cas de la base et y garder les "
                          "personnes (incrémental après la première fois)"}));
  cmd->add_flag("--full", args->full,
                T(ctx, {"Without files: re-link every case and re-estimate the model",
                        "Sans fichier : relier tous les cas et ré-estimer le modèle"}));
  cmd->add_option("--lock-wait", args->lock_wait,
                  T(ctx, {"Without files: seconds to wait for a linkage run in progress on the "
                          "same database (default 600)",
                          "Sans fichier : secondes d'attente d'une mise en relation en cours sur "
                          "la même base (600 par défaut)"}));
  AddActorOptions(cmd, ctx,
                  {"Role of who runs it, without files: system, admin or analyst (default "
                   "system)",
                   "Rôle de qui la lance, sans fichier : system, admin ou analyst (system par "
                   "défaut)"},
                  args->who);
  cmd->add_option("--threshold", args->threshold,
                  T(ctx, {"Match probability at or above which two records are linked (default 0.5: "
                          "the same person is more likely than not)",
                          "Probabilité à partir de laquelle deux fiches sont liées (0,5 par défaut : "
                          "une même personne est plus probable que non)"}))
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--review-lower", args->review_lower,
                  T(ctx, {"Lowest probability sent to review (default 0.2)",
                          "Probabilité minimale envoyée à l'examen (0,2 par défaut)"}))
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--review-upper", args->review_upper,
                  T(ctx, {"Links below this probability are also sent to review (default 0.9)",
                          "Les liens sous cette probabilité sont aussi envoyés à l'examen "
                          "(0,9 par défaut)"}))
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--bridge-probability", args->bridge_probability,
                  T(ctx, {"In groups of 3+, a link that alone holds the group together must reach "
                          "this probability or it is cut and sent to review (default 0.95)",
                          "Dans un groupe de 3 fiches ou plus, un lien qui seul tient le groupe doit "
                          "atteindre cette probabilité, sinon il est coupé et envoyé à l'examen "
                          "(0,95 par défaut)"}))
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--explain", args->explain,
                  T(ctx, {"Write every link with its weight field by field to this CSV",
                          "Écrire chaque lien et son poids champ par champ dans ce CSV"}));
  cmd->add_option("--review", args->review,
                  T(ctx, {"Write uncertain pairs to this CSV (fill its decision column)",
                          "Écrire les paires incertaines dans ce CSV (remplir la colonne decision)"}));
  cmd->add_option("--decisions", args->decisions,
                  T(ctx, {"CSV of decisions (file_a,record_id_a,file_b,record_id_b,decision = "
                          "match|non_match) to respect",
                          "CSV de décisions (file_a,record_id_a,file_b,record_id_b,decision = "
                          "match|non_match) à respecter"}));
  cmd->add_option("--threads", args->threads, T(ctx, {"Worker threads (default 1)", "Fils de calcul (1 par défaut)"}))
      ->check(CLI::Range(1, 256));
  cmd->add_option("--default-region", args->default_region,
                  T(ctx, {"ISO alpha-2 region for phone numbers without a country code",
                          "Région ISO alpha-2 des numéros de téléphone sans indicatif"}));
  cmd->add_flag("--no-transliteration", args->no_transliteration,
                T(ctx, {"Do not transliterate names to Latin (baseline for comparison)",
                        "Ne pas translittérer les noms en latin (référence de comparaison)"}));
  cmd->add_flag("--no-variants", args->no_variants,
                T(ctx, {"Do not map names to their variant families",
                        "Ne pas ramener les noms à leurs familles de variantes"}));
  cmd->add_option("--max-block-size", args->max_block_size,
                  T(ctx, {"Skip blocks larger than this (default 500)",
                          "Ignorer les blocs plus grands (500 par défaut)"}));
  cmd->callback([args, &ctx] { ctx.Finish(RunLink(*args, ctx)); });
}

}  // namespace link_command
PALERMO_REGISTER_COMMAND(link, 30, link_command::Setup);
}  // namespace palermo::cli
