// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/record.h"

#include <algorithm>
#include <cstdlib>

namespace palermo::link {
namespace {

constexpr std::array<std::string_view, 15> kRoleNames = {
    "record_id",   "given_name", "family_name", "full_name",       "sex",  "birth_date",
    "birth_year",  "age",        "nationality", "phone",           "document_number",
    "city",        "address",    "email",       "record_date"};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "given_name", "family_name", "birth_date", "sex",  "nationality",
    "phone",      "document",    "city",       "address", "email"};

constexpr std::array<int, kFieldCount> kLevelCounts = {5, 5, 6, 2, 2, 3, 3, 3, 3, 3};

// Calls visit(token) for each space-separated token of `s`; stops when visit returns true.
template <typename Visit>
bool AnyToken(std::string_view s, Visit visit) {
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start && visit(s.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// A token shared by two compound family names counts only when at most this share of the
// family names hold it: "nguyen" or "mohamed" shared by "nguyen cong" and "nguyen" says
// little, "ionescu" shared by "popescu ionescu" and "ionescu" says much.
constexpr double kDistinctiveTokenShare = 0.005;

int NameLevel(const Dataset& data, int32_t a, int32_t a_skeleton, int32_t b,
              int32_t b_skeleton, bool family = false) {
  if (a < 0 || b < 0) return kMissing;
  if (a == b) return 4;
  if (a_skeleton == b_skeleton && a_skeleton >= 0 &&
      data.pool.Get(a_skeleton).size() >= 2)
    return 3;
  const std::string_view sa = data.pool.Get(a);
  const std::string_view sb = data.pool.Get(b);
  double jw = JaroWinkler(sa, sb);
  if (sa.find(' ') != std::string_view::npos || sb.find(' ') != std::string_view::npos) {
    // Compound names kept whole in one list and shortened in another ("popescu ionescu" /
    // "popescu", "da silva santos" / "santos"): a shared token of three letters or more
    // counts as a close agreement, and the closest pair of tokens as the fuzzy one.
    auto distinctive = [&](std::string_view token) {
      if (!family || data.family_token_records == 0) return true;
      const auto it = data.family_token_count.find(token);
      const double count = it == data.family_token_count.end() ? 0 : it->second;
      return count <= kDistinctiveTokenShare * data.family_token_records;
    };
    const bool shared = AnyToken(sa, [&](std::string_view ta) {
      return ta.size() >= 3 && AnyToken(sb, [&](std::string_view tb) { return ta == tb; }) &&
             distinctive(ta);
    });
    if (shared) return 3;
    AnyToken(sa, [&](std::string_view ta) {
      if (ta.size() < 3) return false;
      AnyToken(sb, [&](std::string_view tb) {
        // A common token shared is no closer than the whole names are.
        if (tb.size() >= 3 && (ta != tb || distinctive(ta)))
          jw = std::max(jw, JaroWinkler(ta, tb));
        return false;
      });
      return false;
    });
  }
  if (jw >= 0.92) return 2;
  if (jw >= 0.80) return 1;
  return 0;
}

int StringLevel(const Dataset& data, int32_t a, int32_t b, double threshold) {
  if (a < 0 || b < 0) return kMissing;
  if (a == b) return 2;
  return JaroWinkler(data.pool.Get(a), data.pool.Get(b)) >= threshold ? 1 : 0;
}

// True when two positive years differ by one typed digit: one digit replaced, or two
// adjacent digits swapped (1630/1638, 1851/1815). 1630/1730 counts too: a typing error
// does not care how many years it adds.
bool YearsOneDigitApart(int a, int b) {
  if (a <= 0 || b <= 0 || a == b) return false;
  int digits_a[6] = {}, digits_b[6] = {};
  int n = 0;
  for (; (a > 0 || b > 0) && n < 6; ++n, a /= 10, b /= 10) {
    digits_a[n] = a % 10;
    digits_b[n] = b % 10;
  }
  if (a > 0 || b > 0) return false;
  int first = -1, second = -1, count = 0;
  for (int i = 0; i < n; ++i) {
    if (digits_a[i] == digits_b[i]) continue;
    if (++count > 2) return false;
    (first < 0 ? first : second) = i;
  }
  if (count == 1) return true;
  return second == first + 1 && digits_a[first] == digits_b[second] &&
         digits_a[second] == digits_b[first];
}

// Width (years) up to which two compatible birth-year intervals are "partial_compatible": a
// known year against an age stated at a known date (1 + 2), or two such ages (2 + 2).
constexpr int kNarrowBirthYears = 4;

}  // namespace

int BirthYearWidth(const Record& ra, const Record& rb) {
  auto width = [](const Record& r) {
    return r.birth_year_only_approx ? r.birth_year_span + 2 : 1;
  };
  return width(ra) + width(rb);
}

std::pair<int, int> BirthYears(const Record& r) {
  if (r.birth.empty()) return {1, 0};
  if (!r.birth_year_only_approx) return {r.birth.year, r.birth.year};
  return {r.birth.year - r.birth_year_span - 1, r.birth.year};
}

namespace {

int DateLevel(const Record& ra, const Record& rb) {
  const LooseDate& a = ra.birth;
  const LooseDate& b = rb.birth;
  if (a.empty() || b.empty()) return kMissing;
  const int dy = std::abs(a.year - b.year);
  if (ra.birth_year_only_approx || rb.birth_year_only_approx) {
    // Distance between the intervals of possible birth years (an age gives
    // [year - span - 1, year]; a date gives its year).
    const int a_lo = BirthYears(ra).first;
    const int b_lo = BirthYears(rb).first;
    const int gap = std::max({0, a_lo - b.year, b_lo - a.year});
    // Compatible intervals that are wide (an age band "<18", an age without a record date)
    // are not a level: ScoreLog2 weighs them by how few people the band admits
    // (Comparison::birth_band_compatible).
    if (gap <= 1) return BirthYearWidth(ra, rb) <= kNarrowBirthYears ? 4 : kMissing;
    return gap <= 2 ? 1 : 0;
  }
  const bool a_full = a.month && a.day;
  const bool b_full = b.month && b.day;
  if (a_full && b_full) {
    if (a == b) return 5;
    if (dy == 0 && a.month == b.day && a.day == b.month) return 3;
    const int differing = (a.year != b.year) + (a.month != b.month) + (a.day != b.day);
    // One part differs: the year by a typed digit (however far apart that puts it), or
    // within 10 years.
    if (differing == 1 && (dy <= 10 || YearsOneDigitApart(a.year, b.year))) return 2;
    return dy <= 2 ? 1 : 0;
  }
  // At least one partial date: compatible when every part known on both sides agrees.
  if (dy == 0 && (!a.month || !b.month || a.month == b.month) &&
      (!a.day || !b.day || a.day == b.day))
    return 4;
  return dy <= 2 ? 1 : 0;
}

int PhoneLevel(const Dataset& data, int32_t a, int32_t b) {
  if (a < 0 || b < 0) return kMissing;
  if (a == b) return 2;
  const std::string& sa = data.pool.Get(a);
  const std::string& sb = data.pool.Get(b);
  if (sa.size() >= 7 && sb.size() >= 7 &&
      std::string_view(sa).substr(sa.size() - 7) == std::string_view(sb).substr(sb.size() - 7))
    return 1;
  return 0;
}

int DocumentLevel(const Dataset& data, int32_t a, int32_t b) {
  if (a < 0 || b < 0) return kMissing;
  if (a == b) return 2;
  return WithinOneEdit(data.pool.Get(a), data.pool.Get(b)) ? 1 : 0;
}

}  // namespace

Result<Role> ParseRole(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i)
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  if (name == "postcode") return Role::kAddress;
  // The import mapping's names of the same fields (ingest::ModelFields).
  if (name == "local_id") return Role::kRecordId;
  if (name == "citizenship") return Role::kNationality;
  if (name == "identification_date") return Role::kRecordDate;
  return Status::InvalidArgument("unknown role '" + std::string(name) + "'");
}

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::string_view FieldName(Field field) { return kFieldNames[static_cast<size_t>(field)]; }

int LevelCount(Field field) { return kLevelCounts[static_cast<size_t>(field)]; }

std::string_view LevelName(Field field, int level) {
  if (level == kMissing) return "missing";
  switch (field) {
    case Field::kGivenName:
    case Field::kFamilyName: {
      constexpr std::array<std::string_view, 5> names = {
          "different", "jaro_winkler>=0.80", "jaro_winkler>=0.92", "same_skeleton_or_token",
          "exact"};
      return names[static_cast<size_t>(level)];
    }
    case Field::kBirthDate: {
      constexpr std::array<std::string_view, 6> names = {
          "different",         "years_within_2",     "one_part_differs",
          "day_month_swapped", "partial_compatible", "exact"};
      return names[static_cast<size_t>(level)];
    }
    case Field::kSex:
    case Field::kNationality:
      return level == 1 ? "exact" : "different";
    case Field::kPhone:
      return level == 2 ? "exact" : level == 1 ? "same_last_7_digits" : "different";
    case Field::kDocument:
      return level == 2 ? "exact" : level == 1 ? "one_edit" : "different";
    case Field::kCity:
    case Field::kAddress:
    case Field::kEmail:
      return level == 2 ? "exact" : level == 1 ? "jaro_winkler>=0.88" : "different";
  }
  return "?";
}

int32_t StringPool::Intern(std::string_view s) {
  auto it = index_.find(std::string(s));
  if (it != index_.end()) return it->second;
  const auto id = static_cast<int32_t>(strings_.size());
  strings_.emplace_back(s);
  index_.emplace(strings_.back(), id);
  return id;
}

void Compare(const Dataset& data, const Record& a, const Record& b, Comparison& out) {
  auto& level = out.level;
  out.swapped_names = false;
  int given = NameLevel(data, a.given, a.given_skeleton, b.given, b.given_skeleton);
  int family = NameLevel(data, a.family, a.family_skeleton, b.family, b.family_skeleton, true);
  // Two persons called by the same first name but with different second given names ("Mary
  // Grace", "Mary Joy"): the given names only come close. A second name on one side only
  // (left out by one list) does not count against them.
  if (given == 4 && a.given_rest >= 0 && b.given_rest >= 0 && a.given_rest != b.given_rest &&
      JaroWinkler(data.pool.Get(a.given_rest), data.pool.Get(b.given_rest)) < 0.8)
    given = 2;
  // Order-insensitive names: try given<->family crosswise unless both already agree exactly.
  if (given + family < 8 && a.given >= 0 && a.family >= 0 && b.given >= 0 && b.family >= 0) {
    const int given_x = NameLevel(data, a.given, a.given_skeleton, b.family, b.family_skeleton, true);
    if (given_x >= 2) {
      const int family_x =
          NameLevel(data, a.family, a.family_skeleton, b.given, b.given_skeleton, true);
      if (given_x + family_x > given + family + 1) {
        given = given_x;
        family = family_x;
        out.swapped_names = true;
      }
    }
  }
  // One side known by a single name (given only, or family only) against a full name: the
  // single name may be the other's family name ("Watts" for "William Watts") or given name.
  // It is compared with both, and kept in the field where it agrees better; the other
  // field is then missing (no evidence), not a disagreement.
  if ((a.family < 0) != (b.family < 0) || (a.given < 0) != (b.given < 0)) {
    const Record& single = (a.family < 0 || a.given < 0) ? a : b;
    const Record& full = &single == &a ? b : a;
    if (full.given >= 0 && full.family >= 0 && (single.given < 0) != (single.family < 0)) {
      // The single name against the full record's other name field: it stays in the field
      // where it agrees better (`own` is the field it was recorded in).
      const bool single_given = single.given >= 0;
      const int crossed = single_given ? NameLevel(data, single.given, single.given_skeleton,
                                                   full.family, full.family_skeleton)
                                       : NameLevel(data, single.family, single.family_skeleton,
                                                   full.given, full.given_skeleton);
      int& own = single_given ? given : family;
      int& other = single_given ? family : given;
      if (crossed > own) {
        own = kMissing;
        other = crossed;
        out.swapped_names = true;
      }
    }
  }
  level[0] = static_cast<int8_t>(given);
  level[1] = static_cast<int8_t>(family);
  level[2] = static_cast<int8_t>(DateLevel(a, b));
  out.birth_band_compatible = level[2] == kMissing && !a.birth.empty() && !b.birth.empty();
  level[3] = (a.sex && b.sex) ? static_cast<int8_t>(a.sex == b.sex) : kMissing;
  level[4] = (a.nationality >= 0 && b.nationality >= 0)
                 ? static_cast<int8_t>(a.nationality == b.nationality)
                 : kMissing;
  level[5] = static_cast<int8_t>(PhoneLevel(data, a.phone, b.phone));
  level[6] = static_cast<int8_t>(DocumentLevel(data, a.document, b.document));
  level[7] = static_cast<int8_t>(StringLevel(data, a.city, b.city, 0.88));
  level[8] = static_cast<int8_t>(StringLevel(data, a.address, b.address, 0.88));
  level[9] = static_cast<int8_t>(StringLevel(data, a.email, b.email, 0.88));
}

double JaroWinkler(std::string_view a, std::string_view b) {
  constexpr size_t kMax = 64;
  if (a.size() > kMax) a = a.substr(0, kMax);
  if (b.size() > kMax) b = b.substr(0, kMax);
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1.0 : 0.0;
  if (a == b) return 1.0;
  if (a.size() > b.size()) std::swap(a, b);
  const size_t window = b.size() / 2 > 0 ? b.size() / 2 - 1 : 0;
  uint64_t a_matched = 0;
  uint64_t b_matched = 0;
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (!(b_matched >> j & 1) && a[i] == b[j]) {
        a_matched |= uint64_t{1} << i;
        b_matched |= uint64_t{1} << j;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  size_t j = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(a_matched >> i & 1)) continue;
    while (!(b_matched >> j & 1)) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or one trailing insertion
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // adjacent transposition
  }
  return a.substr(i) == b.substr(i + 1);  // insertion into a
}

}  // namespace palermo::link
