// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/partial_date.h: calendar dates known to the year, the month or the day.
//
// Case files rarely hold exact dates: "born 1998", "recruited March 2019". A PartialDate keeps
// what is known and nothing more. Text form is ISO 8601 truncated: "1998", "2019-03",
// "2019-03-07".
//
//   Result<PartialDate> d = PartialDate::Parse("2019-03");
//   d->precision() == DatePrecision::kMonth;
//   AgeInYears(*PartialDate::Parse("2001-05-20"), *PartialDate::Parse("2019-05-19")) == 17
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace palermo {

enum class DatePrecision { kYear, kMonth, kDay };

class PartialDate {
 public:
  // Earliest and latest plausible years for events and births in a case file.
  static constexpr int kMinYear = 1900;
  static constexpr int kMaxYear = 2100;

  // InvalidArgument unless the date exists (2019-02-29 does not) and the year is in
  // [kMinYear, kMaxYear]. month == 0 means unknown month (then day must be 0 too).
  static Result<PartialDate> FromParts(int year, int month = 0, int day = 0);

  // Accepts "YYYY", "YYYY-MM", "YYYY-MM-DD" (also with '/' or '.' separators) and
  // "DD/MM/YYYY", "DD.MM.YYYY", "MM/YYYY", and "YYYYMMDD". Surrounding spaces are ignored.
  // InvalidArgument (with the reason, without echoing the text) otherwise.
  static Result<PartialDate> Parse(std::string_view text);

  int year() const { return year_; }
  int month() const { return month_; }  // 0 when unknown
  int day() const { return day_; }      // 0 when unknown
  DatePrecision precision() const {
    return day_ ? DatePrecision::kDay : month_ ? DatePrecision::kMonth : DatePrecision::kYear;
  }

  // "1998", "1998-03", "1998-03-07".
  std::string ToString() const;

  // Days since 1970-01-01 of the earliest / latest day this date can stand for.
  long EarliestDay() const;
  long LatestDay() const;

  friend auto operator<=>(const PartialDate&, const PartialDate&) = default;

 private:
  PartialDate(int y, int m, int d) : year_(y), month_(m), day_(d) {}
  int year_ = 0;
  int month_ = 0;
  int day_ = 0;
};

// Number of days in `month` of `year` (Gregorian). REQUIRES: 1 <= month <= 12.
int DaysInMonth(int year, int month);

// Days since 1970-01-01 for a valid full date (proleptic Gregorian).
long DaysFromCivil(int year, int month, int day);

// Age in whole years at `at` for someone born `birth`. When either date is partial the
// age is only known within a range; this returns it when the range has a single value and
// std::nullopt otherwise (or when `at` is before `birth`).
std::optional<int> AgeInYears(const PartialDate& birth, const PartialDate& at);

// Smallest and largest possible age in whole years; nullopt if `at` precedes `birth`.
struct AgeRange {
  int min_years;
  int max_years;
};
std::optional<AgeRange> PossibleAge(const PartialDate& birth, const PartialDate& at);

}  // namespace palermo
