// SPDX-License-Identifier: AGPL-3.0-or-later
// src/estimate/estimate.h: Multiple Systems Estimation (MSE) of the hidden number of victims
// from the overlaps of K agencies' lists.
//
// Promises: an Overlap holds the counts of the 2^K − 1 observable capture patterns (built from
// a capture table, from `palermo link` clusters, or in code). FitModel fits a Poisson
// log-linear model (main effects plus chosen interactions) by IRLS; the hidden count is
// exp(intercept) and the total is observed + hidden. CheckModel tells whether the maximum
// likelihood estimate exists (Fienberg–Rinaldo linear program, GLPK) and whether the hidden
// cell is identifiable (full column rank); models failing either are never used and are
// reported. EstimateTotal selects a model (independence, the Chan–Silverman–Vincent stepwise
// rule, BIC/AIC over hierarchical models, IC model averaging, or a given model) and gives
// profile-likelihood and Wald-log intervals and, by default, a seeded nonparametric bootstrap
// interval that repeats the selection in every replicate (BCa, or percentile with the reason
// when the BCa adjustment cannot be computed; a parametric bootstrap on request), with the
// reason the model was chosen and whether the number of lists is within what the selection
// rule was published for. EstimateByStratum repeats it per stratum and reports
// the strata beside the overall estimate (they need not add up).
//
//   Result<Overlap> o = Overlap::FromCounts({"A", "B"}, {{"10", 80}, {"01", 60}, {"11", 20}});
//   Result<Estimate> e = EstimateTotal(*o, {.method = Method::kIndependence});
//   // e->total == 400 (Lincoln–Petersen), e->hidden == 240
//
// Everything here is pure computation on in-memory tables: deterministic for a given seed
// (whatever the number of threads), thread-safe for distinct arguments, and it never logs.
// Reference: Chan, Silverman & Vincent (2021) JASA 116:535; Silverman, Chan & Vincent (2024)
// Stat. Comput. 34:44; Fienberg & Rinaldo (2012) Ann. Stat. 40:996; Bales, Hesketh &
// Silverman (2015) Significance 12(3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/core.h"

namespace palermo::estimate {

// The most lists an Overlap accepts (2^20 cells). Model search is practical far below this.
inline constexpr int kMaxLists = 20;

// A set of lists as a bit mask: bit list_idx is set when the term involves that list.
// An interaction term has at least 2 bits; a capture pattern is any non-zero mask.
using Term = uint32_t;

// Counts of the observable capture patterns of K lists. Patterns absent from the input
// count 0; the all-zero pattern (on no list) is the hidden cell and is never stored.
class Overlap {
 public:
  // `patterns` are strings of K '0'/'1' characters, list 0 first ("101" = on lists 0 and 2).
  // InvalidArgument for fewer than 2 or more than kMaxLists lists, a malformed or repeated
  // pattern, the all-zero pattern, or a negative count.
  static Result<Overlap> FromCounts(std::vector<std::string> list_names,
                                    const std::vector<std::pair<std::string, int64_t>>& patterns);
  // `counts[pattern]` for pattern in [0, 2^K); counts[0] must be 0.
  static Result<Overlap> FromCells(std::vector<std::string> list_names, std::vector<double> counts);

  int num_lists() const { return static_cast<int>(list_names_.size()); }
  const std::vector<std::string>& list_names() const { return list_names_; }
  // Indexed by pattern; size 2^K; [0] is 0.
  const std::vector<double>& counts() const { return counts_; }
  double count(Term pattern) const { return counts_[pattern]; }
  // Number of people on at least one list.
  int64_t observed() const;
  // Number of people on every list of `term` (whatever other lists they are on).
  double Margin(Term term) const;

 private:
  Overlap(std::vector<std::string> names, std::vector<double> counts)
      : list_names_(std::move(names)), counts_(std::move(counts)) {}
  std::vector<std::string> list_names_;
  std::vector<double> counts_;
};

// Interaction terms of a hierarchical log-linear model; main effects are always present.
// Terms are kept sorted by order then mask, without duplicates.
struct Model {
  std::vector<Term> terms;
  friend bool operator==(const Model&, const Model&) = default;
};

// Main effects plus the closure of `terms` under taking subsets of 2 or more lists.
Model HierarchicalClosure(const std::vector<Term>& terms);
// "LA:NG" for a term, "" for independence, "LA:NG + NG:GP" for a model.
std::string TermName(Term term, const std::vector<std::string>& list_names);
std::vector<std::string> TermNames(const Model& model, const std::vector<std::string>& list_names);
// Parses "A*B,C*D" (also "A:B", "A*B*C", separated by ',' or '+'): each factor product
// stands for its hierarchical closure. InvalidArgument names an unknown list or empty term.
Result<Model> ParseModel(std::string_view text, const std::vector<std::string>& list_names);

// Why a model cannot be used.
enum class Exclusion {
  kNone = 0,
  kNoMle,            // the MLE does not exist (Fienberg–Rinaldo LP optimum is 0)
  kNotIdentifiable,  // the design is not of full column rank
  kDiverged,         // IRLS did not converge although the checks passed
};
// English reason, as written in RESULT.json ("maximum likelihood estimate does not exist ...").
std::string ExclusionReason(Exclusion exclusion);

struct Admissibility {
  Exclusion exclusion = Exclusion::kNone;
  bool ok() const { return exclusion == Exclusion::kNone; }
};
// Existence (LP) and identifiability (rank-revealing QR) of `model` on `overlap`, after terms
// with observed margin 0 are set to −∞ (their column and the cells containing them dropped).
// Existence is decided by the Fienberg–Rinaldo LP (GLPK, one environment per thread) unless
// the IRLS fit, corrected to satisfy the margin equations exactly, is itself a strictly
// positive solution of that LP (then the LP is skipped: same answer, faster).
Admissibility CheckModel(const Overlap& overlap, const Model& model);

struct FitOptions {
  int max_iterations = 100;
  double deviance_tolerance = 1e-10;  // relative change, as glm.control's epsilon
};

// A fitted Poisson log-linear model on the 2^K − 1 observable cells (0/1 coding).
struct Fit {
  Model model;
  std::vector<Term> infinite_terms;  // observed margin 0: parameter −∞, cells dropped
  double intercept = 0;              // log of the expected hidden count
  double intercept_se = 0;           // from the inverse Fisher information
  double hidden = 0;                 // exp(intercept)
  double observed = 0;
  double total = 0;           // observed + hidden
  double log_likelihood = 0;  // Poisson, with the −log(y!) constants
  double deviance = 0;
  int num_parameters = 0;      // intercept + K + every term, −∞ ones included
  double aic = 0;              // 2k − 2 log L
  double bic = 0;              // k log(observed) − 2 log L
  std::vector<double> fitted;  // by pattern, size 2^K; [0] = hidden
  int iterations = 0;
};

// Fits `model` by iteratively reweighted least squares with step halving and convergence on
// the deviance. FailedPrecondition with the ExclusionReason when the model is not
// admissible (as CheckModel) or IRLS diverges.
Result<Fit> FitModel(const Overlap& overlap, const Model& model, const FitOptions& options = {});

enum class Method { kIndependence, kStepwise, kBic, kAic, kAverage, kModel };
// "independence", "stepwise", "bic", "aic", "average", "model" and back.
std::string_view MethodName(Method method);
std::optional<Method> ParseMethod(std::string_view name);

enum class IntervalMethod { kProfile, kWaldLog, kPercentile, kBca, kModelAverage };
// "profile", "wald-log", "bootstrap-percentile", "bootstrap-bca", "model-average".
std::string_view IntervalMethodName(IntervalMethod method);

// How the reported interval (Estimate::ci) is obtained.
enum class IntervalChoice {
  // Nonparametric bootstrap (the default): each replicate resamples the observed people with
  // replacement (a multinomial draw of `observed` people over the observed capture patterns)
  // and re-estimates, repeating the model selection; BCa interval.
  kBootstrap,
  // Parametric bootstrap: Poisson draws from the chosen model's fitted means; BCa interval.
  kParametric,
  // Multinomial profile likelihood of the chosen model (no resampling: model choice ignored).
  kProfile,
};
// "bootstrap", "parametric", "profile" and back.
std::string_view IntervalChoiceName(IntervalChoice choice);
std::optional<IntervalChoice> ParseIntervalChoice(std::string_view name);
// Replicates of the default bootstrap: 1000 keeps the BCa end points' Monte Carlo error small
// (Efron & Tibshirani 1993, §19.3) at about a second on the demo's 5 lists.
inline constexpr int kDefaultBootstrapReplicates = 1000;

// Why the bootstrap interval is the percentile one instead of BCa.
enum class BcaFallback {
  kNone = 0,
  kNoBiasCorrection,  // every replicate on one side of the estimate: z0 is infinite
  kNoAcceleration,    // the jackknife gives no spread (or no admissible fit): a undefined
  kNotFinite,         // the adjusted levels are not finite or not inside (0, 1)
};
// English reason ("acceleration cannot be computed ..."), as written in RESULT.json.
std::string BcaFallbackReason(BcaFallback fallback);

// The most lists the selection rule was published and checked for: stepwise 6 (Chan,
// Silverman & Vincent 2021 applied it to the UK and Netherlands tables of 6 lists), BIC, AIC
// and averaging 5 (Silverman, Chan & Vincent 2024 give the default order for 3–5 lists and
// merge larger tables to 5), a given model or independence kMaxLists (no selection).
int ListsCoveredBySelection(Method method);

struct Interval {
  double low = 0;
  double high = 0;
  IntervalMethod method = IntervalMethod::kProfile;
};

struct EstimateOptions {
  Method method = Method::kStepwise;
  Model model = {};           // for Method::kModel
  IntervalChoice interval = IntervalChoice::kBootstrap;
  double p_threshold = 0.02;  // stepwise: add a pair while its p-value is below this
  // Highest interaction order searched by BIC/AIC/average; 0 = the default of Silverman, Chan
  // & Vincent (2024): 2 for 3 lists, 3 for 4–5 lists, 2 for 6 or more, 1 for 2 lists.
  int max_order = 0;
  // Exhaustive enumeration up to this many lists; beyond, a greedy forward search by the IC.
  int max_lists_exhaustive = 6;
  bool average_by_aic = false;   // model averaging weights: BIC (default) or AIC
  // Replicates for IntervalChoice::kBootstrap and kParametric (at least 2); ignored by kProfile.
  int bootstrap_replicates = kDefaultBootstrapReplicates;
  uint64_t seed = 1;
  int threads = 0;                    // bootstrap and enumeration workers; 0 = hardware threads
  bool reselect_in_bootstrap = true;  // repeat the selection inside each replicate
  double level = 0.95;
};

// One step of the stepwise rule: the pair added and its p-value.
struct StepwiseStep {
  Term term = 0;
  double p_value = 1;
};

// A model excluded from the search, and why.
struct ExcludedModel {
  Model model;
  Exclusion exclusion = Exclusion::kNone;
};

// A model with its criterion value and averaging weight (BIC/AIC/average).
struct RankedModel {
  Model model;
  double criterion = 0;
  double weight = 0;
  double total = 0;
};

struct Estimate {
  Method method = Method::kStepwise;
  double level = 0.95;
  int64_t observed = 0;
  double total = 0;  // observed + hidden
  double hidden = 0;
  IntervalChoice interval_choice = IntervalChoice::kBootstrap;  // as asked
  // The interval to report: BCa (percentile when bca_fallback says why) for the bootstrap
  // choices, the model average's for Method::kAverage with kProfile, else the profile one.
  Interval ci;
  Interval wald_log;  // observed + exp(b0 ± z·se(b0)), as SparseMSE's estimatepopulation.0
  Interval profile;   // multinomial profile likelihood for N (Rcapture style)
  std::optional<Interval> percentile;
  std::optional<Interval> bca;
  int bootstrap_replicates = 0;  // replicates that gave an estimate
  int bootstrap_failures = 0;    // replicates whose fit had no admissible model
  bool reselected = false;       // the bootstrap repeated the model selection in each replicate
  uint64_t seed = 0;             // of the bootstrap
  BcaFallback bca_fallback = BcaFallback::kNone;
  // More lists than ListsCoveredBySelection(method): the estimate is an extrapolation of the
  // rule; callers must say so where people read the result.
  bool beyond_selection_rules = false;
  int lists_covered = kMaxLists;
  Fit fit;                       // the chosen model's fit
  // Why: stepwise steps taken and the smallest p-value refused; IC value and runner-up.
  std::vector<StepwiseStep> steps;
  double refused_p_value = 1;        // smallest p-value of a pair not added (1 if none)
  std::vector<RankedModel> ranking;  // best first (BIC/AIC/average); top entries only
  int models_considered = 0;
  int models_admissible = 0;
  int max_order = 1;
  bool exhaustive = true;  // false when the IC search was greedy (K > max_lists_exhaustive)
  std::vector<ExcludedModel> excluded;
  int excluded_count = 0;  // may exceed excluded.size() (the list is capped at 1000)
};

// Estimates the total from `overlap` with `options.method`. InvalidArgument if the options
// make no sense (max_order < 1, level outside (0, 1), fewer than 2 bootstrap replicates for a
// bootstrap interval); FailedPrecondition if no admissible
// model exists (e.g. the chosen model fails the existence check) — the message says why.
Result<Estimate> EstimateTotal(const Overlap& overlap, const EstimateOptions& options);

// Poisson tail p-value of the stepwise rule: min(P(X ≤ n), P(X ≥ n)), X ~ Poisson(lambda).
double PoissonTailP(double n, double lambda);

// Per-stratum estimates beside the overall one (strata collapsed). A stratum where the
// estimate fails keeps its error message in `error`.
struct StratumEstimate {
  std::string stratum;
  std::optional<Estimate> estimate;
  std::string error;
};
struct StratifiedEstimate {
  Estimate overall;
  std::vector<StratumEstimate> strata;
  double sum_of_strata = 0;  // sum of the strata totals that could be estimated
};

// A capture table: one Overlap per stratum ("" when not stratified), same lists in each.
struct CaptureTable {
  std::vector<std::string> list_names;
  std::vector<std::pair<std::string, Overlap>> strata;
  // All strata added together.
  Overlap Collapsed() const;
};

// Reads a capture table: one 0/1 column per list, a `count` column, and optionally the
// stratum column `strata_column`. InvalidArgument naming file, line and column (in `lang`)
// for a value other than 0/1, a negative or non-integer count, a repeated pattern, the
// all-zero pattern, fewer than 2 lists, or no `count` column; NotFound if unreadable.
Result<CaptureTable> ReadCaptures(const std::filesystem::path& path,
                                  const std::string& strata_column = "", Lang lang = Lang::kEn);
Result<CaptureTable> ParseCaptures(std::string_view text, std::string_view file_name,
                                   const std::string& strata_column = "", Lang lang = Lang::kEn);
// Builds the capture table from `palermo link` clusters (header file,record_id,cluster_id;
// each distinct `file` is a list, in order of first appearance; a cluster is one person).
// `strata_column`, if given, must be a column of the file, constant within each cluster.
Result<CaptureTable> ReadClusters(const std::filesystem::path& path,
                                  const std::string& strata_column = "", Lang lang = Lang::kEn);
Result<CaptureTable> ParseClusters(std::string_view text, std::string_view file_name,
                                   const std::string& strata_column = "", Lang lang = Lang::kEn);

// Runs EstimateTotal on the collapsed table and on each stratum.
Result<StratifiedEstimate> EstimateByStratum(const CaptureTable& table,
                                             const EstimateOptions& options);

// RESULT.json: observed, estimate, unobserved, ci_low, ci_high, ci_method, model_terms,
// method, excluded_models (model terms and reason), intervals, selection details, strata.
std::string ToJson(const StratifiedEstimate& result, const std::vector<std::string>& list_names);

}  // namespace palermo::estimate
