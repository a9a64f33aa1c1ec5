// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/fellegi_sunter.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace palermo::link {
namespace {

// Term-frequency adjustments are bounded so one rare name cannot outweigh several
// disagreeing fields.
constexpr double kMaxTfAdjustLog2 = 4.0;
// Frequencies (term-frequency adjustments) are used only when this many records hold the
// field: in a handful of records a person's own two records make any name look common.
constexpr double kMinTfHolders = 50;
// Given-name levels at or above which two records are taken to bear the same given name
// (same skeleton, variant family or token; exact).
constexpr int kSameGivenNameLevel = 3;
// Name frequencies within a nationality are used only when it has this many records.
constexpr uint32_t kMinNationalityRecords = 20;

// Keeps m of level 0 within [min_disagreement_m, max_disagreement_m], rescaling the other
// levels so that m still sums to one. True when it changed anything.
bool BoundDisagreement(std::array<double, kMaxLevels>& m, Field field, const EmOptions& options) {
  const int levels = LevelCount(field);
  // Phones, addresses, cities and e-mails change over the years between two lists, and a
  // person holds several documents (passport, identity card, residence permit; agencies note
  // whichever they saw, or a false one): many true matches disagree on them, and only a
  // person's stable attributes (names, birth date, sex, nationality) are held to the cap.
  const bool changes = field == Field::kPhone || field == Field::kCity ||
                       field == Field::kAddress || field == Field::kEmail ||
                       field == Field::kDocument;
  const double upper = changes ? options.max_disagreement_m_changing : options.max_disagreement_m;
  const double bounded = std::clamp(m[0], options.min_disagreement_m, upper);
  if (bounded == m[0] || m[0] >= 1) return false;
  const double scale = (1 - bounded) / (1 - m[0]);
  m[0] = bounded;
  for (int l = 1; l < levels; ++l) m[l] *= scale;
  return true;
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

std::array<std::array<int8_t, kMaxLevels>, kFieldCount> ModelParams::InitialGroups() {
  std::array<std::array<int8_t, kMaxLevels>, kFieldCount> groups{};
  for (auto& field : groups)
    for (int l = 0; l < kMaxLevels; ++l) field[static_cast<size_t>(l)] = static_cast<int8_t>(l);
  return groups;
}

const std::vector<std::pair<int, int>>& LevelOrder(Field field) {
  static const std::vector<std::pair<int, int>> kNames = {{0, 1}, {1, 2}, {2, 3}, {3, 4}};
  static const std::vector<std::pair<int, int>> kDate = {{0, 1}, {1, 2}, {1, 3}, {1, 4},
                                                         {2, 5}, {3, 5}, {4, 5}};
  static const std::vector<std::pair<int, int>> kThree = {{0, 1}, {1, 2}};
  static const std::vector<std::pair<int, int>> kTwo = {{0, 1}};
  switch (field) {
    case Field::kGivenName:
    case Field::kFamilyName: return kNames;
    case Field::kBirthDate: return kDate;
    case Field::kSex:
    case Field::kNationality: return kTwo;
    default: return kThree;
  }
}

bool PoolMonotone(Field field, std::array<double, kMaxLevels>& m,
                  const std::array<double, kMaxLevels>& u, std::array<int8_t, kMaxLevels>& group) {
  const int levels = LevelCount(field);
  for (int l = 0; l < kMaxLevels; ++l) group[static_cast<size_t>(l)] = static_cast<int8_t>(l);
  auto sums = [&](int g, double& sm, double& su) {
    sm = su = 0;
    for (int l = 0; l < levels; ++l)
      if (group[static_cast<size_t>(l)] == g) sm += m[l], su += u[l];
  };
  bool pooled = false;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [lo, hi] : LevelOrder(field)) {
      const int g_lo = group[static_cast<size_t>(lo)];
      const int g_hi = group[static_cast<size_t>(hi)];
      if (g_lo == g_hi) continue;
      double m_lo, u_lo, m_hi, u_hi;
      sums(g_lo, m_lo, u_lo);
      sums(g_hi, m_hi, u_hi);
      // ratio(lo) > ratio(hi), compared without division.
      if (m_lo * u_hi <= m_hi * u_lo * (1 + 1e-9)) continue;
      const int8_t merged = static_cast<int8_t>(std::min(g_lo, g_hi));
      for (int l = 0; l < levels; ++l)
        if (group[static_cast<size_t>(l)] == g_lo || group[static_cast<size_t>(l)] == g_hi)
          group[static_cast<size_t>(l)] = merged;
      pooled = changed = true;
    }
  }
  if (!pooled) return false;
  for (int g = 0; g < levels; ++g) {
    double sm, su;
    sums(g, sm, su);
    if (su <= 0) continue;
    for (int l = 0; l < levels; ++l)
      if (group[static_cast<size_t>(l)] == g) m[l] = sm * u[l] / su;
  }
  return true;
}

LevelTable DefaultMPrior() {
  LevelTable m{};
  for (int f = 0; f < kFieldCount; ++f) {
    const int levels = LevelCount(static_cast<Field>(f));
    double total = 0;
    for (int l = 0; l < levels; ++l) total += (m[f][l] = std::pow(4.0, l));
    for (int l = 0; l < levels; ++l) m[f][l] /= total;
  }
  return m;
}

double PatternPosterior(uint64_t pattern, const LevelTable& m, const LevelTable& u,
                        const std::array<bool, kFieldCount>& use, double lambda) {
  double log_m = std::log(lambda);
  double log_u = std::log(1 - lambda);
  for (int f = 0; f < kFieldCount; ++f) {
    const int level = PatternLevel(pattern, f);
    if (level < 0 || !use[f]) continue;
    log_m += std::log(m[f][level]);
    log_u += std::log(u[f][level]);
  }
  return 1.0 / (1.0 + std::exp(log_u - log_m));
}

EmFit EmFixedU(const WeightedPatterns& rows, const LevelTable& u,
               const std::array<bool, kFieldCount>& estimate, const LevelTable& m_prior,
               const EmOptions& options) {
  EmFit fit;
  fit.m = m_prior;
  double n_pairs = 0;
  for (const auto& [pattern, count] : rows) n_pairs += count;
  double lambda = 0.1;
  std::vector<double> posterior(rows.size());
  int iteration = 0;
  for (; iteration < options.max_iterations && n_pairs > 0; ++iteration) {
    // E step.
    for (size_t k = 0; k < rows.size(); ++k)
      posterior[k] = PatternPosterior(rows[k].first, fit.m, u, estimate, lambda);
    // M step: m only (u stays fixed), smoothed towards the prior, then pooled to be monotone.
    LevelTable m_count{};
    double matches = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
      const double pm = posterior[k] * rows[k].second;
      matches += pm;
      for (int f = 0; f < kFieldCount; ++f) {
        const int level = PatternLevel(rows[k].first, f);
        if (level >= 0) m_count[f][level] += pm;
      }
    }
    double change = 0;
    for (int f = 0; f < kFieldCount; ++f) {
      if (!estimate[f]) continue;
      const int levels = LevelCount(static_cast<Field>(f));
      double m_total = 0;
      for (int l = 0; l < levels; ++l)
        m_total += m_count[f][l] + options.pseudo_count * levels * m_prior[f][l];
      std::array<double, kMaxLevels> new_m{};
      for (int l = 0; l < levels; ++l)
        new_m[l] = (m_count[f][l] + options.pseudo_count * levels * m_prior[f][l]) / m_total;
      BoundDisagreement(new_m, static_cast<Field>(f), options);
      PoolMonotone(static_cast<Field>(f), new_m, u[f], fit.pool_group[f]);
      for (int l = 0; l < levels; ++l) {
        change = std::max(change, std::abs(new_m[l] - fit.m[f][l]));
        fit.m[f][l] = new_m[l];
      }
    }
    const double new_lambda =
        std::clamp(matches / n_pairs, options.lambda_min, options.lambda_max);
    change = std::max(change, std::abs(new_lambda - lambda));
    lambda = new_lambda;
    fit.matches = matches;
    if (change < options.tolerance) {
      ++iteration;
      break;
    }
  }
  fit.lambda = lambda;
  fit.iterations = iteration;
  return fit;
}

void FinishModel(ModelParams& params, const EmOptions& options) {
  for (int f = 0; f < kFieldCount; ++f) {
    if (!params.active[f]) continue;
    const auto field = static_cast<Field>(f);
    const int levels = LevelCount(field);
    if (BoundDisagreement(params.m[f], field, options))
      params.notes.push_back({ModelNote::Kind::kDisagreementBounded, field, {}});
    if (PoolMonotone(field, params.m[f], params.u[f], params.pool_group[f]) ||
        params.pool_group[f] != ModelParams::InitialGroups()[f]) {
      // Say which levels share a weight.
      for (int g = 0; g < levels; ++g) {
        ModelNote note{ModelNote::Kind::kPooled, field, {}};
        for (int l = 0; l < levels; ++l)
          if (params.pool_group[f][l] == g) note.levels.push_back(l);
        if (note.levels.size() > 1) params.notes.push_back(std::move(note));
      }
    }
    const int top = levels - 1;
    if (params.m[f][top] <= params.u[f][top]) {
      params.m[f] = params.u[f];
      params.notes.push_back({ModelNote::Kind::kNoEvidence, field, {}});
    }
  }
  params.UpdateWeights();
}

ModelParams EstimateMU(const PatternCounts& patterns, const LevelTable& random_u,
                       const std::array<bool, kFieldCount>& active, double total_pairs,
                       const EmOptions& options) {
  ModelParams params;
  params.active = active;
  // Deterministic order of patterns (unordered_map order is not).
  WeightedPatterns rows;
  rows.reserve(patterns.size());
  for (const auto& [pattern, count] : patterns)
    rows.emplace_back(pattern, static_cast<double>(count));
  std::sort(rows.begin(), rows.end());
  const EmFit fit = EmFixedU(rows, random_u, active, DefaultMPrior(), options);
  params.m = fit.m;
  params.u = random_u;
  params.pool_group = fit.pool_group;
  FinishModel(params, options);
  params.lambda_candidates = fit.lambda;
  params.em_iterations = fit.iterations;
  params.expected_matches = std::max(1.0, fit.matches);
  params.prior_method = "em";
  const double prior =
      std::clamp(params.expected_matches / std::max(total_pairs, 1.0), 1e-12, 0.5);
  params.prior_log2_odds = std::log2(prior / (1 - prior));
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
  return count > 0 && holders >= kMinTfHolders ? count / holders : 0;
}

constexpr int kBirthField = static_cast<int>(Field::kBirthDate);

// Weight of two compatible but wide birth-year intervals (see Comparison). m: the share of
// matches whose birth dates do not conflict (every level above "years within 2"). u: the
// chance that someone else's birth year is compatible, read from the birth years the lists
// record: the share of dated records born within the wider record's interval, widened by the
// narrower one's width and a year. Never above the weight of "partial_compatible", never below 0;
// 0 with too few dated records to say.
double AgeBandLog2(const Dataset& data, const ModelParams& params, const Record& a,
                   const Record& b) {
  if (data.birth_year_total < kMinTfHolders) return 0;
  auto [a_lo, a_hi] = BirthYears(a);
  auto [b_lo, b_hi] = BirthYears(b);
  if (a_hi - a_lo > b_hi - b_lo) {
    std::swap(a_lo, b_lo);
    std::swap(a_hi, b_hi);
  }
  // b is the wider interval: someone else is compatible with it when their own interval (as
  // wide as a's) comes within a year of it.
  const int last = static_cast<int>(data.birth_years_before.size()) - 1;
  const int from = std::clamp(b_lo - (a_hi - a_lo) - 1 - Dataset::kFirstBirthYear, 0, last);
  const int to = std::clamp(b_hi + 2 - Dataset::kFirstBirthYear, 0, last);  // exclusive
  const double inside = data.birth_years_before[static_cast<size_t>(to)] -
                        static_cast<double>(data.birth_years_before[static_cast<size_t>(from)]);
  const double u = std::max(inside, 1.0) / data.birth_year_total;
  const auto& m = params.m[kBirthField];
  const double m_compatible = std::max(1e-6, 1.0 - m[0] - m[1]);
  const double ceiling = std::max(0.0, params.weight_log2[kBirthField][4]);
  return std::clamp(std::log2(m_compatible / u), 0.0, ceiling);
}

}  // namespace

double ScoreLog2(const Dataset& data, const ModelParams& params, const Record& a,
                 const Record& b, const Comparison& c, PairWeights* explain) {
  double total = params.prior_log2_odds;
  if (a.source == b.source) total += params.same_source_log2_adjust;
  if (params.tf_adjust && c.birth_band_compatible && params.active[kBirthField]) {
    const double w = AgeBandLog2(data, params, a, b);
    if (explain) explain->field_log2[kBirthField] = w;
    total += w;
  }
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
    } else if (params.tf_adjust && f <= 1 && level == 3 && !c.swapped_names) {
      // Same consonant skeleton: a common skeleton ("mmd" for Mohamed, Mahmoud and
      // Muhammad, "ngn" for Nguyen) is weaker evidence than a rare one; only lowered.
      const int32_t sa = f == 0 ? a.given_skeleton : a.family_skeleton;
      const int32_t sb = f == 0 ? b.given_skeleton : b.family_skeleton;
      const double holders = f == 0 ? data.given_total : data.family_total;
      if (sa >= 0 && sa == sb && holders >= kMinTfHolders) {
        const auto& counts = f == 0 ? data.given_skeleton_count : data.family_skeleton_count;
        const double u_value = counts[static_cast<size_t>(sa)] / holders;
        if (u_value > 0)
          tf = std::clamp(std::log2(params.u[f][level] / u_value), -kMaxTfAdjustLog2, 0.0);
      }
    }
    if (params.tf_adjust && f == static_cast<int>(Field::kSex) && level == 1 && w > 0 &&
        !c.swapped_names && a.given >= 0 &&
        c.level[static_cast<int>(Field::kGivenName)] >= kSameGivenNameLevel) {
      // Sex agreeing between two records that share a given name is mostly the name speaking
      // twice (Maria is a woman in both). u of the agreement is then the chance that two
      // holders of this name have the same sex, p^2 + (1-p)^2 with p its female share
      // (smoothed by one record of each sex, so a name seen rarely stays near 1/2); only lowered.
      const auto& count = data.given_sex_count[static_cast<size_t>(a.given)];
      const double female = (count[0] + 1.0) / (count[0] + count[1] + 2.0);
      const double u_agree = female * female + (1 - female) * (1 - female);
      tf = std::clamp(std::log2(params.m[f][level] / u_agree) - w, -w, 0.0);
    }
    if (params.tf_adjust && level == LevelCount(static_cast<Field>(f)) - 1 &&
        (f == static_cast<int>(Field::kPhone) || f == static_cast<int>(Field::kDocument) ||
         f == static_cast<int>(Field::kAddress) || f == static_cast<int>(Field::kEmail)) &&
        w > 0) {
      // An identifier several persons use (a shelter's phone or address) is evidence only in
      // proportion to how few use it: u of this value is the share of persons holding it.
      const int32_t value = f == static_cast<int>(Field::kPhone)      ? a.phone
                            : f == static_cast<int>(Field::kDocument) ? a.document
                            : f == static_cast<int>(Field::kAddress)  ? a.address
                                                                      : a.email;
      const auto it = data.identifier_holders.find(IdentifierKey(static_cast<Field>(f), value));
      const double holders = data.identifier_records[static_cast<size_t>(f)];
      if (it != data.identifier_holders.end() && holders >= kMinTfHolders && it->second > 1) {
        const double u_value = it->second / holders;
        tf = std::clamp(std::log2(params.u[f][level] / u_value), -w, 0.0);
      }
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
