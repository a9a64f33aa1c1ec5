// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/partial_date.h"

#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PartialDate, KeepsOnlyWhatIsKnown) {
  EXPECT_EQ(PartialDate::Parse("1998")->ToString(), "1998");
  EXPECT_EQ(PartialDate::Parse("1998-03")->precision(), DatePrecision::kMonth);
  EXPECT_EQ(PartialDate::Parse(" 2019-03-07 ")->ToString(), "2019-03-07");
  EXPECT_EQ(PartialDate::Parse("07/03/2019")->ToString(), "2019-03-07");  // day first
  EXPECT_EQ(PartialDate::Parse("03/2019")->ToString(), "2019-03");
  EXPECT_EQ(PartialDate::Parse("19610512")->ToString(), "1961-05-12");  // FEBRL layout
  EXPECT_EQ(PartialDate::Parse("2019.3.7")->ToString(), "2019-03-07");
}

TEST(PartialDate, ImpossibleDatesAreRejectedWithAReason) {
  EXPECT_THAT(PartialDate::Parse("2019-02-29"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("day")));
  EXPECT_TRUE(PartialDate::Parse("2020-02-29").ok());
  EXPECT_THAT(PartialDate::Parse("2019-13"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("month")));
  EXPECT_THAT(PartialDate::Parse("1850"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("year")));
  EXPECT_THAT(PartialDate::Parse("yesterday"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a date")));
  EXPECT_THAT(PartialDate::Parse(""), StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_FALSE(PartialDate::Parse("2019--03").ok());
}

TEST(PartialDate, OrdersByKnownParts) {
  EXPECT_LT(*PartialDate::Parse("1998"), *PartialDate::Parse("1998-01"));
  EXPECT_LT(*PartialDate::Parse("1998-02-28"), *PartialDate::Parse("1998-03"));
}

TEST(PartialDate, AgeIsExactOnlyWhenTheDatesAllowIt) {
  auto d = [](const char* s) { return *PartialDate::Parse(s); };
  EXPECT_EQ(AgeInYears(d("2001-05-20"), d("2019-05-19")), 17);  // the day before the birthday
  EXPECT_EQ(AgeInYears(d("2001-05-20"), d("2019-05-20")), 18);
  EXPECT_EQ(AgeInYears(d("2001"), d("2019-05-20")), std::nullopt);  // 17 or 18
  auto r = PossibleAge(d("2001"), d("2019-05-20"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->min_years, 17);
  EXPECT_EQ(r->max_years, 18);
  EXPECT_EQ(AgeInYears(d("2001-01"), d("2019-06")), 18);
  EXPECT_EQ(PossibleAge(d("2020"), d("2019")), std::nullopt);
}

TEST(PartialDate, DayCountsMatchTheCalendar) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28), 2);  // leap year 2000
  EXPECT_EQ(PartialDate::Parse("2019")->LatestDay() - PartialDate::Parse("2019")->EarliestDay(), 364);
}

}  // namespace
}  // namespace palermo
