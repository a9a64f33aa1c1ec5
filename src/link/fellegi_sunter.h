// SPDX-License-Identifier: AGPL-3.0-or-later
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

// One correction the fit made, for the summary and --explain (field and levels, never data).
struct ModelNote {
  enum class Kind : uint8_t {
    kPooled,            // `levels` share one weight (they broke the order)
    kDisagreementBounded,  // m of "different" held within [min, max]_disagreement_m
    kNoEvidence,        // the field's top level is no evidence here: weight 0
    kDefaultM,          // no training pairs: default agreement rates
    kPriorBounded,      // expected matches held at max_matches_per_record
  };
  Kind kind;
  Field field = Field::kGivenName;  // unused for kPriorBounded
  std::vector<int> levels;          // kPooled
};

struct ModelParams {
  LevelTable m{};  // P(level | match)
  LevelTable u{};  // P(level | non-match)
  // log2(m/u): added to the match weight for each field at that level.
  LevelTable weight_log2{};
  std::array<bool, kFieldCount> active{};  // field present in the data
  // Levels pooled to keep the weights monotone: levels of a field with the same group number
  // share one weight (see PoolMonotone). Initially each level is its own group.
  std::array<std::array<int8_t, kMaxLevels>, kFieldCount> pool_group = InitialGroups();
  // Share of matches among the pairs EM saw, and log2 odds that two records drawn at random
  // are the same person: the starting point of every pair's weight.
  double lambda_candidates = 0;
  double prior_log2_odds = 0;
  // Added to prior_log2_odds for two records of the same input table (an agency's own list),
  // whose prior odds of being one person differ from a cross-table pair's (training.cc).
  double same_source_log2_adjust = 0;
  // Expected number of matching record pairs among all pairs, and how it was found.
  double expected_matches = 0;
  std::string prior_method;
  bool tf_adjust = true;
  int em_iterations = 0;
  // What the fit had to correct, for people reading the model. Never data.
  std::vector<ModelNote> notes;
  // Recomputes weight_log2 from m and u.
  void UpdateWeights();
  static std::array<std::array<int8_t, kMaxLevels>, kFieldCount> InitialGroups();
};

// The order a field's weights must respect: for each (lower, higher) pair of levels, the
// weight of `higher` may not be below the weight of `lower` (exact >= closer fuzzy >= looser
// fuzzy >= different). Birth-date levels form a partial order: "years within 2" is below
// "one part differs", "day and month swapped" and "partial dates compatible", which are
// below "exact" and not ordered among themselves.
const std::vector<std::pair<int, int>>& LevelOrder(Field field);

// Pools adjacent violators: while some ordered pair of levels has a higher weight for the
// lower level, their groups are merged and share the ratio sum(m)/sum(u). m keeps its sum.
// `group` receives the group of each level (group number = smallest level in the group).
// Returns true when anything was pooled.
bool PoolMonotone(Field field, std::array<double, kMaxLevels>& m,
                  const std::array<double, kMaxLevels>& u, std::array<int8_t, kMaxLevels>& group);

// Agreement patterns with (possibly fractional) counts, as EM reads them.
using WeightedPatterns = std::vector<std::pair<uint64_t, double>>;

struct EmOptions;
struct EmFit {
  LevelTable m{};
  std::array<std::array<int8_t, kMaxLevels>, kFieldCount> pool_group =
      ModelParams::InitialGroups();
  double lambda = 0;   // share of matches among the pairs
  double matches = 0;  // expected matches among the pairs (sum of posteriors x counts)
  int iterations = 0;
};

// Two-class EM on agreement patterns with u held fixed (u from random pairs: they are almost
// all non-matches, so u does not depend on EM) and m estimated for the fields in `estimate`;
// the other fields are left out of the likelihood. Each M step pools levels that break
// LevelOrder, so m/u is monotone at every iteration. m is smoothed towards `m_prior` with
// options.pseudo_count pseudo-pairs per level.
EmFit EmFixedU(const WeightedPatterns& patterns, const LevelTable& u,
               const std::array<bool, kFieldCount>& estimate, const LevelTable& m_prior,
               const EmOptions& options);

// The starting m of every field (4^level, normalised): matches mostly agree.
LevelTable DefaultMPrior();

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
  // The same bound for what people change between two lists (phone, address, city, e-mail).
  double max_disagreement_m_changing = 0.9;
  // Smallest share of true matches that may disagree on a field. Recorded data have errors
  // (a mistyped date, an age given instead of the truth, a new family name after marriage):
  // EM on pairs where the only disagreeing matches are few learns a disagreement weight so
  // negative (-17 bits on Splink's fake_1000) that one typo vetoes a pair all else confirms.
  double min_disagreement_m = 0.02;
};

// EM on one set of patterns (EmFixedU over every active field, u = `random_u`) finished into
// a model: m of level 0 capped at max_disagreement_m, fields whose top level is no evidence
// (weight <= 0) neutralised (m = u, weight 0, with a note), prior from the expected matches.
// `total_pairs` is the number of unordered record pairs (for prior_log2_odds). The linkage
// run itself uses FitModel (training.h), which runs EM on pairs that share an exact key.
ModelParams EstimateMU(const PatternCounts& patterns, const LevelTable& random_u,
                       const std::array<bool, kFieldCount>& active, double total_pairs,
                       const EmOptions& options);

// Turns fitted m and u into a model's weights: m of level 0 capped at
// options.max_disagreement_m, levels pooled to respect LevelOrder, a field whose top level is
// no evidence (m <= u) neutralised (m = u, weight 0); each correction is added to `notes`.
void FinishModel(ModelParams& params, const EmOptions& options);

// Level of `field` in a packed pattern, kMissing when missing.
inline int PatternLevel(uint64_t pattern, int field) {
  return static_cast<int>((pattern >> (4 * field)) & 0xF) - 1;
}

// Posterior probability that a pair with agreement `pattern` is a match, given m, u, the
// match share `lambda`, and the fields `use` counts (EM's E step).
double PatternPosterior(uint64_t pattern, const LevelTable& m, const LevelTable& u,
                        const std::array<bool, kFieldCount>& use, double lambda);

// Weight contributions of one pair.
struct PairWeights {
  std::array<double, kFieldCount> field_log2{};  // 0 when missing
  std::array<double, kFieldCount> tf_log2{};     // term-frequency adjustment (names, shared identifiers)
  double total_log2 = 0;                         // prior + all fields
};

// Match weight of a compared pair: prior_log2_odds + sum of field weights, with the
// term-frequency adjustment on exact name agreement and the down-weighting of an exact
// identifier that several persons hold (Dataset::identifier_holders). Pure; thread-safe; no
// allocation.
double ScoreLog2(const Dataset& data, const ModelParams& params, const Record& a,
                 const Record& b, const Comparison& c, PairWeights* explain = nullptr);

// Match probability from log2 odds: 1 / (1 + 2^-w).
double ProbabilityFromLog2(double weight_log2);
double Log2FromProbability(double probability);

}  // namespace palermo::link
