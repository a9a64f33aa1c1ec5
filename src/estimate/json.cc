// SPDX-License-Identifier: AGPL-3.0-or-later
// RESULT.json of `palermo estimate`.
#include <cmath>
#include <nlohmann/json.hpp>

#include "estimate/internal.h"

namespace palermo::estimate {
namespace {

nlohmann::json Number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);  // null = unbounded
}

nlohmann::json IntervalJson(const Interval& i) {
  return {{"low", Number(i.low)},
          {"high", Number(i.high)},
          {"method", std::string(IntervalMethodName(i.method))}};
}

nlohmann::json EstimateJson(const Estimate& e, const std::vector<std::string>& names) {
  nlohmann::json j;
  j["method"] = std::string(MethodName(e.method));
  j["observed"] = e.observed;
  j["estimate"] = Number(e.total);
  j["unobserved"] = Number(e.hidden);
  j["ci_low"] = Number(e.ci.low);
  j["ci_high"] = Number(e.ci.high);
  j["ci_method"] = std::string(IntervalMethodName(e.ci.method));
  j["ci_level"] = e.level;
  j["model_terms"] = TermNames(e.fit.model, names);
  std::vector<std::string> infinite;
  for (Term t : e.fit.infinite_terms) infinite.push_back(TermName(t, names));
  j["infinite_terms"] = infinite;
  nlohmann::json intervals = nlohmann::json::array();
  intervals.push_back(IntervalJson(e.profile));
  intervals.push_back(IntervalJson(e.wald_log));
  if (e.percentile) intervals.push_back(IntervalJson(*e.percentile));
  if (e.bca) intervals.push_back(IntervalJson(*e.bca));
  if (e.ci.method == IntervalMethod::kModelAverage) intervals.push_back(IntervalJson(e.ci));
  j["intervals"] = intervals;
  j["model_fit"] = {{"intercept", e.fit.intercept},
                    {"intercept_se", e.fit.intercept_se},
                    {"log_likelihood", e.fit.log_likelihood},
                    {"deviance", e.fit.deviance},
                    {"parameters", e.fit.num_parameters},
                    {"aic", e.fit.aic},
                    {"bic", e.fit.bic},
                    {"model_estimate", e.fit.total}};
  nlohmann::json selection;
  selection["models_considered"] = e.models_considered;
  selection["models_admissible"] = e.models_admissible;
  if (e.method == Method::kStepwise) {
    nlohmann::json steps = nlohmann::json::array();
    for (const StepwiseStep& s : e.steps)
      steps.push_back({{"term", TermName(s.term, names)}, {"p_value", s.p_value}});
    selection["steps"] = steps;
    selection["smallest_p_value_not_added"] = e.refused_p_value;
  }
  if (e.method == Method::kBic || e.method == Method::kAic || e.method == Method::kAverage) {
    selection["max_order"] = e.max_order;
    selection["search"] = e.exhaustive ? "exhaustive" : "greedy";
    nlohmann::json ranking = nlohmann::json::array();
    for (const RankedModel& m : e.ranking)
      ranking.push_back({{"model_terms", TermNames(m.model, names)},
                         {"criterion", m.criterion},
                         {"weight", m.weight},
                         {"estimate", m.total}});
    selection["best_models"] = ranking;
  }
  j["selection"] = selection;
  // Which interval method was used, and how (issue 16, item 4).
  nlohmann::json interval = {{"choice", std::string(IntervalChoiceName(e.interval_choice))},
                             {"reported", std::string(IntervalMethodName(e.ci.method))}};
  if (e.interval_choice != IntervalChoice::kProfile) {
    interval["resampling"] = e.interval_choice == IntervalChoice::kParametric
                                 ? "parametric (Poisson draws from the chosen model)"
                                 : "nonparametric (multinomial resampling of the observed people)";
    interval["model_reselected_in_each_replicate"] = e.reselected;
    interval["seed"] = e.seed;
    interval["bca_fallback"] = e.bca_fallback == BcaFallback::kNone
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(BcaFallbackReason(e.bca_fallback));
    j["bootstrap"] = {{"replicates", e.bootstrap_replicates}, {"failed", e.bootstrap_failures}};
  }
  j["interval"] = interval;
  j["selection_coverage"] = {{"lists", names.size()},
                             {"lists_covered_by_rule", e.lists_covered},
                             {"beyond_rule", e.beyond_selection_rules}};
  nlohmann::json excluded = nlohmann::json::array();
  for (const ExcludedModel& m : e.excluded)
    excluded.push_back(
        {{"model_terms", TermNames(m.model, names)}, {"reason", ExclusionReason(m.exclusion)}});
  j["excluded_models"] = excluded;
  j["excluded_models_total"] = e.excluded_count;
  return j;
}

}  // namespace

std::string ToJson(const StratifiedEstimate& result, const std::vector<std::string>& list_names) {
  nlohmann::json j = EstimateJson(result.overall, list_names);
  j["lists"] = list_names;
  if (!result.strata.empty()) {
    nlohmann::json strata = nlohmann::json::array();
    for (const StratumEstimate& s : result.strata) {
      nlohmann::json sj = s.estimate ? EstimateJson(*s.estimate, list_names) : nlohmann::json{};
      sj["stratum"] = s.stratum;
      if (!s.estimate) sj["error"] = s.error;
      strata.push_back(sj);
    }
    j["strata"] = strata;
    j["sum_of_strata_estimates"] = result.sum_of_strata;
    j["strata_note"] =
        "each stratum is estimated separately; their totals need not add up to the overall "
        "estimate";
  }
  return j.dump(2) + "\n";
}

}  // namespace palermo::estimate
