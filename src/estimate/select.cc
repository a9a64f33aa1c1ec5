// SPDX-License-Identifier: AGPL-3.0-or-later
// Model selection: the Chan–Silverman–Vincent stepwise rule, BIC/AIC over hierarchical
// models (exhaustive, or greedy beyond max_lists_exhaustive lists), and IC model averaging.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "estimate/internal.h"

namespace palermo::estimate::internal {
namespace {

constexpr size_t kMaxRecordedExclusions = 1000;

void RecordExclusion(Selection& s, const Model& model, Exclusion e, bool record) {
  ++s.excluded_count;
  if (record && s.excluded.size() < kMaxRecordedExclusions) s.excluded.push_back({model, e});
}

// Checks and fits `model`; on failure records why and returns nullopt.
std::optional<Fit> TryFit(const Overlap& o, const Model& model, Selection& s, bool record,
                          Exclusion* why = nullptr) {
  const Design d = BuildDesign(o.counts(), o.num_lists(), model);
  IrlsResult irls;
  Exclusion e = CheckAndFit(d, {}, &irls);
  if (why != nullptr) *why = e;
  if (e == Exclusion::kNone) {
    Result<Fit> fit = FitDesign(d, model, o.num_lists(), static_cast<double>(o.observed()), irls);
    if (fit.ok()) return std::move(fit).value();
    e = Exclusion::kDiverged;
    if (why != nullptr) *why = e;
  }
  RecordExclusion(s, model, e, record);
  return std::nullopt;
}

Status NoAdmissible(const Model& model, Exclusion e, const std::vector<std::string>& names) {
  std::string name = model.terms.empty() ? "independence (main effects)" : "";
  for (const std::string& t : TermNames(model, names)) name += (name.empty() ? "" : " + ") + t;
  return Status::FailedPrecondition("model " + name + ": " + ExclusionReason(e));
}

// Chan, Silverman & Vincent (2021), JASA 116:535, §3 (SparseMSE::stepwisefit): from main
// effects, add the pair (i, j) whose observed overlap n*_ij is least compatible with the
// current fit, p = min(P(X ≤ n*), P(X ≥ n*)), X ~ Poisson(Σ fitted over cells ⊇ {i, j}),
// while p < threshold; a pair whose model fails existence/identifiability has p = 1; ties
// go to the first pair in the order (1,2), (1,3), …, (K−1,K).
Result<Selection> Stepwise(const Overlap& o, double threshold, bool record) {
  Selection s;
  Exclusion why = Exclusion::kNone;
  std::optional<Fit> current = TryFit(o, Model{}, s, record, &why);
  ++s.models_considered;
  if (!current) return NoAdmissible(Model{}, why, o.list_names());
  const int k = o.num_lists();
  std::vector<Term> pairs;
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j) pairs.push_back((Term{1} << i) | (Term{1} << j));
  while (true) {
    struct Candidate {
      size_t order;
      Term pair;
      double p;
    };
    std::vector<Candidate> candidates;
    for (size_t idx = 0; idx < pairs.size(); ++idx) {
      const Term pair = pairs[idx];
      if (std::find(current->model.terms.begin(), current->model.terms.end(), pair) !=
          current->model.terms.end())
        continue;
      double lambda = 0;
      for (Term cell = 1; cell < current->fitted.size(); ++cell)
        if (Contains(cell, pair)) lambda += current->fitted[cell];
      candidates.push_back({idx, pair, PoissonTailP(o.Margin(pair), lambda)});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.p < b.p; });
    bool added = false;
    s.refused_p_value = 1;
    for (const Candidate& c : candidates) {
      if (c.p >= threshold) {
        s.refused_p_value = std::min(s.refused_p_value, c.p);
        break;
      }
      std::vector<Term> terms = current->model.terms;
      terms.push_back(c.pair);
      const Model next = HierarchicalClosure(terms);
      ++s.models_considered;
      std::optional<Fit> fit = TryFit(o, next, s, record);
      if (!fit) continue;  // p = 1 for this pair
      s.steps.push_back({c.pair, c.p});
      current = std::move(fit);
      added = true;
      break;
    }
    if (!added) break;
  }
  s.models_admissible = s.models_considered - s.excluded_count;
  s.fit = std::move(*current);
  return s;
}

struct Scored {
  bool ok = false;
  double criterion = 0;
  double total = 0;
  double hidden_variance = 0;  // delta method: (exp(b0)·se(b0))²
};

Scored Score(const Overlap& o, const Model& model, bool by_aic, Exclusion* exclusion) {
  const Design d = BuildDesign(o.counts(), o.num_lists(), model);
  IrlsResult irls;
  *exclusion = CheckAndFit(d, {}, &irls);
  if (*exclusion != Exclusion::kNone) return {};
  Result<Fit> fit = FitDesign(d, model, o.num_lists(), static_cast<double>(o.observed()), irls);
  if (!fit.ok()) {
    *exclusion = Exclusion::kDiverged;
    return {};
  }
  const double sd = fit->hidden * fit->intercept_se;
  return {true, by_aic ? fit->aic : fit->bic, fit->total, sd * sd};
}

void FinishRanking(Selection& s, std::vector<RankedModel> ranked,
                   const std::vector<double>& variances) {
  // Weights exp(−ΔIC/2) (Buckland, Burnham & Augustin 1997, Biometrics 53:603).
  std::vector<size_t> order(ranked.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ranked[a].criterion < ranked[b].criterion; });
  const double best = ranked[order[0]].criterion;
  double sum_w = 0;
  for (RankedModel& m : ranked) sum_w += m.weight = std::exp(-(m.criterion - best) / 2);
  double avg = 0;
  for (RankedModel& m : ranked) {
    m.weight /= sum_w;
    avg += m.weight * m.total;
  }
  // Unconditional standard error, Buckland et al. (1997) eq. (9).
  double se = 0;
  for (size_t i = 0; i < ranked.size(); ++i)
    se += ranked[i].weight *
          std::sqrt(variances[i] + (ranked[i].total - avg) * (ranked[i].total - avg));
  s.average_total = avg;
  s.average_se = se;
  s.ranking.clear();
  for (size_t i : order) s.ranking.push_back(ranked[i]);
}

Result<Selection> InformationCriterion(const Overlap& o, const EstimateOptions& options,
                                       int max_order, int threads, bool record) {
  Selection s;
  const bool by_aic = options.method == Method::kAic ||
                      (options.method == Method::kAverage && options.average_by_aic);
  std::vector<RankedModel> ranked;
  std::vector<double> variances;
  if (o.num_lists() <= options.max_lists_exhaustive) {
    const std::vector<Model> models = EnumerateHierarchical(o.num_lists(), max_order);
    std::vector<Scored> scores(models.size());
    std::vector<Exclusion> exclusions(models.size());
    auto work = [&](int i) { scores[i] = Score(o, models[i], by_aic, &exclusions[i]); };
    if (threads == 1) {
      for (int i = 0; i < static_cast<int>(models.size()); ++i) work(i);
    } else {
      ParallelFor(static_cast<int>(models.size()), threads, work);
    }
    s.models_considered = static_cast<int>(models.size());
    for (size_t i = 0; i < models.size(); ++i) {
      if (!scores[i].ok) {
        RecordExclusion(s, models[i], exclusions[i], record);
        continue;
      }
      ranked.push_back({models[i], scores[i].criterion, 0, scores[i].total});
      variances.push_back(scores[i].hidden_variance);
    }
  } else {
    // Greedy forward search: add the hierarchical term that lowers the criterion most.
    s.exhaustive = false;
    Model current;
    Exclusion e;
    Scored score = Score(o, current, by_aic, &e);
    ++s.models_considered;
    if (!score.ok) return NoAdmissible(current, e, o.list_names());
    ranked.push_back({current, score.criterion, 0, score.total});
    variances.push_back(score.hidden_variance);
    while (true) {
      std::optional<Model> best_model;
      Scored best;
      for (Term t = 1; t < (Term{1} << o.num_lists()); ++t) {
        const int order = PopCount(t);
        if (order < 2 || order > max_order) continue;
        if (std::find(current.terms.begin(), current.terms.end(), t) != current.terms.end())
          continue;
        bool hierarchical = true;
        if (order > 2)
          for (Term bit = 1; bit <= t; bit <<= 1)
            if ((t & bit) && std::find(current.terms.begin(), current.terms.end(), t & ~bit) ==
                                 current.terms.end())
              hierarchical = false;
        if (!hierarchical) continue;
        std::vector<Term> terms = current.terms;
        terms.push_back(t);
        Model next = HierarchicalClosure(terms);
        ++s.models_considered;
        Scored sc = Score(o, next, by_aic, &e);
        if (!sc.ok) {
          RecordExclusion(s, next, e, record);
          continue;
        }
        ranked.push_back({next, sc.criterion, 0, sc.total});
        variances.push_back(sc.hidden_variance);
        if (!best_model || sc.criterion < best.criterion) {
          best_model = next;
          best = sc;
        }
      }
      if (!best_model || best.criterion >= score.criterion) break;
      current = *best_model;
      score = best;
    }
  }
  if (ranked.empty())
    return Status::FailedPrecondition(
        "no admissible model: every model fails the existence or "
        "identifiability check");
  s.models_admissible = static_cast<int>(ranked.size());
  FinishRanking(s, std::move(ranked), variances);
  PALERMO_ASSIGN_OR_RETURN(s.fit, FitModel(o, s.ranking.front().model));
  return s;
}

}  // namespace

Result<Selection> Select(const Overlap& o, const EstimateOptions& options, int max_order,
                         int threads, bool record) {
  switch (options.method) {
    case Method::kStepwise:
      return Stepwise(o, options.p_threshold, record);
    case Method::kBic:
    case Method::kAic:
    case Method::kAverage:
      return InformationCriterion(o, options, max_order, threads, record);
    case Method::kIndependence:
    case Method::kModel: {
      const Model model = options.method == Method::kModel ? options.model : Model{};
      Selection s;
      s.models_considered = 1;
      Exclusion why = Exclusion::kNone;
      std::optional<Fit> fit = TryFit(o, model, s, record, &why);
      if (!fit) return NoAdmissible(model, why, o.list_names());
      s.models_admissible = 1;
      s.fit = std::move(*fit);
      return s;
    }
  }
  return Status::Internal("unknown method");
}

}  // namespace palermo::estimate::internal
