// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/training.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace palermo::link {
namespace {

constexpr int kGiven = static_cast<int>(Field::kGivenName);
constexpr int kFamily = static_cast<int>(Field::kFamilyName);
constexpr int kBirth = static_cast<int>(Field::kBirthDate);
// Sessions with fewer expected matches than this teach nothing reliable.
constexpr double kMinSessionMatches = 5;
// Bound on how far the same-table prior may move from the cross-table one (bits).
constexpr double kMaxSameSourceAdjustLog2 = 6;

uint64_t Hash(uint64_t seed, uint64_t a, uint64_t b) {
  const uint64_t buffer[3] = {seed, a, b};
  return XXH3_64bits(buffer, sizeof(buffer));
}

struct Session {
  std::string name;
  std::array<bool, kFieldCount> estimate{};
  // key per record, 0 = no key.
  std::vector<uint64_t> keys;
};

// Groups records by key and counts the agreement patterns of the pairs inside each group,
// weighted by the inverse of their sampling rate.
// `same_source` (optional) receives the same counts restricted to pairs of one input table.
WeightedPatterns CollectPatterns(const Dataset& data, const std::vector<uint64_t>& keys,
                                 const TrainingOptions& options, uint64_t salt,
                                 WeightedPatterns* same_source = nullptr) {
  std::vector<std::pair<uint64_t, uint32_t>> by_key;
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i]) by_key.emplace_back(keys[i], static_cast<uint32_t>(i));
  std::sort(by_key.begin(), by_key.end());
  // Groups, with large ones cut to max_group members chosen by hash.
  struct Group {
    std::vector<uint32_t> members;
    double weight = 1;  // pairs represented by each enumerated pair
  };
  std::vector<Group> groups;
  double total_pairs = 0;
  for (size_t begin = 0; begin < by_key.size();) {
    size_t end = begin + 1;
    while (end < by_key.size() && by_key[end].first == by_key[begin].first) ++end;
    const size_t size = end - begin;
    if (size >= 2) {
      Group g;
      for (size_t k = begin; k < end; ++k) g.members.push_back(by_key[k].second);
      if (size > options.max_group) {
        std::sort(g.members.begin(), g.members.end(), [&](uint32_t x, uint32_t y) {
          return Hash(options.seed ^ salt, x, 0) < Hash(options.seed ^ salt, y, 0);
        });
        g.members.resize(options.max_group);
        const double kept = static_cast<double>(options.max_group);
        const double all = static_cast<double>(size);
        g.weight = all * (all - 1) / (kept * (kept - 1));
      }
      const double kept = static_cast<double>(g.members.size());
      total_pairs += kept * (kept - 1) / 2;
      groups.push_back(std::move(g));
    }
    begin = end;
  }
  const double rate =
      total_pairs > static_cast<double>(options.max_pairs_per_session)
          ? static_cast<double>(options.max_pairs_per_session) / total_pairs
          : 1.0;
  const uint64_t threshold =
      rate >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(rate * 18446744073709551615.0);
  std::map<uint64_t, double> counts;
  std::map<uint64_t, double> same_counts;
  Comparison c;
  for (const Group& g : groups) {
    for (size_t x = 0; x < g.members.size(); ++x) {
      for (size_t y = x + 1; y < g.members.size(); ++y) {
        const uint32_t a = std::min(g.members[x], g.members[y]);
        const uint32_t b = std::max(g.members[x], g.members[y]);
        if (rate < 1.0 && Hash(options.seed ^ salt ^ 0x9e3779b97f4a7c15ULL, a, b) > threshold)
          continue;
        Compare(data, data.records[a], data.records[b], c);
        const uint64_t pattern = PackPattern(c);
        counts[pattern] += g.weight / rate;
        if (same_source && data.records[a].source == data.records[b].source)
          same_counts[pattern] += g.weight / rate;
      }
    }
  }
  if (same_source) same_source->assign(same_counts.begin(), same_counts.end());
  return WeightedPatterns(counts.begin(), counts.end());
}

// Pairs of records from one input table (an agency's own list) are far less often the same
// person than pairs across tables: an agency rarely records one victim twice, while several
// agencies meeting the same victim is what linkage is for. One prior for both would link
// same-list namesakes too readily and cross-list pairs too reluctantly. The expected matches
// are shared out between the two kinds of pairs in the proportion the birth-date and names
// sessions found them (posterior match mass of same-table pairs over all), each kind divided
// by its own number of pairs; the same-table prior becomes an offset on the cross-table one.
// Skipped (offset 0) with one table, too few matches to tell, or no same-table pairs.
void SplitPriorBySource(const Dataset& data, const std::vector<Session>& sessions,
                        const std::vector<EmFit>& fits,
                        const std::vector<WeightedPatterns>& patterns,
                        const std::vector<WeightedPatterns>& same_source,
                        const LevelTable& random_u, ModelParams& params) {
  std::vector<double> per_table;
  for (const Record& r : data.records) {
    if (r.source >= per_table.size()) per_table.resize(r.source + 1, 0);
    per_table[r.source] += 1;
  }
  const double n = static_cast<double>(data.records.size());
  const double all_pairs = n * (n - 1) / 2;
  double same_pairs = 0;
  for (const double size : per_table) same_pairs += size * (size - 1) / 2;
  const double cross_pairs = all_pairs - same_pairs;
  if (per_table.size() < 2 || same_pairs < 1 || cross_pairs < 1) return;
  double same = 0, all = 0;
  for (size_t s = 0; s < 2 && s < sessions.size(); ++s) {
    auto posterior = [&](uint64_t pattern) {
      return PatternPosterior(pattern, fits[s].m, random_u, sessions[s].estimate, fits[s].lambda);
    };
    for (const auto& [pattern, count] : same_source[s]) same += count * posterior(pattern);
    for (const auto& [pattern, count] : patterns[s]) all += count * posterior(pattern);
  }
  if (all < kMinSessionMatches) return;
  // At least one expected match of each kind, so neither prior is zero.
  const double matches = params.expected_matches;
  const double same_matches = std::clamp(matches * same / all, 1.0, std::max(1.0, matches - 1));
  const double cross_matches = std::max(1.0, matches - same_matches);
  const auto log2_odds = [](double p) {
    p = std::clamp(p, 1e-12, 0.5);
    return std::log2(p / (1 - p));
  };
  const double cross = log2_odds(cross_matches / cross_pairs);
  const double within = log2_odds(same_matches / same_pairs);
  params.prior_log2_odds = cross;
  params.same_source_log2_adjust =
      std::clamp(within - cross, -kMaxSameSourceAdjustLog2, kMaxSameSourceAdjustLog2);
}

}  // namespace

double ExpectedMatchesWithFixedModel(const WeightedPatterns& patterns, const ModelParams& model,
                                     const EmOptions& options) {
  double n = 0;
  for (const auto& [pattern, count] : patterns) n += count;
  if (n <= 0) return 0;
  double lambda = 0.1;
  double matches = 0;
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    matches = 0;
    for (const auto& [pattern, count] : patterns)
      matches += count * PatternPosterior(pattern, model.m, model.u, model.active, lambda);
    const double next = std::clamp(matches / n, options.lambda_min, options.lambda_max);
    const bool done = std::abs(next - lambda) < options.tolerance;
    lambda = next;
    if (done) break;
  }
  return lambda * n;
}

ModelParams FitModel(const Dataset& data, const LevelTable& random_u,
                     const TrainingOptions& options, std::vector<SessionSummary>* summaries) {
  ModelParams params;
  params.active = data.has_field;
  params.u = random_u;
  const size_t n = data.records.size();
  const auto& active = data.has_field;

  std::vector<Session> sessions(3);
  sessions[0].name = "birth_date";
  sessions[1].name = "names";
  sessions[2].name = "document";
  for (auto& s : sessions) {
    s.estimate = active;
    s.keys.assign(n, 0);
  }
  sessions[0].estimate[kBirth] = false;
  sessions[1].estimate[kGiven] = sessions[1].estimate[kFamily] = false;
  sessions[1].estimate[static_cast<int>(Field::kSex)] = false;
  sessions[1].estimate[static_cast<int>(Field::kNationality)] = false;
  sessions[2].estimate[static_cast<int>(Field::kDocument)] = false;
  for (size_t i = 0; i < n; ++i) {
    const Record& r = data.records[i];
    if (r.birth.month > 0 && r.birth.day > 0 && !r.birth_year_only_approx)
      sessions[0].keys[i] = 1 + static_cast<uint64_t>(r.birth.year) * 10000 +
                            static_cast<uint64_t>(r.birth.month) * 100 +
                            static_cast<uint64_t>(r.birth.day);
    if (r.given >= 0 && r.family >= 0) {
      const auto lo = static_cast<uint64_t>(std::min(r.given, r.family));
      const auto hi = static_cast<uint64_t>(std::max(r.given, r.family));
      sessions[1].keys[i] = Hash(1, lo, hi) | 1;
    }
    if (r.document >= 0 && data.pool.Get(r.document).size() >= 4)
      sessions[2].keys[i] = static_cast<uint64_t>(r.document) + 1;
  }

  const LevelTable prior_m = DefaultMPrior();
  LevelTable m_sum{};
  std::array<double, kFieldCount> weight_sum{};
  std::vector<EmFit> fits(sessions.size());
  std::vector<WeightedPatterns> patterns(sessions.size());
  std::vector<WeightedPatterns> same_source(sessions.size());
  for (size_t s = 0; s < sessions.size(); ++s) {
    patterns[s] = CollectPatterns(data, sessions[s].keys, options, s + 1, &same_source[s]);
    fits[s] = EmFixedU(patterns[s], random_u, sessions[s].estimate, prior_m, options.em);
    double pairs = 0;
    for (const auto& [pattern, count] : patterns[s]) pairs += count;
    if (summaries)
      summaries->push_back({sessions[s].name, pairs, fits[s].matches, fits[s].iterations});
    params.em_iterations += fits[s].iterations;
    if (fits[s].matches < kMinSessionMatches) continue;
    for (int f = 0; f < kFieldCount; ++f) {
      if (!sessions[s].estimate[f]) continue;
      for (int l = 0; l < kMaxLevels; ++l) m_sum[f][l] += fits[s].matches * fits[s].m[f][l];
      weight_sum[f] += fits[s].matches;
    }
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (!active[f]) continue;
    if (weight_sum[f] > 0) {
      for (int l = 0; l < kMaxLevels; ++l) params.m[f][l] = m_sum[f][l] / weight_sum[f];
    } else {
      params.m[f] = prior_m[f];
      params.notes.push_back({ModelNote::Kind::kDefaultM, static_cast<Field>(f), {}});
    }
  }
  FinishModel(params, options.em);

  // Prior: capture–recapture of the birth-date and names sessions.
  const EmFit& by_date = fits[0];
  const EmFit& by_names = fits[1];
  double both = 0;
  for (const auto& [pattern, count] : patterns[0]) {
    if (PatternLevel(pattern, kGiven) != 4 || PatternLevel(pattern, kFamily) != 4) continue;
    both += count * PatternPosterior(pattern, by_date.m, random_u, sessions[0].estimate, by_date.lambda);
  }
  const double total_pairs = static_cast<double>(n) * static_cast<double>(n > 0 ? n - 1 : 0) / 2;
  if (by_date.matches >= kMinSessionMatches && by_names.matches >= kMinSessionMatches &&
      both >= kMinSessionMatches) {
    double matches = by_date.matches * by_names.matches / both;
    matches = std::max({matches, by_date.matches, by_names.matches});
    const double bound = options.max_matches_per_record * static_cast<double>(n);
    if (matches > bound) {
      matches = bound;
      params.notes.push_back({ModelNote::Kind::kPriorBounded, Field::kGivenName, {}});
    }
    params.expected_matches = matches;
    params.prior_method = "capture_recapture";
    const double prior = std::clamp(matches / std::max(total_pairs, 1.0), 1e-12, 0.5);
    params.prior_log2_odds = std::log2(prior / (1 - prior));
    params.lambda_candidates = by_date.lambda;
    SplitPriorBySource(data, sessions, fits, patterns, same_source, random_u, params);
  }
  return params;
}

}  // namespace palermo::link
