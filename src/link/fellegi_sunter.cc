#include "link/fellegi_sunter.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace palermo::link {
namespace {

// Term-frequency adjustments are bounded so one rare name cannot outweigh several
// disagreeing fields.
constexpr double kMaxTfAdjustLog2 = 4.0;
// Name frequencies within a nationality are used only when it has this many records.
constexpr uint32_t kMinNationalityRecords = 20;

int LevelOf(uint64_t pattern, int field) {
  return static_cast<int>((pattern >> (4 * field)) & 0xF) - 1;
}

}  // namespace

void ModelParams::UpdateWeights() {
  for (int f = 0; f < kFieldCount; ++f)
    for (int l = 0; l < kMaxLevels; ++l)
      weight_log2[f][l] = (active[f] && l < LevelCount(static_cast<Field>(f)) && m[f][l] > 0 &&
                           u[f][l] > 0)
                              ? std::log2(m[f][l] / u[f][l])
                              : 0.0;
}

uint64_t PackPattern(const Comparison& c) {
  uint64_t p = 0;
  for (int f = 0; f < kFieldCount; ++f)
    p |= static_cast<uint64_t>(c.level[f] + 1) << (4 * f);
  return p;
}

LevelTable EstimateU(const Dataset& data, uint64_t sample_pairs, uint64_t seed) {
  std::array<std::array<double, kMaxLevels>, kFieldCount> counts{};
  const size_t n = data.records.size();
  std::mt19937_64 rng(seed);
  Comparison c;
  if (n >= 2) {
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    for (uint64_t s = 0; s < sample_pairs; ++s) {
      const size_t a = pick(rng);
      size_t b = pick(rng);
      if (a == b) b = (b + 1) % n;
      Compare(data, data.records[a], data.records[b], c);
      for (int f = 0; f < kFieldCount; ++f)
        if (c.level[f] != kMissing) counts[f][c.level[f]] += 1;
    }
  }
  LevelTable u{};
  for (int f = 0; f < kFieldCount; ++f) {
    const int levels = LevelCount(static_cast<Field>(f));
    double total = 0;
    for (int l = 0; l < levels; ++l) total += counts[f][l] + 1.0;
    for (int l = 0; l < levels; ++l) u[f][l] = (counts[f][l] + 1.0) / total;
  }
  return u;
}

ModelParams EstimateMU(const PatternCounts& patterns, const LevelTable& random_u,
                       const std::array<bool, kFieldCount>& active, double total_pairs,
                       const EmOptions& options) {
  ModelParams params;
  params.active = active;
  // Deterministic order of patterns (unordered_map order is not).
  std::vector<std::pair<uint64_t, double>> rows;
  rows.reserve(patterns.size());
  double n_pairs = 0;
  for (const auto& [pattern, count] : patterns) {
    rows.emplace_back(pattern, static_cast<double>(count));
    n_pairs += static_cast<double>(count);
  }
  std::sort(rows.begin(), rows.end());
  // Start: m favours the top levels, u from random pairs.
  LevelTable m{};
  LevelTable u = random_u;
  for (int f = 0; f < kFieldCount; ++f) {
    const int levels = LevelCount(static_cast<Field>(f));
    double total = 0;
    for (int l = 0; l < levels; ++l) total += (m[f][l] = std::pow(4.0, l));
    for (int l = 0; l < levels; ++l) m[f][l] /= total;
  }
  // Dirichlet prior on m: the starting m, so that with few pairs m stays near "matches mostly
  // agree" rather than drifting to uniform.
  const LevelTable m_prior = m;
  double lambda = 0.1;
  std::vector<double> posterior(rows.size());
  int iteration = 0;
  for (; iteration < options.max_iterations && n_pairs > 0; ++iteration) {
    // E step.
    for (size_t k = 0; k < rows.size(); ++k) {
      double log_m = std::log(lambda);
      double log_u = std::log(1 - lambda);
      for (int f = 0; f < kFieldCount; ++f) {
        const int level = LevelOf(rows[k].first, f);
        if (level < 0 || !active[f]) continue;
        log_m += std::log(m[f][level]);
        log_u += std::log(u[f][level]);
      }
      posterior[k] = 1.0 / (1.0 + std::exp(log_u - log_m));
    }
    // M step.
    LevelTable m_count{};
    LevelTable u_count{};
    double matches = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
      const double pm = posterior[k] * rows[k].second;
      const double pu = (1 - posterior[k]) * rows[k].second;
      matches += pm;
      for (int f = 0; f < kFieldCount; ++f) {
        const int level = LevelOf(rows[k].first, f);
        if (level < 0) continue;
        m_count[f][level] += pm;
        u_count[f][level] += pu;
      }
    }
    double change = 0;
    for (int f = 0; f < kFieldCount; ++f) {
      const int levels = LevelCount(static_cast<Field>(f));
      double m_total = 0;
      double u_total = 0;
      for (int l = 0; l < levels; ++l) {
        m_total += m_count[f][l] + options.pseudo_count * levels * m_prior[f][l];
        u_total += u_count[f][l] + options.pseudo_count;
      }
      for (int l = 0; l < levels; ++l) {
        const double new_m =
            (m_count[f][l] + options.pseudo_count * levels * m_prior[f][l]) / m_total;
        change = std::max(change, std::abs(new_m - m[f][l]));
        m[f][l] = new_m;
        u[f][l] = (u_count[f][l] + options.pseudo_count) / u_total;
      }
    }
    const double new_lambda =
        std::clamp(matches / n_pairs, options.lambda_min, options.lambda_max);
    change = std::max(change, std::abs(new_lambda - lambda));
    lambda = new_lambda;
    if (change < options.tolerance) {
      ++iteration;
      break;
    }
  }
  params.m = m;
  params.u = random_u;
  for (int f = 0; f < kFieldCount; ++f) {
    const int levels = LevelCount(static_cast<Field>(f));
    if (!active[f] || params.m[f][0] <= options.max_disagreement_m || params.m[f][0] >= 1)
      continue;
    const double scale = (1 - options.max_disagreement_m) / (1 - params.m[f][0]);
    params.m[f][0] = options.max_disagreement_m;
    for (int l = 1; l < levels; ++l) params.m[f][l] *= scale;
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (!active[f]) continue;
    const int top = LevelCount(static_cast<Field>(f)) - 1;
    if (params.m[f][top] <= params.u[f][top]) params.m[f] = params.u[f];
  }
  params.lambda_candidates = lambda;
  params.em_iterations = iteration;
  const double expected_matches = std::max(1.0, lambda * n_pairs);
  const double prior = std::clamp(expected_matches / std::max(total_pairs, 1.0), 1e-12, 0.5);
  params.prior_log2_odds = std::log2(prior / (1 - prior));
  params.UpdateWeights();
  return params;
}

namespace {

// Share of records whose given (or family) name is `value`. When both records agree on
// nationality, which already added its own weight, the share within that nationality
// (P(name | nationality), so the two agreements are not counted as independent evidence).
// 0 when unknown.
double NameShare(const Dataset& data, bool is_given, int32_t value, bool same_nationality,
                 int16_t nationality) {
  double count = is_given ? data.given_count[static_cast<size_t>(value)]
                          : data.family_count[static_cast<size_t>(value)];
  double holders = is_given ? data.given_total : data.family_total;
  if (same_nationality) {
    const auto& counts =
        is_given ? data.given_count_by_nationality : data.family_count_by_nationality;
    const auto& totals =
        is_given ? data.given_total_by_nationality : data.family_total_by_nationality;
    const auto c = counts.find(NationalityKey(nationality, value));
    const auto t = totals.find(nationality);
    if (t != totals.end() && t->second >= kMinNationalityRecords) {
      count = c != counts.end() ? c->second : 0;
      holders = t->second;
    }
  }
  return count > 0 && holders > 0 ? count / holders : 0;
}

}  // namespace

double ScoreLog2(const Dataset& data, const ModelParams& params, const Record& a,
                 const Record& b, const Comparison& c, PairWeights* explain) {
  double total = params.prior_log2_odds;
  for (int f = 0; f < kFieldCount; ++f) {
    const int level = c.level[f];
    if (level == kMissing || !params.active[f]) continue;
    double w = params.weight_log2[f][level];
    double tf = 0;
    if (params.tf_adjust && f <= 1 && level == 4) {
      // Exact name agreement: u of this value is the share of records holding it. Names
      // agreeing crosswise (given written as family, as for a family-first Vietnamese name)
      // take the larger of the value's shares as a given and as a family name.
      // When a is known by a single name that agreed with b's other name field (see
      // Compare), that single name is the value.
      int32_t value = f == 0 ? a.given : a.family;
      if (value < 0) value = f == 0 ? a.family : a.given;
      const bool same_nationality = a.nationality >= 0 && a.nationality == b.nationality &&
                                    params.active[static_cast<int>(Field::kNationality)];
      const double u_value =
          c.swapped_names ? std::max(NameShare(data, true, value, same_nationality, a.nationality),
                                     NameShare(data, false, value, same_nationality, a.nationality))
                          : NameShare(data, f == 0, value, same_nationality, a.nationality);
      if (u_value > 0)
        tf = std::clamp(std::log2(params.u[f][level] / u_value), -kMaxTfAdjustLog2,
                        kMaxTfAdjustLog2);
    }
    if (explain) {
      explain->field_log2[f] = w;
      explain->tf_log2[f] = tf;
    }
    total += w + tf;
  }
  if (explain) explain->total_log2 = total;
  return total;
}

double ProbabilityFromLog2(double weight_log2) { return 1.0 / (1.0 + std::exp2(-weight_log2)); }

double Log2FromProbability(double probability) {
  probability = std::clamp(probability, 1e-15, 1 - 1e-15);
  return std::log2(probability / (1 - probability));
}

}  // namespace palermo::link
