// src/link/fellegi_sunter.h: Fellegi–Sunter match weights with m/u estimated by EM, term
// frequency adjustment and per-field explanations. Internal; other modules include link/link.h.
//
// References: Fellegi & Sunter (1969), "A theory for record linkage", JASA 64:1183–1210;
// Winkler (1988) for EM on agreement patterns; the term-frequency adjustment follows the
// description in the Splink documentation (u of an exact agreement replaced by the share of
// records holding that value).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "link/record.h"

namespace palermo::link {

using LevelTable = std::array<std::array<double, kMaxLevels>, kFieldCount>;

struct ModelParams {
  LevelTable m{};  // P(level | match)
  LevelTable u{};  // P(level | non-match)
  // log2(m/u): added to the match weight for each field at that level.
  LevelTable weight_log2{};
  std::array<bool, kFieldCount> active{};  // field present in the data
  // Share of matches among the candidate pairs (EM), and log2 odds that two records drawn
  // at random are the same person: the starting point of every pair's weight.
  double lambda_candidates = 0;
  double prior_log2_odds = 0;
  bool tf_adjust = true;
  int em_iterations = 0;
  // Recomputes weight_log2 from m and u.
  void UpdateWeights();
};

// Agreement patterns: levels of every field packed 4 bits each (level + 1; 0 = missing).
uint64_t PackPattern(const Comparison& c);
using PatternCounts = std::unordered_map<uint64_t, uint64_t>;

// u from `sample_pairs` record pairs drawn uniformly at random (deterministic for `seed`),
// with add-one smoothing. Random pairs are almost all non-matches, so this estimate does
// not depend on EM (the "fixed u" safeguard).
LevelTable EstimateU(const Dataset& data, uint64_t sample_pairs, uint64_t seed);

struct EmOptions {
  int max_iterations = 200;
  double tolerance = 1e-7;
  // Bounds on the match share among candidate pairs: keeps EM from collapsing onto one class.
  double lambda_min = 1e-5;
  double lambda_max = 0.9;
  // Dirichlet smoothing per level: u uniform; m towards the starting m (4^level, normalised),
  // which keeps small data sets from giving agreement almost no weight.
  double pseudo_count = 1.0;
  // Largest share of true matches that may fully disagree on a field (level 0). EM on data
  // where many different persons share a name otherwise learns that "matches" often
  // disagree on birth date; recorded data errors rarely exceed this share. m of level 0 is
  // capped and the other levels are scaled up to sum to one.
  double max_disagreement_m = 0.1;
};

// Two-class EM (Winkler 1988) on the agreement patterns of the candidate pairs. Returns m
// from EM; u for scoring is `random_u` (EM's own u is biased by blocking, which makes
// candidate non-matches agree more than random pairs do). Safeguard: a field whose EM m
// puts less mass on its top level than random u does gets m = u at every level (weight 0),
// since such a field cannot be evidence for a match.
// `total_pairs` is the number of unordered record pairs (for prior_log2_odds).
ModelParams EstimateMU(const PatternCounts& patterns, const LevelTable& random_u,
                       const std::array<bool, kFieldCount>& active, double total_pairs,
                       const EmOptions& options);

// Weight contributions of one pair.
struct PairWeights {
  std::array<double, kFieldCount> field_log2{};  // 0 when missing
  std::array<double, kFieldCount> tf_log2{};     // term-frequency adjustment (names only)
  double total_log2 = 0;                         // prior + all fields
};

// Match weight of a compared pair: prior_log2_odds + sum of field weights, with the
// term-frequency adjustment on exact name agreement. Pure; thread-safe; no allocation.
double ScoreLog2(const Dataset& data, const ModelParams& params, const Record& a,
                 const Record& b, const Comparison& c, PairWeights* explain = nullptr);

// Match probability from log2 odds: 1 / (1 + 2^-w).
double ProbabilityFromLog2(double weight_log2);
double Log2FromProbability(double probability);

}  // namespace palermo::link
