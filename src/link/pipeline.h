// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/pipeline.h: the whole linkage run — normalise, block, estimate, score, cluster.
// Internal; other modules include link/link.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "link/blocking.h"
#include "link/cluster.h"
#include "link/dataset.h"
#include "link/fellegi_sunter.h"
#include "link/training.h"

namespace palermo::link {

// A person's decision on a pair of records, by (table index, row index).
struct Decision {
  uint32_t table_a = 0;
  uint32_t row_a = 0;
  uint32_t table_b = 0;
  uint32_t row_b = 0;
  bool is_match = false;
};

struct LinkOptions {
  NormaliseOptions normalise;
  // Pairs with match probability >= threshold are links: the same person is more likely than
  // not. Errors then fall on both sides in proportion (a calibrated model links as many
  // different persons as it splits true ones), so counts of persons and the overlaps MSE reads
  // stay unbiased; a stricter threshold counts some persons twice and inflates the estimate.
  double threshold = 0.5;
  // Pairs with probability in [review_lower, review_upper) go to the review list, linked or
  // not: a person confirms or rejects them.
  double review_lower = 0.2;
  double review_upper = 0.9;
  // A weak bridge (see ClusterOptions) below this probability is cut and sent to review.
  double bridge_probability = 0.95;
  // Two groups of two or more records are merged only when the mean match probability over
  // the pairs across them reaches this (ClusterOptions::pair_log2); 0 turns the rule off.
  double min_group_probability = 0.5;
  int threads = 1;
  BlockingOptions blocking;
  EmOptions em;
  // Upper bound on the matches EM may find, per record: em.lambda_max is lowered to
  // matches_per_record * records / candidate pairs. A record has few true matches, but many
  // candidate pairs share a frequent name; without this bound EM can take "same name" for
  // "same person" and learn that matches disagree on birth date (see docs/link.md).
  double max_matches_per_record = 2.0;
  // Records whose birth years disagree beyond the error model (more than 2 years apart,
  // ages counted as intervals, not one typed digit apart), one of them known only as an age
  // or a year, are not put in one cluster through other records; see
  // ClusterOptions::conflict. Two full dates never conflict: they differ more often by a
  // typing error.
  bool birth_conflicts_split = true;
  bool tf_adjust = true;
  uint64_t u_sample_pairs = 1'000'000;
  uint64_t seed = 20240611;
  std::vector<Decision> decisions;
  // Incremental linkage (src/persons): when set, this model (from an earlier run) scores the
  // pairs and no estimation runs; when `score_only_with` is not empty (one flag per record,
  // tables then rows), only candidate pairs with at least one flagged record are scored, so
  // links and clusters cover those pairs alone and the caller combines them with the clusters
  // it already has.
  std::optional<ModelParams> model;
  std::vector<bool> score_only_with;
  // Called with a stage name ("normalise", "block", "estimate", "score", "cluster") when a
  // stage starts. Never receives personal data.
  std::function<void(std::string_view stage)> progress;
};

struct PairExplanation {
  uint32_t a = 0;  // record indices into Dataset::records, a < b
  uint32_t b = 0;
  Comparison comparison;
  PairWeights weights;
  double probability = 0;
};

struct LinkStats {
  size_t records = 0;
  BlockingStats blocking;
  uint64_t scored_pairs = 0;
  size_t clusters = 0;
  size_t links = 0;
};

struct LinkResult {
  Dataset data;
  ModelParams model;
  std::vector<SessionSummary> sessions;  // what each training session saw (training.h)
  ClusterResult clusters;               // cluster_of indexed like data.records
  std::vector<PairExplanation> links;   // pairs at or above the threshold, strongest first
  // Uncertain pairs (linked or not, see review_lower/upper), cut bridges and refused group
  // merges, without decisions.
  std::vector<PairExplanation> review;
  LinkStats stats;
};

// Runs the linkage. InvalidArgument if an option is out of range (threshold not in (0,1),
// review_lower > threshold) or a decision names a row that does not exist. Deterministic for
// a given seed whatever `threads` is.
Result<LinkResult> LinkTables(const std::vector<SourceTable>& tables, const LinkOptions& options);

// Explains one pair of records under `model`.
PairExplanation ExplainPair(const Dataset& data, const ModelParams& model, uint32_t a, uint32_t b);

}  // namespace palermo::link
