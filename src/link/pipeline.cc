// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/pipeline.h"

#include "link/training.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_set>

namespace palermo::link {
namespace {

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return static_cast<uint64_t>(a) << 32 | b;
}

}  // namespace

PairExplanation ExplainPair(const Dataset& data, const ModelParams& model, uint32_t a, uint32_t b) {
  PairExplanation e;
  e.a = std::min(a, b);
  e.b = std::max(a, b);
  Compare(data, data.records[e.a], data.records[e.b], e.comparison);
  ScoreLog2(data, model, data.records[e.a], data.records[e.b], e.comparison, &e.weights);
  e.probability = ProbabilityFromLog2(e.weights.total_log2);
  return e;
}

Result<LinkResult> LinkTables(const std::vector<SourceTable>& tables, const LinkOptions& options) {
  if (!(options.threshold > 0 && options.threshold < 1))
    return Status::InvalidArgument("threshold must be between 0 and 1 (exclusive)");
  if (!(options.review_lower > 0 && options.review_lower <= options.threshold))
    return Status::InvalidArgument("review lower bound must be in (0, threshold]");
  auto progress = [&](std::string_view stage) {
    if (options.progress) options.progress(stage);
  };
  LinkResult result;
  progress("normalise");
  const VariantTable* variants = nullptr;
  VariantTable loaded;
  if (options.normalise.use_variants) {
    PALERMO_ASSIGN_OR_RETURN(loaded, VariantTable::LoadDefault());
    variants = &loaded;
  }
  result.data = BuildDataset(tables, options.normalise, variants, options.threads);
  const Dataset& data = result.data;
  const size_t n = data.records.size();
  result.stats.records = n;
  // Record index of (table, row).
  std::vector<uint32_t> first_of_table(tables.size() + 1, 0);
  for (size_t t = 0; t < tables.size(); ++t)
    first_of_table[t + 1] = first_of_table[t] + static_cast<uint32_t>(tables[t].rows.size());
  std::vector<RecordPair> must_link;
  std::vector<RecordPair> cannot_link;
  std::unordered_set<uint64_t> decided;
  for (const Decision& d : options.decisions) {
    if (d.table_a >= tables.size() || d.table_b >= tables.size() ||
        d.row_a >= tables[d.table_a].rows.size() || d.row_b >= tables[d.table_b].rows.size())
      return Status::InvalidArgument("a decision names a record that does not exist");
    const uint32_t a = first_of_table[d.table_a] + d.row_a;
    const uint32_t b = first_of_table[d.table_b] + d.row_b;
    (d.is_match ? must_link : cannot_link).push_back({a, b});
    decided.insert(PairKey(a, b));
  }

  if (!options.score_only_with.empty() && options.score_only_with.size() != n)
    return Status::InvalidArgument("score_only_with must have one flag per record");
  const int n_threads = std::max(1, options.threads);
  if (options.model) {
    result.model = *options.model;
  } else {
    // Estimation: u from random pairs, m by EM on pairs sharing an exact key (training.h).
    progress("estimate");
    const LevelTable random_u = EstimateU(data, options.u_sample_pairs, options.seed);
    TrainingOptions training;
    training.em = options.em;
    training.seed = options.seed;
    training.max_matches_per_record = options.max_matches_per_record;
    result.model = FitModel(data, random_u, training, &result.sessions);
    result.model.tf_adjust = options.tf_adjust;
    const double total_pairs = static_cast<double>(n) * static_cast<double>(n > 0 ? n - 1 : 0) / 2;
    if (result.model.prior_method.empty()) {
      // No capture–recapture: the expected matches among the candidate pairs, with the model
      // fixed, bounded by max_matches_per_record.
      std::vector<PatternCounts> local_patterns(static_cast<size_t>(n_threads));
      ForEachCandidatePair(data, options.blocking, n_threads,
                           [&](int worker, uint32_t a, uint32_t b) {
                             Comparison c;
                             Compare(data, data.records[a], data.records[b], c);
                             ++local_patterns[static_cast<size_t>(worker)][PackPattern(c)];
                           });
      PatternCounts merged;
      for (const auto& local : local_patterns)
        for (const auto& [pattern, count] : local) merged[pattern] += count;
      WeightedPatterns rows(merged.begin(), merged.end());
      std::sort(rows.begin(), rows.end());
      double matches = ExpectedMatchesWithFixedModel(rows, result.model, options.em);
      const double bound = options.max_matches_per_record * static_cast<double>(n);
      matches = std::clamp(matches, 1.0, std::max(1.0, bound));
      result.model.expected_matches = matches;
      result.model.prior_method = "candidate_pairs";
      const double prior = std::clamp(matches / std::max(total_pairs, 1.0), 1e-12, 0.5);
      result.model.prior_log2_odds = std::log2(prior / (1 - prior));
    }
  }

  // Scoring: keep the pairs that can matter (at or above the review bound).
  progress("score");
  const double keep_log2 = Log2FromProbability(options.review_lower);
  std::vector<std::vector<ScoredPair>> local_kept(static_cast<size_t>(n_threads));
  const ModelParams& model = result.model;
  const std::vector<bool>& only = options.score_only_with;
  result.stats.blocking = ForEachCandidatePair(
      data, options.blocking, n_threads, [&](int worker, uint32_t a, uint32_t b) {
    if (!only.empty() && !only[a] && !only[b]) return;
    Comparison c;
    const Record& ra = data.records[a];
    const Record& rb = data.records[b];
    Compare(data, ra, rb, c);
    const double w = ScoreLog2(data, model, ra, rb, c);
    if (w >= keep_log2) local_kept[static_cast<size_t>(worker)].push_back({a, b, w});
  });
  result.stats.scored_pairs = result.stats.blocking.total_pairs;
  std::vector<ScoredPair> kept;
  for (auto& local : local_kept) kept.insert(kept.end(), local.begin(), local.end());
  std::sort(kept.begin(), kept.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return PairKey(x.a, x.b) < PairKey(y.a, y.b);
  });

  progress("cluster");
  ClusterOptions cluster_options;
  cluster_options.link_log2 = Log2FromProbability(options.threshold);
  cluster_options.bridge_log2 = Log2FromProbability(options.bridge_probability);
  if (options.birth_conflicts_split)
    cluster_options.conflict = [&data](uint32_t a, uint32_t b) {
      const Record& ra = data.records[a];
      const Record& rb = data.records[b];
      Comparison c;
      Compare(data, ra, rb, c);
      const int date = c.level[static_cast<size_t>(Field::kBirthDate)];
      if (date == kMissing) return false;
      auto approximate = [](const Record& r) {
        return r.birth_year_only_approx || r.birth.month == 0 || r.birth.day == 0;
      };
      if (date != 0) return false;
      // Two full dates that disagree are more often a typing error (registers with clerical
      // errors, FEBRL) than an age stated against a document; only an age or a bare year
      // conflicts.
      if (!approximate(ra) && !approximate(rb)) return false;
      // An age or a bare year against a date or another age: more than two years apart is
      // another person, unless the years are one typed or swapped digit apart (1985/1958).
      return !WithinOneEdit(std::to_string(ra.birth.year), std::to_string(rb.birth.year));
    };
  if (options.min_group_probability > 0)
    cluster_options.pair_log2 = [&data, &model](uint32_t a, uint32_t b) {
      Comparison c;
      Compare(data, data.records[a], data.records[b], c);
      return ScoreLog2(data, model, data.records[a], data.records[b], c);
    };
  cluster_options.min_group_probability = options.min_group_probability;
  result.clusters = Cluster(n, kept, must_link, cannot_link, cluster_options);
  result.stats.clusters = result.clusters.cluster_count;
  const double review_upper_log2 = Log2FromProbability(options.review_upper);
  std::unordered_set<uint64_t> cut;
  for (const ScoredPair& e : result.clusters.cut_bridges) cut.insert(PairKey(e.a, e.b));
  for (const ScoredPair& e : kept) {
    const bool is_decided = decided.count(PairKey(e.a, e.b)) > 0;
    if (e.weight_log2 >= cluster_options.link_log2) {
      result.links.push_back(ExplainPair(data, model, e.a, e.b));
      if ((cut.count(PairKey(e.a, e.b)) || e.weight_log2 < review_upper_log2) && !is_decided)
        result.review.push_back(result.links.back());
    } else if (!is_decided) {
      result.review.push_back(ExplainPair(data, model, e.a, e.b));
    }
  }
  auto strongest_first = [](const PairExplanation& x, const PairExplanation& y) {
    if (x.weights.total_log2 != y.weights.total_log2)
      return x.weights.total_log2 > y.weights.total_log2;
    return PairKey(x.a, x.b) < PairKey(y.a, y.b);
  };
  std::sort(result.links.begin(), result.links.end(), strongest_first);
  std::sort(result.review.begin(), result.review.end(), strongest_first);
  result.stats.links = result.links.size();
  return result;
}

}  // namespace palermo::link
