// SPDX-License-Identifier: AGPL-3.0-or-later
// MakeReport: tables, disclosure control, SDG 16.2.2 rates and microdata; inputs parsing.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
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
    if (j.contains("ci_level") && j["ci_level"].is_number()) s.ci_level = j["ci_level"].get<double>();
    if (j.contains("year") && j["year"].is_number_integer()) s.year = j["year"].get<int>();
    if (j.contains("lists") && j["lists"].is_array())
      for (const auto& l : j["lists"])
        if (l.is_string()) s.lists.push_back(l.get<std::string>());
    if (!(s.ci_level > 0 && s.ci_level < 1)) return Status::InvalidArgument("estimate summary: 'ci_level' must be in (0, 1)");
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

std::vector<Text> EstimateCaveats() {
  return {{"List dependence: the estimate is only as good as the model of how the lists overlap; lists that refer "
           "people to each other, or that never meet the same people, bias it.",
           "Dépendance entre listes : l’estimation ne vaut que par le modèle des recoupements ; des listes qui "
           "s’adressent des personnes, ou qui ne rencontrent jamais les mêmes, la biaisent."},
          {"Closed population: everyone counted is assumed to belong to the same population over the whole period "
           "(no arrivals, departures or deaths between lists).",
           "Population fermée : toutes les personnes comptées sont supposées appartenir à la même population sur "
           "toute la période (ni arrivées, ni départs, ni décès entre les listes)."},
          {"Heterogeneity: people differ in how likely they are to be found (age, form of exploitation, region); if "
           "some are almost never found by any list, the hidden number is underestimated. Stratified estimates "
           "(--strata) can help.",
           "Hétérogénéité : les personnes n’ont pas toutes la même chance d’être repérées (âge, forme "
           "d’exploitation, région) ; si certaines ne sont presque jamais repérées, le nombre caché est "
           "sous-estimé. Les estimations par strate (--strata) peuvent aider."},
          {"A person matched wrongly across lists (or missed) changes the overlaps; check the linkage first.",
           "Une personne mal rapprochée entre listes (ou non rapprochée) change les recoupements ; vérifiez "
           "d’abord le rapprochement."}};
}

namespace internal {

std::string WholeNumber(double v, Lang lang) {
  if (!std::isfinite(v)) return lang == Lang::kFr ? "non borné" : "unbounded";
  return FormatNumber(std::round(v), lang, 0);
}

std::string EstimateMethodText(const EstimateSummary& e, Lang lang) {
  const bool fr = lang == Lang::kFr;
  std::string how;
  if (e.method == "independence")
    how = fr ? "modèle d'indépendance, choisi par l'analyste (les listes sont supposées repérer les personnes "
               "indépendamment les unes des autres)"
             : "independence model, chosen by the analyst (the lists are assumed to find people independently of "
               "each other)";
  else if (e.method == "stepwise")
    how = fr ? "modèle choisi pas à pas (Chan, Silverman et Vincent 2021), en partant de l'indépendance"
             : "model chosen step by step (Chan, Silverman and Vincent 2021), starting from independence";
  else if (e.method == "bic")
    how = fr ? "modèle au plus petit critère d'information bayésien (BIC) parmi les modèles admissibles"
             : "model with the lowest Bayesian information criterion (BIC) among the admissible models";
  else if (e.method == "aic")
    how = fr ? "modèle au plus petit critère d'information d'Akaike (AIC) parmi les modèles admissibles"
             : "model with the lowest Akaike information criterion (AIC) among the admissible models";
  else if (e.method == "average")
    how = fr ? "moyenne des modèles admissibles, pondérés selon leur BIC" : "average of the admissible models, weighted by their BIC";
  else if (e.method == "model")
    how = fr ? "modèle donné par l'analyste" : "model given by the analyst";
  else
    how = e.method;
  std::string terms;
  for (const std::string& t : e.model_terms) {
    std::string term = t;
    for (size_t at = term.find(':'); at != std::string::npos; at = term.find(':', at + 3)) term.replace(at, 1, " × ");
    terms += (terms.empty() ? "" : ", ") + term;
  }
  std::string model;
  if (e.method == "average")
    model = "";
  else if (terms.empty())
    model = fr ? "modèle log-linéaire de Poisson où les listes sont indépendantes"
               : "Poisson log-linear model in which the lists are independent";
  else
    model = fr ? "modèle log-linéaire de Poisson avec chaque liste et la dépendance entre " + terms
               : "Poisson log-linear model with every list and the dependence between " + terms;
  std::string out = fr ? "Estimation par systèmes multiples (capture-recapture) : " : "Multiple systems estimation (capture-recapture): ";
  out += how;
  if (!model.empty()) out += fr ? " ; modèle retenu : " + model : "; selected model: " + model;
  return out + ".";
}

std::string IntervalMethodText(std::string_view m, Lang lang) {
  const bool fr = lang == Lang::kFr;
  if (m == "profile" || m == "profile likelihood") return fr ? "vraisemblance profilée" : "profile likelihood";
  if (m == "wald-log") return fr ? "Wald sur l'échelle log" : "Wald on the log scale";
  if (m == "bootstrap-percentile") return fr ? "bootstrap, percentiles" : "bootstrap percentile";
  if (m == "bootstrap-bca") return fr ? "bootstrap BCa" : "bootstrap BCa";
  if (m == "model-average") return fr ? "moyenne de modèles (incertitude de modèle incluse)" : "model average (model uncertainty included)";
  return std::string(m);
}

std::string IntervalMeaningText(const EstimateSummary& e, Lang lang) {
  const std::string level = FormatNumber(e.ci_level * 100, lang, 1);
  const bool averaged = e.ci_method == "model-average";
  if (lang == Lang::kFr)
    return "Intervalle à " + level + " % : si le modèle décrit bien la façon dont les listes se recoupent, un "
           "intervalle calculé ainsi contient le vrai total dans " + level + " % des cas. Il reflète le hasard de "
           "qui a été repéré" + (averaged ? " et l'incertitude sur le choix du modèle" : "") +
           ", pas les erreurs d'appariement ni un modèle faux (voir les précautions).";
  return "The " + level + "% interval: if the model describes how the lists overlap, an interval computed this way "
         "contains the true total in " + level + "% of cases. It reflects the chance of who was found" +
         (averaged ? " and the uncertainty of the model choice" : "") +
         ", not linkage errors nor a wrong model (see the caveats).";
}

}  // namespace internal

Result<Report> MakeReport(const ReportInput& input, const DisclosureOptions& options,
                          const KAnonymityOptions& kanon) {
  if (options.threshold < 1) return Status::InvalidArgument("threshold must be at least 1");
  if (options.dp_epsilon < 0) return Status::InvalidArgument("--dp-epsilon must be positive");
  Report report;
  report.input = input;
  report.options = options;
  report.palermo_version = std::string(kPalermoVersion);
  {
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(today.year()), static_cast<unsigned>(today.month()),
                  static_cast<unsigned>(today.day()));
    report.produced_on = buf;
  }
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
