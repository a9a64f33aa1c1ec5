// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/training.h: how a linkage run learns its model from the data it links.
// Internal; other modules include link/link.h.
//
// u comes from random record pairs (EstimateU). m comes from EM with u fixed, run in
// "sessions" on the pairs that share one exact key, each estimating only the fields its key
// does not involve (the approach of Splink's estimate_parameters_using_expectation_maximisation
// with blocking rules):
//   birth_date  same full birth date          -> names, sex, nationality, identifiers, places
//   names       same given and family name    -> birth date, identifiers, places
//                                                (sex and nationality follow the name)
//   document    same document number          -> everything but the document
// A field's m is the average of its sessions' estimates weighted by their expected matches;
// a field no session could learn keeps the default m (noted). Every EM step keeps weights
// monotone (PoolMonotone). The number of matching pairs among all pairs, which sets the
// prior, is a capture–recapture estimate over the first two sessions:
//   matches = M(birth_date) x M(names) / M(both),
// where M(both) counts the matches of the birth-date session whose names agree exactly.
// When that cannot be formed (no full dates, no names, too few pairs in both), prior_method
// is empty and the caller estimates the prior another way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "link/fellegi_sunter.h"

namespace palermo::link {

struct TrainingOptions {
  // Pairs EM sees per session at most; beyond, pairs are sampled (deterministically for
  // `seed`) and weighted by the inverse of their sampling rate.
  uint64_t max_pairs_per_session = 2'000'000;
  // A group sharing a key that is larger than this is represented by this many of its
  // records (weighted); a common name in a large community would otherwise dominate.
  size_t max_group = 300;
  // Upper bound on the expected matches per record (the prior cannot claim more).
  double max_matches_per_record = 2.0;
  uint64_t seed = 20240611;
  EmOptions em;
};

struct SessionSummary {
  std::string name;    // "birth_date", "names", "document"
  double pairs = 0;    // weighted pairs
  double matches = 0;  // expected matches among them
  int iterations = 0;
};

// Fits m for every active field and the prior. `sessions` (optional) receives what each
// session saw. Deterministic for options.seed.
ModelParams FitModel(const Dataset& data, const LevelTable& random_u,
                     const TrainingOptions& options, std::vector<SessionSummary>* sessions = nullptr);

// Expected matches among `patterns` with m and u fixed, the match share being the only free
// parameter (EM in one dimension, bounded by options.lambda_min/max).
double ExpectedMatchesWithFixedModel(const WeightedPatterns& patterns, const ModelParams& model,
                                     const EmOptions& options);

}  // namespace palermo::link
