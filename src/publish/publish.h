// SPDX-License-Identifier: AGPL-3.0-or-later
// src/publish/publish.h: the national report — disaggregated, disclosure-safe statistics on
// detected victims, the SDG 16.2.2 rate and the hidden-total estimate, in French and English.
//
// What the module promises:
//  * It works on plain in-memory tables (PersonRow); it touches the store only through
//    StoreLedger (the privacy budget, in the caller's transaction). The caller says whether
//    rows are unique persons after linkage or one row per agency record; every output says which.
//  * BuildTables() counts victims by sex × age (child/adult and CTDC bands), form of exploitation
//    (a person counted once per form, plus a person-level total counting each person once), by
//    citizenship grouped by UN M49 region, citizenship region × GLOTIP form category, route
//    (citizenship → country of exploitation), detecting agency and overlap between agencies,
//    identification status and year.
//  * ProtectTables() applies disclosure control, on by default: primary suppression of cells
//    below a threshold and of attribute disclosure (a row of a table with sensitive columns where
//    every victim shares one value); secondary suppression over all tables of the release at
//    once, so that an attacker who solves min and max of each suppressed cell subject to every
//    published cell of every table, every margin and the margins the tables share finds an
//    interval at least `protection_width` wide (the contract is stated before ProtectTables
//    below; every release is attacked before it is returned); optional
//    controlled rounding to base 3 or 5 that keeps tables additive when the integer program is
//    feasible; optional differential privacy (discrete Laplace noise, exact integer sampling,
//    randomness from libsodium) with per-person contribution bounding, fixed category domains,
//    thresholded open domains (routes, agency overlaps; (epsilon, delta)-DP, see
//    DisclosureOptions) and a privacy-budget ledger in the case database that refuses a release
//    past the budget.
//    No published cell is in (0, threshold).
//  * KAnonymise() exports microdata that is k-anonymous (default k = 11, as CTDC) and
//    l-diverse on each form of exploitation (no form shared by every victim of a class), by the
//    full-domain generalisation with least information loss over the hierarchies age → CTDC
//    band → child/adult → *, year → five-year period → *, country → M49 subregion → M49
//    region → *, sex → *; records in classes that still violate k or l are removed and counted.
//  * WriteReport() writes index.html (self-contained: inline CSS and SVG, no URL at all),
//    tables/*.csv, tables.json, microdata.csv (not in a DP release) and report.xlsx (sheets laid
//    out like the UNODC GLOTIP questionnaire tables, and a metadata sheet). Every output states
//    the protections applied, the reference period, the production date and the Palermo version.
//
//   ReportInput in{.rows = rows, .unit = Unit::kUniquePersons, .year = 2024,
//                  .reporting_country = "NGA"};
//   ReportOptions opt;                                  // threshold 5, k 11, no DP, no rounding
//   PALERMO_ASSIGN_OR_RETURN(Report report, MakeReport(in, opt));
//   PALERMO_RETURN_IF_ERROR(WriteReport(report, "out/", Lang::kFr));
//
// Thread safety: functions are pure except for the DP sampler's randomness and the ledger.
// The ledger lives in the case database (StoreLedger): the module's only use of the store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace palermo::store {
class Transaction;
}

namespace palermo::publish {

class PrivacyLedger;

// ---------------------------------------------------------------------------------------------
// Input.

// One victim (a unique person after linkage, or one agency record). Codes as in core/codes.h.
struct PersonRow {
  std::string person_key;  // pseudonymous key; never printed
  Sex sex = Sex::kUnknown;
  std::optional<int> age;             // at identification, years
  std::vector<std::string> forms;     // Palermo form codes; duplicates are ignored
  std::string citizenship;            // ISO 3166-1 alpha-3, empty when unknown
  std::string country_of_exploitation;  // alpha-3, empty when unknown
  std::vector<std::string> agencies;  // agency codes that recorded this person
  std::optional<int> year;            // year of identification
  VictimStatus status = VictimStatus::kUnknown;
};

enum class Unit { kUniquePersons, kRecords };

// The summary written by `palermo estimate --out`.
struct EstimateSummary {
  int64_t observed = 0;
  double estimate = 0;
  double unobserved = 0;
  double ci_low = 0;
  double ci_high = 0;
  std::string ci_method;    // "profile", "wald-log", "bootstrap-percentile", "bootstrap-bca", "model-average"
  double ci_level = 0.95;
  std::vector<std::string> model_terms;  // interactions, "police:ngo"
  std::string method;       // "independence", "stepwise", "bic", "aic", "average", "model"
  // The reference period RESULT.json states ("year"): persons first identified that year. Unset
  // when the file does not say (an ad-hoc estimate, possibly over several years).
  std::optional<int> year;
  std::vector<std::string> lists;  // the lists (agencies) it read, when RESULT.json names them
};
// InvalidArgument naming the missing or mistyped key.
Result<EstimateSummary> ParseEstimateSummary(std::string_view json_text);

// The version of Palermo written into every report.
inline constexpr std::string_view kPalermoVersion = "0.1.0";

// National population by ISO alpha-3 and year (World Bank SP.POP.TOTL layout:
// iso3,country_name,year,population[,is_aggregate]).
class PopulationTable {
 public:
  // InvalidArgument names the file and line of a malformed row; NotFound if absent.
  static Result<PopulationTable> ReadCsv(const std::filesystem::path& path);
  static Result<PopulationTable> ParseCsv(std::string_view text, std::string_view name);
  // NotFound "population table has no row for NGA 2031".
  Result<int64_t> Get(std::string_view iso3, int year) const;

 private:
  std::vector<std::pair<std::string, int64_t>> entries_;  // "NGA:2024" -> population, sorted
};

// The report's data-quality annex, filled by the caller (the CLI from the store and the
// linkage). Every part is optional: an absent part is shown as "not available" (never left
// out), so a reader can tell "none" from "not measured". No personal data here.
struct LinkageQuality {
  std::string set;  // "development", "held-out" (shown translated); other values as given
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  std::string text;    // the figures as the source states them (optional)
  std::string source;  // where they come from (document, command, date)
};
struct QuarantinedRows {
  std::string agency_code;
  std::string agency_name;  // the organisation's name in the store; the code when it has none
  int64_t rows = 0;         // unresolved quarantine entries
};
struct LinkageRun {
  std::string when;        // ISO 8601, UTC
  std::string parameters;  // thresholds, blocking, model version, in plain text
};
struct DataQuality {
  std::vector<LinkageQuality> linkage;  // empty: not available
  std::optional<int64_t> pairs_in_review;
  std::optional<std::vector<QuarantinedRows>> quarantined;  // empty vector: none quarantined
  std::optional<LinkageRun> linkage_run;
};

struct ReportInput {
  std::vector<PersonRow> rows;
  Unit unit = Unit::kRecords;
  int year = 0;                      // tables cover rows with this year (the year table: all)
  std::string reporting_country;     // alpha-3; SDG rate needs it and `population`
  std::optional<EstimateSummary> estimate;
  std::optional<PopulationTable> population;
  std::string dataset_id;            // names the data set in the privacy-budget ledger
  DataQuality data_quality;          // the annex; a DP release shows it too (no person counts)
};

// ---------------------------------------------------------------------------------------------
// Privacy budget.

// The differential-privacy budget of a database: its total (fixed by the first release) and
// what was spent. Epsilons are counted in integer micro-units so sums are exact.
class PrivacyLedger {
 public:
  virtual ~PrivacyLedger() = default;
  // Records a release of `epsilon` described by `what`. OutOfRange (a message in the ledger's
  // language with spent, total and remaining) when spent + epsilon would pass the total, and
  // nothing is recorded; `budget` sets the total at the first charge only (asking for more
  // later does not raise it). InvalidArgument unless epsilon and budget are positive.
  virtual Status Charge(double epsilon, double budget, std::string_view what) = 0;
  virtual Result<double> Spent() = 0;
};
// The ledger in the case database: tables privacy_budget (one row per store id: total and
// spent) and privacy_release (one row per release), created by RegisterMigrations(), keyed by
// Transaction::StoreId() and written in `tx` only: the spending is durable only when the
// caller commits `tx`, which `palermo report` does after the release is written. `tx` must
// outlive the ledger.
std::unique_ptr<PrivacyLedger> StoreLedger(store::Transaction& tx, Lang lang);
// A ledger in memory, for computations that are not published (tests, simulations).
std::unique_ptr<PrivacyLedger> MemoryLedger();
// Registers the publish module's tables (the ledger) with the store; call before Store::Open.
void RegisterMigrations();

// ---------------------------------------------------------------------------------------------
// Tables.

// A text in both languages.
struct Text {
  std::string en;
  std::string fr;
  const std::string& Get(Lang lang) const { return lang == Lang::kFr ? fr : en; }
};

// What every multiple systems estimate assumes, as `palermo estimate` prints it and the report
// states it (one item per caveat).
std::vector<Text> EstimateCaveats();

struct Label {
  std::string code;  // stable, language-neutral ("female", "NGA", "0-8", "total")
  Text text;
  // Rows only: indices of the rows this row is the sum of (a subtotal or total row); empty for
  // a detail row. A row may be a child of several parents (agency = sum of overlap patterns).
  std::vector<int> children;
  bool is_total = false;  // rendered bold; for columns: the row sum of the detail columns
};

enum class CellState {
  kPublished,
  kPrimarySuppressed,    // below the threshold, or attribute disclosure
  kSecondarySuppressed,  // hidden so that a primary cell cannot be recomputed
};

// A linear relation between cells: value[total] = sum of value[parts].
struct Relation {
  int total;
  std::vector<int> parts;
};

// A two-way table of counts, row-major. `values` are the counts to publish (after DP noise and
// rounding when applied); a suppressed cell's value is kept here for the computation and never
// written by the renderers.
struct Table {
  std::string id;  // file name stem: "sex_age"
  Text title;
  Text note;
  std::vector<Label> rows;
  std::vector<Label> cols;
  std::vector<int64_t> values;
  std::vector<CellState> state;
  // Additive structure; built from rows' children and columns' is_total.
  std::vector<Relation> relations;
  // Primary suppression of attribute disclosure applies when columns hold a sensitive value.
  bool sensitive_columns = false;
  // Counts are not additive over the rows marked here (person-level totals of multi-valued
  // fields); they relate to no other row.
  std::vector<int> standalone_rows;
  // Rows that exist only because at least one victim is in them (a route, a citizenship, a form
  // seen in the data): an attacker knows their total (the total column, or the only column) is
  // at least 1. Rows of a fixed domain (age bands, statuses) are not listed.
  std::vector<int> data_rows;

  int Cell(int row_idx, int col_idx) const { return row_idx * static_cast<int>(cols.size()) + col_idx; }
  int64_t Value(int row_idx, int col_idx) const { return values[Cell(row_idx, col_idx)]; }
  bool IsSuppressed(int cell_idx) const { return state[cell_idx] != CellState::kPublished; }
  // Fills `relations` from rows' children and the total column. Call after filling rows/cols.
  void DeriveRelations();
};

// Counts of `input.rows` (see the module comment for the tables). Deterministic; rows with
// status kNotAVictim are left out (and counted in the notes).
std::vector<Table> BuildTables(const ReportInput& input);

// ---------------------------------------------------------------------------------------------
// Disclosure control.

enum class Rounding { kNone = 0, kBase3 = 3, kBase5 = 5 };

struct DisclosureOptions {
  bool enabled = true;       // false only for internal use; WriteReport states it
  int64_t threshold = 5;     // cells in (0, threshold) are suppressed
  // Minimum width of the interval an attacker can derive for a suppressed cell; 0 means
  // `threshold`.
  int64_t protection_width = 0;
  bool attribute_disclosure = true;
  Rounding rounding = Rounding::kNone;
  // Differential privacy: total epsilon of this release (0 = none), split equally between
  // tables; each person contributes to at most `max_forms_per_person` forms.
  double dp_epsilon = 0;
  int max_forms_per_person = 3;
  // A DP release builds every table on a fixed domain (all countries, regions and forms of the
  // code lists; years [dp_first_year, dp_last_year], by default the reporting year and the nine
  // before). Routes and agency overlap patterns are open domains: a row is published only if
  // its noisy count exceeds DpRowThreshold(scale, dp_delta / 2), so the release is
  // (dp_epsilon, dp_delta)-DP. A DP release has no microdata, no estimate and no exact count.
  double dp_delta = 1e-6;
  int dp_first_year = 0;
  int dp_last_year = 0;
  // Nonzero: the noise comes from SeededRandomForTesting(seed), for reproducible tests only.
  uint64_t dp_seed_for_testing = 0;
  // Where the release's epsilon is charged (not owned; required with dp_epsilon > 0), and the
  // total budget, fixed by the first release charged to that ledger.
  PrivacyLedger* ledger = nullptr;
  double dp_budget = 1.0;
  // Time limit for each integer program, seconds.
  double milp_time_limit_s = 20;
};

// What was applied, in both languages, for the outputs.
struct ProtectionStatement {
  std::vector<Text> lines;
  // DP only: the noise scale, delta and the threshold used on open-domain rows (0 without DP).
  double dp_scale = 0;
  double dp_delta = 0;
  int64_t dp_row_threshold = 0;
};

// The threshold above which an open-domain row (a route, an agency overlap pattern) is published
// in a DP release: a row that holds one person, with discrete Laplace noise of scale `scale`,
// has a noisy count above the threshold with probability at most `delta`:
// P(1 + X > t) = P(X >= t) <= exp(-t / scale), so t = ceil(scale · ln(1 / delta)).
// REQUIRES: scale > 0, 0 < delta < 1.
int64_t DpRowThreshold(double scale, double delta);

// Primary suppression only (threshold and attribute disclosure). Returns the number of cells.
int SuppressPrimary(Table& table, const DisclosureOptions& options);
// Secondary suppression of one table alone: adds the cheapest set of cells (GLPK MILP,
// Fischetti–Salazar 1999 model, each cell weighted 1 + value, totals five times) so that every
// suppressed cell's attacker interval within this table is at least the protection width;
// verified by AttackerIntervals before returning. It knows nothing of the other tables of a
// release: ProtectTables() protects the release. Internal if GLPK fails in a way no fallback
// covers.
Status SuppressSecondary(Table& table, const DisclosureOptions& options);
// For every suppressed cell, the [min, max] an attacker finds by linear programming from the
// published cells, the relations and non-negativity. max is +infinity (as
// std::numeric_limits<double>::infinity()) when unbounded.
struct Interval {
  int cell;
  double low;
  double high;
};
Result<std::vector<Interval>> AttackerIntervals(const Table& table);
// Controlled rounding to `base` of every cell (GLPK ILP: each cell to an adjacent multiple,
// multiples unchanged, relations kept). A true count below the threshold may be published as
// 0 or as a multiple of the base at or above it; `threshold` is unused (primary suppression
// runs after rounding, on the rounded counts). Returns true when the table stayed additive;
// false when it fell back to rounding each cell to the nearest multiple.
Result<bool> RoundControlled(Table& table, int base, int64_t threshold);

// ---------------------------------------------------------------------------------------------
// Joint protection of a release.
//
// The tables of a release count the same victims, so they share margins (the total by sex is
// in four tables; a country's citizenship total is the sum of its routes; the form table's
// girls and boys are the sex × age table's children by sex). An attacker reads all of them
// at once. The contract of a release (without differential privacy):
//  * the attacker knows every published cell of every table, each table's relations, the
//    constraints ReleaseConstraints() lists between tables, that counts are whole numbers
//    >= 0, and that a row existing only because someone is in it (Table::data_rows) has a
//    total >= 1; after rounding to base b, that each published count is within b - 1 of the
//    true one;
//  * for every suppressed cell of every table, the smallest and largest value such an attacker
//    can derive by linear programming (AttackRelease) are at least `protection_width` apart,
//    counted in whole numbers (floor(max) - ceil(min) >= width). ProtectTables() checks it on
//    the final release and fails with Internal rather than return a release that does not pass.

// A cell of a release: table index in the release, cell index in the table.
struct CellRef {
  int table_idx = 0;
  int cell_idx = 0;
};
// A linear fact about the true counts: sum of coefficient × count == 0 (kEqual) or <= 0 (kAtMost).
struct Constraint {
  enum class Kind { kEqual, kAtMost };
  Kind kind = Kind::kEqual;
  std::vector<std::pair<CellRef, int64_t>> terms;
};

// The constraints between the tables BuildTables() makes for reporting year `year` (0 = all
// years), found by table id and row/column codes; tables missing from `tables` are skipped.
// Every constraint holds on the true counts. Pure.
std::vector<Constraint> ReleaseConstraints(const std::vector<Table>& tables, int year);

struct ReleaseInterval {
  CellRef cell;
  double low = 0;
  double high = 0;  // +infinity when unbounded
};
// The attacker on a whole release: for every suppressed cell of every table, min and max by
// linear programming (GLPK simplex) given the published cells of all tables, the relations,
// `shared`, non-negativity and the lower bound 1 of data rows' totals. A published count v is
// taken as exact when `published_slack` is 0, otherwise as anywhere in [v - slack, v + slack].
// Internal if the published cells contradict the constraints (a bug). Deterministic.
// Cost: two simplex solves per suppressed cell, warm-started; about a second for the demo.
Result<std::vector<ReleaseInterval>> AttackRelease(const std::vector<Table>& tables,
                                                   const std::vector<Constraint>& shared,
                                                   int64_t published_slack = 0);
// The width an attacker is left with, in whole numbers: floor(high) - ceil(low).
double IntervalWidth(const ReleaseInterval& interval);

// Applies to every table of a release, in this order: DP noise (if any, charging the ledger
// first), rounding (if asked), primary suppression, then secondary suppression over all
// tables at once (see the contract above). With DP, routes and agency overlap patterns are
// thresholded after the noise and there is no secondary suppression (a suppressed cell hides a
// noisy count only). OutOfRange when the release would pass the DP budget (nothing is
// charged then). Internal if the final release fails the attacker.
Result<ProtectionStatement> ProtectTables(std::vector<Table>& tables, const ReportInput& input,
                                          const DisclosureOptions& options);

// ---------------------------------------------------------------------------------------------
// Differential privacy.

// A source of uniformly random bytes. SecureRandom uses libsodium's randombytes_buf;
// SeededRandomForTesting a ChaCha20 stream under a fixed seed (reproducible tests only).
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void Fill(void* buf, size_t size) = 0;
  // Uniform in [0, bound). REQUIRES: bound > 0. Rejection sampling, no modulo bias.
  uint64_t UniformBelow(uint64_t bound);
};
std::unique_ptr<RandomSource> SecureRandom();
std::unique_ptr<RandomSource> SeededRandomForTesting(uint64_t seed);

// Canonne, Kamath & Steinke (2020), "The Discrete Gaussian for Differential Privacy",
// Algorithms 1–3, in exact integer arithmetic: no floating point touches the noise.
// Discrete Laplace with scale num/den: P(x) ∝ exp(-|x|·den/num), x ∈ Z.
// REQUIRES: 0 < num, den < 2^31.
int64_t SampleDiscreteLaplace(uint64_t scale_num, uint64_t scale_den, RandomSource& rng);
// Discrete Gaussian with variance sigma2_num/sigma2_den: P(x) ∝ exp(-x²/(2σ²)).
// REQUIRES: 0 < sigma2_num, sigma2_den < 2^31.
int64_t SampleDiscreteGaussian(uint64_t sigma2_num, uint64_t sigma2_den, RandomSource& rng);

// ---------------------------------------------------------------------------------------------
// k-anonymous microdata.

// A generalisation hierarchy over one quasi-identifier's values coded 0..n-1: levels[0] is the
// identity; levels[l][code] is the level-l group of `code` (groups numbered densely from 0);
// the last level has one group (suppressed, "*"). labels[l][group] names each group.
struct Hierarchy {
  std::string name;
  std::vector<std::vector<uint32_t>> levels;
  std::vector<std::vector<std::string>> labels;
};

struct KAnonymityOptions {
  int k = 11;
  int l = 2;                       // distinct sensitive values per class; 1 disables
  double max_suppressed_fraction = 0.05;
};

struct KAnonymityResult {
  std::vector<int> levels;        // chosen level per quasi-identifier
  std::vector<bool> suppressed;   // per input row: removed from the export
  int64_t suppressed_rows = 0;
  // Generalised information loss (Iyengar 2002, "LM"): the mean over rows and
  // quasi-identifiers of (leaves under the published group - 1) / (leaves - 1); a removed row
  // counts 1. 0 = no loss, 1 = everything suppressed.
  double information_loss = 0;
  int64_t nodes_evaluated = 0;
};

// Finds the full-domain generalisation with least information loss such that every class has
// at least k rows and l distinct `sensitive` values after removing at most
// max_suppressed_fraction of rows. `codes` is row-major (rows × hierarchies.size()), each value
// < hierarchies[q].levels[0].size(). `sensitive` is empty (then l does not apply) or one code
// per row. Exact over the whole lattice (OLA/Flash-style search with predictive tagging and a
// loss bound, see kanon.cc and docs/publish.md); about 1.5 s of CPU for 1 000 000 rows × 8
// quasi-identifiers (bench/publish). Deterministic.
// InvalidArgument if more than 8 quasi-identifiers, a value past its hierarchy, a hierarchy
// whose levels are not nested, or codes wider than 63 bits together; FailedPrecondition if no
// generalisation qualifies (too few rows).
//
// `sensitive_sets`, when not empty, makes the sensitive value a set of forms: sensitive code ->
// bit set (bit i = form i; 0 = no form recorded, which is not a value), and l-diversity holds
// per form: a class qualifies only if at least l - 1 of its rows have a recorded form and every
// form present in the class is absent from at least l - 1 of those rows (with l = 2: no form
// is shared by every victim of the class). ExportMicrodata always uses it. InvalidArgument if
// a sensitive code has no set.
Result<KAnonymityResult> KAnonymise(const std::vector<uint32_t>& codes,
                                    const std::vector<Hierarchy>& hierarchies,
                                    const std::vector<uint32_t>& sensitive,
                                    const KAnonymityOptions& options,
                                    const std::vector<uint64_t>& sensitive_sets = {});

// Microdata export of PersonRows: header then one line per kept row, columns
// sex,age,citizenship,country_of_exploitation,year,forms (forms joined by ';').
struct Microdata {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  KAnonymityResult result;
};
Result<Microdata> ExportMicrodata(const std::vector<PersonRow>& rows,
                                  const KAnonymityOptions& options);

// ---------------------------------------------------------------------------------------------
// The report.

struct Report {
  ReportInput input;
  std::vector<Table> tables;
  ProtectionStatement protections;
  DisclosureOptions options;
  std::optional<Microdata> microdata;
  int64_t excluded_not_victims = 0;
  // SDG 16.2.2 rates per 100 000: rows (code, label, count or nullopt when suppressed, rate).
  struct Rate {
    std::string code;
    Text label;
    std::optional<int64_t> count;
    std::optional<double> rate_per_100k;
  };
  std::vector<Rate> sdg_rates;
  std::optional<int64_t> population;
  // Written into every output: the day MakeReport ran (UTC, YYYY-MM-DD) and kPalermoVersion.
  std::string produced_on;
  std::string palermo_version;
};

// Builds and protects the tables and the microdata; NotFound if `input.population` is given
// but lacks the reporting country and year; OutOfRange if the DP budget is spent.
Result<Report> MakeReport(const ReportInput& input, const DisclosureOptions& options,
                          const KAnonymityOptions& kanon = {});

// The data-quality annex as rows (section, item, value in words, number when there is one,
// source), in `lang`; the same rows feed the HTML section, tables/data_quality.csv, the
// "data_quality" key of tables.json and the XLSX sheet of that name.
struct QualityRow {
  std::string section;
  std::string item;
  std::string value;
  std::optional<double> number;
  std::string source;
};
// Counts in (0, threshold) (quarantined rows, pairs in review) are shown as "fewer than
// {threshold}" with no number, as every other count of the report; threshold 0 shows all.
std::vector<QualityRow> DataQualityRows(const DataQuality& quality, Lang lang, int64_t threshold = 0);
std::string RenderDataQualityCsv(const DataQuality& quality, Lang lang, int64_t threshold = 0);

// Writes index.html, tables/*.csv, tables.json, microdata.csv and report.xlsx under `dir`
// (created if needed). Unavailable on an I/O failure.
Status WriteReport(const Report& report, const std::filesystem::path& dir, Lang lang);

// The renderers, exposed for tests.
std::string RenderHtml(const Report& report, Lang lang);
std::string RenderTableCsv(const Table& table, Lang lang);
std::string RenderJson(const Report& report, Lang lang);
Status RenderXlsx(const Report& report, const std::filesystem::path& path, Lang lang);

// The report's tables by sex and age, form of exploitation and citizenship as one CSV for
// humanitarian partners, tagged with HXL 1.1 hashtags (docs/publish.md): a header row in
// `lang`, the hashtag row (HxlHashtags(), the same in both languages), then one row per table
// row with the reporting country, the year, the table id, the row's code and label and its
// counts by sex and age group. The cells are the report's cells after disclosure control,
// suppressed ones written "x" as tables/*.csv writes them; no case-level data, no identifier.
std::string RenderHxlCsv(const Report& report, Lang lang);
std::vector<std::string> HxlHashtags();

// How a cell is shown: its value, or the suppression mark ("x").
std::string CellText(const Table& table, int cell_idx, Lang lang);

}  // namespace palermo::publish
