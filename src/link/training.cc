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
WeightedPatterns CollectPatterns(const Dataset& data, const std::vector<uint64_t>& keys,
                                 const TrainingOptions& options, uint64_t salt) {
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
  Comparison c;
  for (const Group& g : groups) {
    for (size_t x = 0; x < g.members.size(); ++x) {
      for (size_t y = x + 1; y < g.members.size(); ++y) {
        const uint32_t a = std::min(g.members[x], g.members[y]);
        const uint32_t b = std::max(g.members[x], g.members[y]);
        if (rate < 1.0 && Hash(options.seed ^ salt ^ 0x9e3779b97f4a7c15ULL, a, b) > threshold)
          continue;
        Compare(data, data.records[a], data.records[b], c);
        counts[PackPattern(c)] += g.weight / rate;
      }
    }
  }
  return WeightedPatterns(counts.begin(), counts.end());
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
  for (size_t s = 0; s < sessions.size(); ++s) {
    patterns[s] = CollectPatterns(data, sessions[s].keys, options, s + 1);
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
  }
  return params;
}

}  // namespace palermo::link
