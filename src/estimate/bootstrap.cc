// SPDX-License-Identifier: AGPL-3.0-or-later
// Bootstrap intervals for the total: nonparametric (resampling the observed people) or
// parametric (Poisson draws from the fit), percentile and BCa with a guarded adjustment.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "estimate/internal.h"

namespace palermo::estimate {

std::string_view IntervalChoiceName(IntervalChoice choice) {
  switch (choice) {
    case IntervalChoice::kBootstrap:
      return "bootstrap";
    case IntervalChoice::kParametric:
      return "parametric";
    case IntervalChoice::kProfile:
      return "profile";
  }
  return "";
}

std::optional<IntervalChoice> ParseIntervalChoice(std::string_view name) {
  for (IntervalChoice c :
       {IntervalChoice::kBootstrap, IntervalChoice::kParametric, IntervalChoice::kProfile})
    if (IntervalChoiceName(c) == name) return c;
  return std::nullopt;
}

std::string BcaFallbackReason(BcaFallback fallback) {
  switch (fallback) {
    case BcaFallback::kNone:
      return "";
    case BcaFallback::kNoBiasCorrection:
      return "bias correction cannot be computed (every replicate on one side of the estimate); "
             "percentile interval reported";
    case BcaFallback::kNoAcceleration:
      return "acceleration cannot be computed (the jackknife estimates do not vary); percentile "
             "interval reported";
    case BcaFallback::kNotFinite:
      return "the BCa adjustment gives levels outside (0, 1); percentile interval reported";
  }
  return "";
}

int ListsCoveredBySelection(Method method) {
  switch (method) {
    case Method::kStepwise:
      return 6;
    case Method::kBic:
    case Method::kAic:
    case Method::kAverage:
      return 5;
    case Method::kIndependence:
    case Method::kModel:
      return kMaxLists;
  }
  return kMaxLists;
}

namespace internal {
namespace {

double Quantile(const std::vector<double>& sorted, double p) {
  // Type 7 (linear interpolation between order statistics), R's default.
  const double h = (static_cast<double>(sorted.size()) - 1) * std::clamp(p, 0.0, 1.0);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A multinomial draw of `observed` people over the observed cells with probabilities
// count/observed, by conditional binomials in pattern order.
std::vector<double> ResamplePeople(const Overlap& o, std::mt19937_64& rng) {
  std::vector<double> counts(o.counts().size(), 0.0);
  int64_t people_left = o.observed();
  double weight_left = static_cast<double>(o.observed());
  for (Term cell = 1; cell < counts.size() && people_left > 0; ++cell) {
    const double y = o.count(cell);
    if (y <= 0) continue;
    const int64_t x = y >= weight_left
                          ? people_left
                          : std::binomial_distribution<int64_t>(people_left, y / weight_left)(rng);
    counts[cell] = static_cast<double>(x);
    people_left -= x;
    weight_left -= y;
  }
  return counts;
}

}  // namespace

// Efron & Tibshirani (1993), ch. 6, 14 and 22. Replicate r uses its own generator seeded from
// (seed, r), so results do not depend on the number of threads. The BCa acceleration comes
// from the jackknife over individuals (one person removed from each non-empty cell, weighted
// by the cell count); when z0 or a cannot be computed, or the adjusted levels leave (0, 1),
// the percentile interval stands and `fallback` says why.
BootstrapResult Bootstrap(const Overlap& o, const Estimate& est, const EstimateOptions& options,
                          int max_order) {
  const Fit& fit = est.fit;
  EstimateOptions inner = options;
  if (!options.reselect_in_bootstrap) {
    inner.method = Method::kModel;
    inner.model = fit.model;
  }
  auto estimator = [&](std::vector<double> counts) -> std::optional<double> {
    Result<Overlap> replicate = Overlap::FromCells(o.list_names(), std::move(counts));
    if (!replicate.ok() || replicate->observed() == 0) return std::nullopt;
    Result<Selection> s = Select(*replicate, inner, max_order, 1, false);
    if (!s.ok()) return std::nullopt;
    const double total = inner.method == Method::kAverage ? s->average_total : s->fit.total;
    if (!std::isfinite(total)) return std::nullopt;
    return total;
  };
  const bool parametric = options.interval == IntervalChoice::kParametric;
  const int b = options.bootstrap_replicates;
  std::vector<std::optional<double>> totals(static_cast<size_t>(b));
  ParallelFor(b, options.threads, [&](int r) {
    std::mt19937_64 rng(SplitMix64(options.seed ^ SplitMix64(static_cast<uint64_t>(r))));
    std::vector<double> counts;
    if (parametric) {
      counts.assign(o.counts().size(), 0.0);
      for (Term cell = 1; cell < counts.size(); ++cell) {
        const double mu = fit.fitted[cell];
        if (mu > 0) counts[cell] = static_cast<double>(std::poisson_distribution<int64_t>(mu)(rng));
      }
    } else {
      counts = ResamplePeople(o, rng);
    }
    totals[static_cast<size_t>(r)] = estimator(std::move(counts));
  });
  std::vector<double> sorted;
  for (const auto& t : totals)
    if (t) sorted.push_back(*t);
  BootstrapResult out;
  out.replicates = static_cast<int>(sorted.size());
  out.failures = b - out.replicates;
  const double alpha = (1 - options.level) / 2;
  out.percentile = {static_cast<double>(o.observed()), std::numeric_limits<double>::infinity(),
                    IntervalMethod::kPercentile};
  out.fallback = BcaFallback::kNoBiasCorrection;
  if (sorted.size() < 2) return out;
  std::sort(sorted.begin(), sorted.end());
  out.percentile.low = Quantile(sorted, alpha);
  out.percentile.high = Quantile(sorted, 1 - alpha);
  // Bias correction z0 (Efron 1987, JASA 82:171): undefined when no replicate falls on one
  // side of the estimate.
  double below = 0;
  for (double t : sorted) below += t < est.total ? 1.0 : (t == est.total ? 0.5 : 0.0);
  const double prop = below / static_cast<double>(sorted.size());
  if (!(prop > 0 && prop < 1)) return out;
  const double z0 = NormalQuantile(prop);
  std::vector<Term> cells;
  for (Term cell = 1; cell < o.counts().size(); ++cell)
    if (o.count(cell) > 0) cells.push_back(cell);
  std::vector<std::optional<double>> jack(cells.size());
  ParallelFor(static_cast<int>(cells.size()), options.threads, [&](int i) {
    std::vector<double> counts = o.counts();
    counts[cells[static_cast<size_t>(i)]] -= 1;
    jack[static_cast<size_t>(i)] = estimator(std::move(counts));
  });
  double weight = 0, mean = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!jack[i]) continue;
    weight += o.count(cells[i]);
    mean += o.count(cells[i]) * *jack[i];
  }
  out.fallback = BcaFallback::kNoAcceleration;
  if (!(weight > 0)) return out;
  mean /= weight;
  double num = 0, den = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!jack[i]) continue;
    const double dlt = mean - *jack[i];
    num += o.count(cells[i]) * dlt * dlt * dlt;
    den += o.count(cells[i]) * dlt * dlt;
  }
  // Relative to the estimate, a spread below 1e-12 is rounding noise, not information.
  const double scale = std::max(1.0, std::abs(est.total));
  if (!(den > 1e-24 * scale * scale * weight)) return out;
  const double a = num / (6 * std::pow(den, 1.5));
  if (!std::isfinite(a)) return out;
  out.fallback = BcaFallback::kNotFinite;
  auto adjusted = [&](double p) -> std::optional<double> {
    const double z = NormalQuantile(p);
    const double d = 1 - a * (z0 + z);
    if (!(d > 0)) return std::nullopt;
    const double level = NormalCdf(z0 + (z0 + z) / d);
    if (!std::isfinite(level) || level <= 0 || level >= 1) return std::nullopt;
    return level;
  };
  const std::optional<double> low = adjusted(alpha), high = adjusted(1 - alpha);
  if (!low || !high) return out;
  out.bca = Interval{Quantile(sorted, *low), Quantile(sorted, *high), IntervalMethod::kBca};
  if (!std::isfinite(out.bca->low) || !std::isfinite(out.bca->high)) {
    out.bca.reset();
    return out;
  }
  out.fallback = BcaFallback::kNone;
  return out;
}

}  // namespace internal
}  // namespace palermo::estimate
