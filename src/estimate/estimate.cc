// SPDX-License-Identifier: AGPL-3.0-or-later
// EstimateTotal: selection, then Wald-log, profile-likelihood and bootstrap intervals.
#include <algorithm>
#include <cmath>
#include <limits>

#include "estimate/internal.h"

namespace palermo::estimate {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kIndependence:
      return "independence";
    case Method::kStepwise:
      return "stepwise";
    case Method::kBic:
      return "bic";
    case Method::kAic:
      return "aic";
    case Method::kAverage:
      return "average";
    case Method::kModel:
      return "model";
  }
  return "";
}

std::optional<Method> ParseMethod(std::string_view name) {
  for (Method m : {Method::kIndependence, Method::kStepwise, Method::kBic, Method::kAic,
                   Method::kAverage, Method::kModel})
    if (MethodName(m) == name) return m;
  return std::nullopt;
}

std::string_view IntervalMethodName(IntervalMethod method) {
  switch (method) {
    case IntervalMethod::kProfile:
      return "profile";
    case IntervalMethod::kWaldLog:
      return "wald-log";
    case IntervalMethod::kPercentile:
      return "bootstrap-percentile";
    case IntervalMethod::kBca:
      return "bootstrap-bca";
    case IntervalMethod::kModelAverage:
      return "model-average";
  }
  return "";
}

namespace {

using internal::Design;

int DefaultMaxOrder(int num_lists) {
  if (num_lists <= 2) return 1;
  if (num_lists <= 3) return 2;
  if (num_lists <= 5) return 3;
  return 2;
}

// Multinomial profile log-likelihood of N (Cormack 1992, Biometrics 48:567; as Rcapture's
// profile intervals): the model is refitted on the complete table whose hidden cell holds
// N − n, and ℓ(N) = log N!/(N − n)! + Σ_c y_c log(μ_c / N), constants dropped.
class ProfileLikelihood {
 public:
  ProfileLikelihood(const Overlap& o, const Model& model)
      : design_(internal::BuildDesign(o.counts(), o.num_lists(), model, /*with_hidden_cell=*/true)),
        observed_(static_cast<double>(o.observed())) {}

  std::optional<double> At(double hidden) {
    design_.y(0) = hidden;  // cell 0 comes first
    internal::IrlsResult r = internal::Irls(design_, {}, warm_.size() ? &warm_ : nullptr);
    if (!r.converged) {
      r = internal::Irls(design_, {});
      if (!r.converged) return std::nullopt;
    }
    warm_ = r.beta;
    const double n_total = observed_ + hidden;
    double ll = std::lgamma(n_total + 1) - std::lgamma(hidden + 1);
    for (Eigen::Index i = 0; i < design_.y.size(); ++i)
      if (design_.y(i) > 0) ll += design_.y(i) * std::log(r.mu(i) / n_total);
    return ll;
  }

 private:
  Design design_;
  double observed_;
  Eigen::VectorXd warm_;
};

Interval ProfileInterval(const Overlap& o, const Fit& fit, double level) {
  const double n = static_cast<double>(o.observed());
  const double inf = std::numeric_limits<double>::infinity();
  ProfileLikelihood pl(o, fit.model);
  const double crit = std::pow(internal::NormalQuantile(0.5 + level / 2), 2) / 2;
  // Maximise over u = log(hidden) by golden section around the Poisson estimate.
  double a = std::log(std::max(fit.hidden, 1e-6)) - 3, b = std::log(std::max(fit.hidden, 1e-6)) + 3;
  auto f = [&](double u) { return pl.At(std::exp(u)).value_or(-inf); };
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a), fc = f(c), fd = f(d);
  for (int i = 0; i < 60 && b - a > 1e-7; ++i) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const double u_max = (a + b) / 2;
  const double target = f(u_max) - crit;
  auto root = [&](double inside, double outside) {
    for (int i = 0; i < 36; ++i) {  // log-scale bracket ≤ 1 → relative error < 1e-10
      const double mid = (inside + outside) / 2;
      (f(mid) >= target ? inside : outside) = mid;
    }
    return (inside + outside) / 2;
  };
  Interval ci{n, inf, IntervalMethod::kProfile};
  // Lower end: hidden may go down to 0.
  double low_u = u_max;
  bool low_found = false;
  for (int i = 0; i < 60; ++i) {
    low_u -= 1;
    if (f(low_u) < target) {
      low_found = true;
      break;
    }
  }
  if (low_found) ci.low = n + std::exp(root(low_u + 1 < u_max ? low_u + 1 : u_max, low_u));
  double high_u = u_max;
  for (int i = 0; i < 30; ++i) {
    high_u += 0.5;
    if (f(high_u) < target) {
      ci.high = n + std::exp(root(high_u - 0.5, high_u));
      break;
    }
  }
  return ci;
}

Interval WaldLog(const Fit& fit, double level) {
  const double z = internal::NormalQuantile(0.5 + level / 2);
  return {fit.observed + std::exp(fit.intercept - z * fit.intercept_se),
          fit.observed + std::exp(fit.intercept + z * fit.intercept_se), IntervalMethod::kWaldLog};
}

}  // namespace

Result<Estimate> EstimateTotal(const Overlap& overlap, const EstimateOptions& options) {
  if (!(options.level > 0 && options.level < 1))
    return Status::InvalidArgument("confidence level must be between 0 and 1");
  if (options.max_order < 0 || options.max_order > overlap.num_lists())
    return Status::InvalidArgument("max_order must be between 1 and the number of lists");
  const bool bootstrap = options.interval != IntervalChoice::kProfile;
  if (bootstrap && options.bootstrap_replicates < 2)
    return Status::InvalidArgument("a bootstrap interval needs at least 2 replicates");
  if (options.p_threshold <= 0 || options.p_threshold >= 1)
    return Status::InvalidArgument("the p-value threshold must be between 0 and 1");
  if (overlap.observed() == 0) return Status::InvalidArgument("no one is on any list");
  const int max_order =
      options.max_order > 0 ? options.max_order : DefaultMaxOrder(overlap.num_lists());
  PALERMO_ASSIGN_OR_RETURN(internal::Selection s,
                           internal::Select(overlap, options, max_order, options.threads, true));
  Estimate est;
  est.method = options.method;
  est.level = options.level;
  est.interval_choice = options.interval;
  est.lists_covered = ListsCoveredBySelection(options.method);
  est.beyond_selection_rules = overlap.num_lists() > est.lists_covered;
  est.observed = overlap.observed();
  est.fit = std::move(s.fit);
  est.total = est.fit.total;
  est.hidden = est.fit.hidden;
  est.steps = std::move(s.steps);
  est.refused_p_value = s.refused_p_value;
  est.models_considered = s.models_considered;
  est.models_admissible = s.models_admissible;
  est.max_order = max_order;
  est.exhaustive = s.exhaustive;
  est.excluded = std::move(s.excluded);
  est.excluded_count = s.excluded_count;
  constexpr size_t kRankingShown = 10;
  for (size_t i = 0; i < std::min(kRankingShown, s.ranking.size()); ++i)
    est.ranking.push_back(s.ranking[i]);
  est.wald_log = WaldLog(est.fit, options.level);
  est.profile = ProfileInterval(overlap, est.fit, options.level);
  est.ci = est.profile;
  if (options.method == Method::kAverage) {
    est.total = s.average_total;
    est.hidden = est.total - static_cast<double>(est.observed);
    // Log-normal interval for the hidden count with the unconditional standard error.
    const double z = internal::NormalQuantile(0.5 + options.level / 2);
    const double hidden = std::max(est.hidden, 1e-9);
    const double c = std::exp(z * std::sqrt(std::log(1 + std::pow(s.average_se / hidden, 2))));
    est.ci = {est.observed + hidden / c, est.observed + hidden * c, IntervalMethod::kModelAverage};
  }
  if (bootstrap) {
    const internal::BootstrapResult boot = internal::Bootstrap(overlap, est, options, max_order);
    est.percentile = boot.percentile;
    est.bca = boot.bca;
    est.bca_fallback = boot.fallback;
    est.bootstrap_replicates = boot.replicates;
    est.bootstrap_failures = boot.failures;
    // A given model (or independence) involves no selection to repeat.
    est.reselected = options.reselect_in_bootstrap && options.method != Method::kModel &&
                     options.method != Method::kIndependence;
    est.seed = options.seed;
    est.ci = boot.bca ? *boot.bca : boot.percentile;
  }
  return est;
}

Overlap CaptureTable::Collapsed() const {
  std::vector<double> counts(size_t{1} << list_names.size(), 0.0);
  for (const auto& [name, o] : strata)
    for (size_t cell = 0; cell < counts.size(); ++cell) counts[cell] += o.counts()[cell];
  return *Overlap::FromCells(list_names, std::move(counts));
}

Result<StratifiedEstimate> EstimateByStratum(const CaptureTable& table,
                                             const EstimateOptions& options) {
  StratifiedEstimate out;
  PALERMO_ASSIGN_OR_RETURN(out.overall, EstimateTotal(table.Collapsed(), options));
  if (table.strata.size() == 1 && table.strata.front().first.empty()) return out;
  for (const auto& [name, o] : table.strata) {
    StratumEstimate s{name, std::nullopt, ""};
    Result<Estimate> e = EstimateTotal(o, options);
    if (e.ok()) {
      out.sum_of_strata += e->total;
      s.estimate = std::move(e).value();
    } else {
      s.error = e.status().message();
    }
    out.strata.push_back(std::move(s));
  }
  return out;
}

}  // namespace palermo::estimate
