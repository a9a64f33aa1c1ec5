// SPDX-License-Identifier: AGPL-3.0-or-later
// src/estimate/internal.h: pieces of the estimate module shared between its .cc files.
// Not part of the public interface: other modules include only estimate/estimate.h.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "estimate/estimate.h"

namespace palermo::estimate::internal {

inline int PopCount(Term t) { return __builtin_popcount(t); }
inline bool Contains(Term cell, Term term) { return (cell & term) == term; }

// The reduced design of a model on given counts: terms whose observed margin is 0 (main
// effects included) get parameter −∞, so their column and every cell containing them go.
struct Design {
  std::vector<Term> cells;     // included patterns (0 = hidden cell, only if asked for)
  std::vector<Term> columns;   // 0 = intercept, then main effects, then interactions
  std::vector<Term> infinite;  // terms set to −∞
  Eigen::MatrixXd x;           // cells × columns, 0/1
  Eigen::VectorXd y;           // counts of `cells`
  int num_parameters = 0;      // every parameter, −∞ ones included
};
Design BuildDesign(const std::vector<double>& counts, int num_lists, const Model& model,
                   bool with_hidden_cell = false);

struct IrlsResult {
  bool converged = false;
  Eigen::VectorXd beta;
  Eigen::VectorXd mu;  // fitted values of design.cells
  double intercept_variance = 0;
  double deviance = 0;
  double log_likelihood = 0;
  int iterations = 0;
};
// Poisson IRLS (glm's algorithm, with step halving). `start`, if non-empty, is a starting
// beta (warm start); otherwise mu starts at y + 0.1 as glm does.
IrlsResult Irls(const Design& design, const FitOptions& options,
                const Eigen::VectorXd* start = nullptr);

// Identifiability (rank), IRLS fit into `*fit`, then existence: a converged fit whose
// corrected fitted values stay positive witnesses it; otherwise the Fienberg–Rinaldo LP
// decides. kDiverged when the checks pass but IRLS failed.
Exclusion CheckAndFit(const Design& design, const FitOptions& options, IrlsResult* fit);

// The public Fit from a converged IRLS result; FailedPrecondition(kDiverged) otherwise.
Result<Fit> FitDesign(const Design& design, const Model& model, int num_lists, double observed,
                      const IrlsResult& irls);

// Every hierarchical model with interactions of order 2..max_order, in a fixed order.
std::vector<Model> EnumerateHierarchical(int num_lists, int max_order);

// Selection without intervals: the chosen fit plus the record of why.
struct Selection {
  Fit fit;
  std::vector<StepwiseStep> steps;
  double refused_p_value = 1;
  std::vector<RankedModel> ranking;  // sorted, best first (IC methods); all admissible
  int models_considered = 0;
  int models_admissible = 0;
  bool exhaustive = true;
  std::vector<ExcludedModel> excluded;
  int excluded_count = 0;
  double average_total = 0;  // model average (Method::kAverage)
  double average_se = 0;     // Buckland et al. (1997) unconditional standard error
};
// `threads` is used for enumerations only; `record` keeps the exclusions and rankings.
Result<Selection> Select(const Overlap& overlap, const EstimateOptions& options, int max_order,
                         int threads, bool record);

// Bootstrap intervals around `est` (its fit and total), as options.interval asks
// (kBootstrap or kParametric). `bca` is empty when `fallback` is not kNone.
struct BootstrapResult {
  Interval percentile;
  std::optional<Interval> bca;
  BcaFallback fallback = BcaFallback::kNone;
  int replicates = 0, failures = 0;
};
BootstrapResult Bootstrap(const Overlap& o, const Estimate& est, const EstimateOptions& options,
                          int max_order);

// Standard normal quantile and distribution function.
double NormalQuantile(double p);
double NormalCdf(double x);

// Runs `work(index)` for index in [0, n) on `threads` std::threads (each frees its GLPK
// environment on exit). Deterministic if `work` writes only to its own index.
void ParallelFor(int n, int threads, const std::function<void(int)>& work);

}  // namespace palermo::estimate::internal
