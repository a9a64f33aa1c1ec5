// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/partial_date.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace palermo {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

// Howard Hinnant's days_from_civil algorithm (public domain description of the arithmetic).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Result<PartialDate> PartialDate::FromParts(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear)
    return Status::InvalidArgument("year outside " + std::to_string(kMinYear) + "-" +
                                   std::to_string(kMaxYear));
  if (month < 0 || month > 12) return Status::InvalidArgument("month must be 1-12");
  if (month == 0 && day != 0) return Status::InvalidArgument("a day without a month");
  if (day < 0 || (month != 0 && day > DaysInMonth(year, month)))
    return Status::InvalidArgument("day does not exist in that month");
  return PartialDate(year, month, day);
}

Result<PartialDate> PartialDate::Parse(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  if (text.empty()) return Status::InvalidArgument("empty date");
  if (AllDigits(text)) {
    if (text.size() == 4) return FromParts(ToInt(text));
    if (text.size() == 8)
      return FromParts(ToInt(text.substr(0, 4)), ToInt(text.substr(4, 2)), ToInt(text.substr(6, 2)));
    return Status::InvalidArgument("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  char sep = 0;
  for (char c : text) {
    if (c == '-' || c == '/' || c == '.') {
      sep = c;
      break;
    }
  }
  if (sep == 0) return Status::InvalidArgument("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  std::vector<std::string_view> parts = SplitOn(text, sep);
  for (std::string_view p : parts)
    if (!AllDigits(p) || p.size() > 4)
      return Status::InvalidArgument("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  if (parts[0].size() == 4) {  // year first
    if (parts.size() == 2) return FromParts(ToInt(parts[0]), ToInt(parts[1]));
    if (parts.size() == 3) return FromParts(ToInt(parts[0]), ToInt(parts[1]), ToInt(parts[2]));
  } else if (parts.back().size() == 4) {  // day first (European order) or month/year
    if (parts.size() == 2) return FromParts(ToInt(parts[1]), ToInt(parts[0]));
    if (parts.size() == 3) return FromParts(ToInt(parts[2]), ToInt(parts[1]), ToInt(parts[0]));
  }
  return Status::InvalidArgument("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
}

std::string PartialDate::ToString() const {
  char buf[16];
  if (day_) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
  } else if (month_) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_);
  } else {
    std::snprintf(buf, sizeof buf, "%04d", year_);
  }
  return buf;
}

long PartialDate::EarliestDay() const {
  return DaysFromCivil(year_, month_ ? month_ : 1, day_ ? day_ : 1);
}

long PartialDate::LatestDay() const {
  const int m = month_ ? month_ : 12;
  return DaysFromCivil(year_, m, day_ ? day_ : DaysInMonth(year_, m));
}

namespace {
struct Ymd {
  int y, m, d;
};
int AgeBetween(Ymd birth, Ymd at) {
  int age = at.y - birth.y;
  if (at.m < birth.m || (at.m == birth.m && at.d < birth.d)) --age;
  return age;
}
Ymd Earliest(const PartialDate& p) { return {p.year(), p.month() ? p.month() : 1, p.day() ? p.day() : 1}; }
Ymd Latest(const PartialDate& p) {
  const int m = p.month() ? p.month() : 12;
  return {p.year(), m, p.day() ? p.day() : DaysInMonth(p.year(), m)};
}
}  // namespace

std::optional<AgeRange> PossibleAge(const PartialDate& birth, const PartialDate& at) {
  // Youngest: born as late as possible, measured as early as possible.
  const int min_age = AgeBetween(Latest(birth), Earliest(at));
  const int max_age = AgeBetween(Earliest(birth), Latest(at));
  if (max_age < 0) return std::nullopt;
  return AgeRange{min_age < 0 ? 0 : min_age, max_age};
}

std::optional<int> AgeInYears(const PartialDate& birth, const PartialDate& at) {
  std::optional<AgeRange> r = PossibleAge(birth, at);
  if (!r || r->min_years != r->max_years) return std::nullopt;
  return r->min_years;
}

}  // namespace palermo
