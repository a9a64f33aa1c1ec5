// SPDX-License-Identifier: AGPL-3.0-or-later
// Working-day arithmetic in a time zone. Time-zone offsets come from ICU's tz database (the
// C++20 <chrono> zones are not in GCC 12's library).
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <charconv>
#include <cstdio>
#include <memory>

#include "referral/referral.h"

namespace palermo::referral {
namespace {

using std::chrono::days;
using std::chrono::seconds;

// Parses exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

Result<Day> DayFromParts(int y, int m, int d) {
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 2200)
    return Status::InvalidArgument("not a valid date (expected YYYY-MM-DD)");
  return Day{ymd};
}

// Offset from UTC, in seconds, of `zone` at UTC instant `t`.
int64_t OffsetAt(const icu::TimeZone& zone, Instant t) {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone.getOffset(static_cast<UDate>(t.time_since_epoch().count()) * 1000.0, false, raw, dst,
                 status);
  if (U_FAILURE(status)) return 0;
  return (static_cast<int64_t>(raw) + dst) / 1000;
}

std::unique_ptr<icu::TimeZone> Zone(const std::string& id) {
  return std::unique_ptr<icu::TimeZone>(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(id)));
}

}  // namespace

Result<Day> ParseDay(std::string_view text) {
  text = Trim(text);
  size_t pos = 0;
  int y = 0, m = 0, d = 0;
  if (!Digits(text, pos, 4, y) || pos >= text.size() || text[pos++] != '-' ||
      !Digits(text, pos, 2, m) || pos >= text.size() || text[pos++] != '-' ||
      !Digits(text, pos, 2, d) || pos != text.size())
    return Status::InvalidArgument("not a date (expected YYYY-MM-DD)");
  return DayFromParts(y, m, d);
}

std::string FormatDay(Day d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<Instant> ParseInstant(std::string_view text) {
  text = Trim(text);
  const Status bad = Status::InvalidArgument(
      "not a timestamp (expected YYYY-MM-DDTHH:MM[:SS] with Z or an offset such as +01:00)");
  if (text.size() < 10) return bad;
  Result<Day> day = ParseDay(text.substr(0, 10));
  if (!day.ok()) return bad;
  size_t pos = 10;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != ' ')) return bad;
  ++pos;
  int hh = 0, mm = 0, ss = 0;
  if (!Digits(text, pos, 2, hh) || pos >= text.size() || text[pos++] != ':' ||
      !Digits(text, pos, 2, mm))
    return bad;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!Digits(text, pos, 2, ss)) return bad;
    if (pos < text.size() && text[pos] == '.') {  // fractions of a second are dropped
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return bad;
  if (pos >= text.size()) return bad;
  int64_t offset = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!Digits(text, pos, 2, oh)) return bad;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!Digits(text, pos, 2, om) || oh > 18 || om > 59) return bad;
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return bad;
  }
  if (pos != text.size()) return bad;
  return Instant{std::chrono::time_point_cast<seconds>(*day)} +
         seconds{hh * 3600 + mm * 60 + ss - offset};
}

std::string FormatInstant(Instant t) {
  const Day d = std::chrono::floor<days>(t);
  const int64_t secs = (t - Instant{d}).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatDay(d).c_str(),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

Instant Now() { return std::chrono::time_point_cast<seconds>(std::chrono::system_clock::now()); }

Result<WorkingCalendar> WorkingCalendar::Create(std::string time_zone, std::set<unsigned> weekend,
                                                std::set<Day> holidays) {
  std::unique_ptr<icu::TimeZone> zone = Zone(time_zone);
  icu::UnicodeString id;
  zone->getID(id);
  if (id == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID))
    return Status::InvalidArgument("unknown time zone '" + time_zone +
                                   "' (expected an IANA name such as Europe/London)");
  for (unsigned wd : weekend)
    if (wd > 6) return Status::InvalidArgument("weekend days are 0 (Sunday) to 6 (Saturday)");
  if (weekend.size() > 6) return Status::InvalidArgument("a week needs at least one working day");
  WorkingCalendar c;
  c.time_zone_ = std::move(time_zone);
  c.weekend_ = std::move(weekend);
  c.holidays_ = std::move(holidays);
  return c;
}

Result<std::set<Day>> WorkingCalendar::ParseHolidays(std::string_view csv, std::string_view name) {
  PALERMO_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv, ',', name));
  const std::optional<size_t> col = table.FindColumn("date");
  if (!col) return Status::InvalidArgument(std::string(name) + ": missing column date");
  std::set<Day> out;
  for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
    Result<Day> d = ParseDay(table.rows[row_idx][*col]);
    if (!d.ok())
      return d.status().WithContext(std::string(name) + ": line " + std::to_string(row_idx + 2));
    out.insert(*d);
  }
  return out;
}

Day WorkingCalendar::LocalDate(Instant t) const {
  const std::unique_ptr<icu::TimeZone> zone = Zone(time_zone_);
  return std::chrono::floor<days>(t + seconds{OffsetAt(*zone, t)});
}

Instant WorkingCalendar::EndOfLocalDay(Day d) const {
  const std::unique_ptr<icu::TimeZone> zone = Zone(time_zone_);
  // Local wall time 23:59:59 of `d`, read as if it were UTC, then corrected by the offset in
  // force at the corrected instant (two steps settle it except inside a DST gap at midnight).
  const Instant wall = Instant{std::chrono::time_point_cast<seconds>(d)} + seconds{86399};
  Instant guess = wall - seconds{OffsetAt(*zone, wall)};
  guess = wall - seconds{OffsetAt(*zone, guess)};
  return guess;
}

bool WorkingCalendar::IsWorkingDay(Day d) const {
  const unsigned wd = std::chrono::weekday{d}.c_encoding();
  return !weekend_.contains(wd) && !holidays_.contains(d);
}

Day WorkingCalendar::AddWorkingDays(Day start, int n) const {
  Day d = start;
  while (n > 0) {
    d += days{1};
    if (IsWorkingDay(d)) --n;
  }
  return d;
}

int WorkingCalendar::WorkingDaysBetween(Day from, Day to) const {
  int sign = 1;
  if (to < from) {
    std::swap(from, to);
    sign = -1;
  }
  int count = 0;
  for (Day d = from + days{1}; d <= to; d += days{1})
    if (IsWorkingDay(d)) ++count;
  return sign * count;
}

Deadline WorkingCalendar::WorkingDaysAfter(Instant t, int n) const {
  const Day due = AddWorkingDays(LocalDate(t), n);
  return Deadline{due, EndOfLocalDay(due)};
}

Deadline WorkingCalendar::DaysAfter(Instant t, int n) const {
  const Day due = LocalDate(t) + days{n};
  return Deadline{due, EndOfLocalDay(due)};
}

}  // namespace palermo::referral
