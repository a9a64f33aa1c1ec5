// MakeReport: tables, disclosure control, SDG 16.2.2 rates and microdata; inputs parsing.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {

// ---------------------------------------------------------------------------------------------
// Inputs.

Result<EstimateSummary> ParseEstimateSummary(std::string_view json_text) {
  EstimateSummary s;
  try {
    const nlohmann::json j = nlohmann::json::parse(json_text);
    if (!j.is_object()) return Status::InvalidArgument("estimate summary: not a JSON object");
    // `palermo estimate` writes null for an unbounded value.
    auto number = [&](const char* key, bool required, double if_null) -> Result<double> {
      if (!j.contains(key)) {
        if (required) return Status::InvalidArgument(std::string("estimate summary: missing key '") + key + "'");
        return if_null;
      }
      if (j[key].is_null()) return if_null;
      if (!j[key].is_number()) return Status::InvalidArgument(std::string("estimate summary: '") + key + "' is not a number");
      return j[key].get<double>();
    };
    const double inf = std::numeric_limits<double>::infinity();
    PALERMO_ASSIGN_OR_RETURN(double observed, number("observed", true, -1));
    if (observed < 0) return Status::InvalidArgument("estimate summary: 'observed' must be a count");
    s.observed = std::llround(observed);
    PALERMO_ASSIGN_OR_RETURN(s.estimate, number("estimate", true, inf));
    if (!std::isfinite(s.estimate))
      return Status::InvalidArgument("estimate summary: the estimate is unbounded (model not identifiable); nothing to publish");
    PALERMO_ASSIGN_OR_RETURN(s.ci_low, number("ci_low", true, observed));
    PALERMO_ASSIGN_OR_RETURN(s.ci_high, number("ci_high", true, inf));
    PALERMO_ASSIGN_OR_RETURN(s.unobserved, number("unobserved", false, s.estimate - observed));
    if (j.contains("ci_method") && j["ci_method"].is_string()) s.ci_method = j["ci_method"].get<std::string>();
    if (j.contains("method") && j["method"].is_string()) s.method = j["method"].get<std::string>();
    if (j.contains("model_terms")) {
      const auto& terms = j["model_terms"];
      if (terms.is_array()) {
        for (const auto& t : terms) {
          if (t.is_string()) s.model_terms.push_back(t.get<std::string>());
          else s.model_terms.push_back(t.dump());
        }
      } else if (terms.is_string()) {
        s.model_terms.push_back(terms.get<std::string>());
      }
    }
    if (!(s.ci_low <= s.estimate && s.estimate <= s.ci_high))
      return Status::InvalidArgument("estimate summary: the estimate is outside its interval");
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("estimate summary: bad JSON (") + e.what() + ")");
  }
  return s;
}

Result<PopulationTable> PopulationTable::ParseCsv(std::string_view text, std::string_view name) {
  PALERMO_ASSIGN_OR_RETURN(CsvTable csv, palermo::ParseCsv(text, ',', name));
  const auto iso = csv.FindColumn("iso3"), year = csv.FindColumn("year"), pop = csv.FindColumn("population");
  if (!iso || !year || !pop)
    return Status::InvalidArgument(std::string(name) + ": needs columns iso3, year, population");
  PopulationTable t;
  for (size_t i = 0; i < csv.rows.size(); ++i) {
    const auto& row = csv.rows[i];
    int y = 0;
    int64_t p = 0;
    const std::string& ys = row[*year];
    const std::string& ps = row[*pop];
    if (std::from_chars(ys.data(), ys.data() + ys.size(), y).ec != std::errc() ||
        std::from_chars(ps.data(), ps.data() + ps.size(), p).ec != std::errc() || p <= 0)
      return Status::InvalidArgument(std::string(name) + ":" + std::to_string(i + 2) +
                                     ": year and population must be positive integers");
    t.entries_.push_back({row[*iso] + ":" + std::to_string(y), p});
  }
  std::sort(t.entries_.begin(), t.entries_.end());
  return t;
}

Result<PopulationTable> PopulationTable::ReadCsv(const std::filesystem::path& path) {
  PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseCsv(text, path.filename().string());
}

Result<int64_t> PopulationTable::Get(std::string_view iso3, int year) const {
  const std::string key = std::string(iso3) + ":" + std::to_string(year);
  auto it = std::lower_bound(entries_.begin(), entries_.end(), std::make_pair(key, int64_t{0}));
  if (it == entries_.end() || it->first != key)
    return Status::NotFound("population table has no row for " + std::string(iso3) + " " + std::to_string(year) +
                            " / la table de population n'a pas de ligne pour " + std::string(iso3) + " " +
                            std::to_string(year));
  return it->second;
}

// ---------------------------------------------------------------------------------------------

std::string CellText(const Table& t, int cell_idx, Lang lang) {
  if (t.IsSuppressed(cell_idx)) return "x";
  return FormatNumber(static_cast<double>(t.values[cell_idx]), lang);
}

namespace internal {
std::string UnitText(Unit unit, Lang lang) {
  if (unit == Unit::kUniquePersons)
    return lang == Lang::kFr ? "Personnes uniques, après appariement des listes des organismes."
                             : "Unique persons, after linkage of the agencies' lists.";
  return lang == Lang::kFr ? "Enregistrements, pas des personnes uniques : une victime enregistrée par "
                             "plusieurs organismes est comptée plusieurs fois."
                           : "Records, not unique persons: a victim recorded by several agencies is "
                             "counted more than once.";
}
}  // namespace internal

namespace {

std::string Num(double v, int digits = 2) {
  return FormatNumber(v, Lang::kEn, digits);
}

const Table* Find(const std::vector<Table>& tables, std::string_view id) {
  for (const Table& t : tables)
    if (t.id == id) return &t;
  return nullptr;
}

int RowOf(const Table& t, std::string_view code) {
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (t.rows[i].code == code) return static_cast<int>(i);
  return -1;
}
int ColOf(const Table& t, std::string_view code) {
  for (size_t i = 0; i < t.cols.size(); ++i)
    if (t.cols[i].code == code) return static_cast<int>(i);
  return -1;
}

// SDG 16.2.2 rates of the protected tables.
Status AddSdgRates(Report& report) {
  std::vector<Text>& lines = report.protections.lines;
  // SDG 16.2.2.
  if (report.input.population && !report.input.reporting_country.empty()) {
    PALERMO_ASSIGN_OR_RETURN(int64_t pop, report.input.population->Get(report.input.reporting_country, report.input.year));
    report.population = pop;
    const Table* sa = Find(report.tables, "sex_age");
    const Table* fm = Find(report.tables, "form");
    auto add = [&](std::string code, Text label, const Table* t, int row_idx, int col_idx) {
      if (!t || row_idx < 0 || col_idx < 0) return;
      Report::Rate rate{std::move(code), std::move(label), std::nullopt, std::nullopt};
      const int cell = t->Cell(row_idx, col_idx);
      if (!t->IsSuppressed(cell)) {
        rate.count = t->values[cell];
        rate.rate_per_100k = static_cast<double>(t->values[cell]) / static_cast<double>(pop) * 1e5;
      }
      report.sdg_rates.push_back(std::move(rate));
    };
    const int total_row = RowOf(*sa, "total"), total_col = ColOf(*sa, "total");
    add("total", {"All detected victims", "Toutes les victimes détectées"}, sa, total_row, total_col);
    add("female", {"Female", "Féminin"}, sa, total_row, ColOf(*sa, "female"));
    add("male", {"Male", "Masculin"}, sa, total_row, ColOf(*sa, "male"));
    add("children", {"Children", "Enfants"}, sa, RowOf(*sa, "children"), total_col);
    add("adults", {"Adults", "Adultes"}, sa, RowOf(*sa, "adults"), total_col);
    for (size_t r = 0; r < fm->rows.size(); ++r) {
      if (fm->rows[r].is_total || fm->rows[r].code == "not_recorded") continue;
      add("form:" + fm->rows[r].code, fm->rows[r].text, fm, static_cast<int>(r), ColOf(*fm, "total"));
    }
    lines.push_back({"SDG 16.2.2 rates use published counts only; a suppressed count has no rate.",
                     "Les taux ODD 16.2.2 n'utilisent que les effectifs publiés ; un effectif masqué n'a pas de taux."});
  }
  return Status::Ok();
}

}  // namespace

Result<Report> MakeReport(const ReportInput& input, const DisclosureOptions& options,
                          const KAnonymityOptions& kanon) {
  if (options.threshold < 1) return Status::InvalidArgument("threshold must be at least 1");
  if (options.dp_epsilon < 0) return Status::InvalidArgument("--dp-epsilon must be positive");
  Report report;
  report.input = input;
  report.options = options;
  for (const PersonRow& p : input.rows)
    if (p.status == VictimStatus::kNotAVictim) ++report.excluded_not_victims;
  const bool use_dp = options.dp_epsilon > 0;
  internal::Domains domains;
  if (use_dp) {
    domains.fixed = true;
    // A report over all years (year 0) ends its range at the current year: never at a year
    // read from the data.
    const int this_year = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
                                                                           std::chrono::system_clock::now())}
                                               .year());
    domains.last_year = options.dp_last_year > 0 ? options.dp_last_year : input.year > 0 ? input.year : this_year;
    domains.first_year = options.dp_first_year > 0 ? options.dp_first_year : domains.last_year - 9;
    if (domains.last_year <= 0 || domains.first_year > domains.last_year || domains.last_year - domains.first_year > 200)
      return Status::InvalidArgument("a differentially private release needs a declared range of years (first <= last, "
                                     "at most 200 years)");
    // Nothing computed on the exact data without noise is published: no estimate (it would
    // need its own privacy analysis), no count of excluded records, no microdata (below).
    report.input.estimate.reset();
    report.excluded_not_victims = 0;
  }
  report.tables = internal::BuildTables(input, use_dp ? options.max_forms_per_person : 0, domains);
  std::vector<Text>& lines = report.protections.lines;
  lines.push_back({internal::UnitText(input.unit, Lang::kEn), internal::UnitText(input.unit, Lang::kFr)});

  PALERMO_ASSIGN_OR_RETURN(ProtectionStatement applied, ProtectTables(report.tables, input, options));
  lines.insert(lines.end(), applied.lines.begin(), applied.lines.end());
  report.protections.dp_scale = applied.dp_scale;
  report.protections.dp_delta = applied.dp_delta;
  report.protections.dp_row_threshold = applied.dp_row_threshold;

  if (use_dp) {
    if (input.estimate)
      lines.push_back({"The estimate of the total number of victims is left out: it is computed on exact counts.",
                       "L'estimation du nombre total de victimes est omise : elle est calculée sur des effectifs exacts."});
    lines.push_back({"No microdata: a differentially private release publishes noisy tables only.",
                     "Pas de microdonnées : une publication différentiellement confidentielle ne publie que des tableaux bruités."});
    PALERMO_RETURN_IF_ERROR(AddSdgRates(report));
    return report;
  }

  // Microdata of the reporting year.
  std::vector<PersonRow> micro_rows;
  for (const PersonRow& p : input.rows)
    if (p.status != VictimStatus::kNotAVictim && (input.year == 0 || (p.year && *p.year == input.year)))
      micro_rows.push_back(p);
  Result<Microdata> md = ExportMicrodata(micro_rows, kanon);
  if (md.ok()) {
    const auto& r = md->result;
    const char* names[] = {"sex", "age", "citizenship", "country_of_exploitation", "year"};
    std::string levels;
    for (size_t i = 0; i < r.levels.size(); ++i)
      { levels += i ? ", " : ""; levels += std::string(names[i]) + " " + std::to_string(r.levels[i]); }
    lines.push_back({"Microdata (microdata.csv): " + std::to_string(kanon.k) + "-anonymous and " +
                         std::to_string(kanon.l) + "-diverse on each form of exploitation (no form is shared by every victim of a "
                         "group; a form not recorded does not count) by generalisation (levels: " +
                         levels + "); " + std::to_string(r.suppressed_rows) +
                         " record(s) removed; information loss (Iyengar LM) " + Num(r.information_loss, 3) + ".",
                     "Microdonnées (microdata.csv) : " + std::to_string(kanon.k) + "-anonymes et " +
                         std::to_string(kanon.l) + "-diverses sur chaque forme d'exploitation (aucune forme n'est commune à toutes "
                         "les victimes d'un groupe ; une forme non renseignée ne compte pas) par "
                         "généralisation (niveaux : " +
                         levels + ") ; " + std::to_string(r.suppressed_rows) +
                         " enregistrement(s) retiré(s) ; perte d'information (LM d'Iyengar) " +
                         Num(r.information_loss, 3) + "."});
    report.microdata = std::move(md).value();
  } else {
    lines.push_back({"No microdata: " + md.status().message(),
                     "Pas de microdonnées : aucune généralisation ne donne des classes de " +
                         std::to_string(kanon.k) + " victimes."});
  }

  PALERMO_RETURN_IF_ERROR(AddSdgRates(report));
  return report;
}

}  // namespace palermo::publish
