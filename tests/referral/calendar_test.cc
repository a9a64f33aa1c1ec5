// SPDX-License-Identifier: AGPL-3.0-or-later
// Deadline arithmetic across weekends, bank holidays and time zones.
#include "referral/referral.h"
#include "testing/testing.h"

namespace palermo::referral {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

Instant At(std::string_view text) {
  Result<Instant> t = ParseInstant(text);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.value_or(Instant{});
}

const WorkingCalendar& London() {
  static const WorkingCalendar calendar = [] {
    Result<Profile> p = Profile::LoadDefault();
    if (!p.ok()) {
      ADD_FAILURE() << p.status();
      std::abort();
    }
    return p->calendar();
  }();
  return calendar;
}

TEST(ReferralParseInstant, NeedsAnOffsetAndARealDate) {
  EXPECT_EQ(FormatInstant(At("2026-08-28T23:30:00+01:00")), "2026-08-28T22:30:00Z");
  EXPECT_EQ(FormatInstant(At("2026-08-28 22:30Z")), "2026-08-28T22:30:00Z");
  EXPECT_EQ(FormatInstant(At("2026-01-05T09:00:00.250-0500")), "2026-01-05T14:00:00Z");
  EXPECT_THAT(ParseInstant("2026-08-28T23:30:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("with Z or an offset")));
  EXPECT_THAT(ParseInstant("2026-02-30T10:00:00Z"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a timestamp")));
  EXPECT_THAT(ParseDay("2026-13-01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a valid date")));
}

TEST(ReferralCalendar, FridayNightBeforeABankHolidayIsDueTheSecondMondayAfter) {
  // 23:30 in London on Friday 28 August 2026 (BST); Monday 31 August is the summer bank
  // holiday. Working days: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 September.
  const Deadline d = London().WorkingDaysAfter(At("2026-08-28T23:30:00+01:00"), 5);
  EXPECT_EQ(FormatDay(d.local_date), "2026-09-07");
  EXPECT_EQ(FormatInstant(d.end), "2026-09-07T22:59:59Z");  // 23:59:59 BST
}

TEST(ReferralCalendar, TheLocalDateDecidesNotTheUtcDate) {
  // 23:30 UTC on Thursday is already Friday 00:30 in London: counted from Friday.
  EXPECT_EQ(FormatDay(London().WorkingDaysAfter(At("2026-08-27T23:30:00Z"), 5).local_date),
            "2026-09-07");
  // 22:30 UTC on Thursday is still Thursday 23:30 in London: Fri 28, Tue 1, Wed 2, Thu 3, Fri 4.
  EXPECT_EQ(FormatDay(London().WorkingDaysAfter(At("2026-08-27T22:30:00Z"), 5).local_date),
            "2026-09-04");
}

TEST(ReferralCalendar, ChristmasAndNewYearInWinterTime) {
  // Thu 24 Dec 2026: Fri 25 and Mon 28 (Boxing Day substitute) and Fri 1 Jan are holidays.
  const Deadline d = London().WorkingDaysAfter(At("2026-12-24T15:00:00Z"), 5);
  EXPECT_EQ(FormatDay(d.local_date), "2027-01-05");
  EXPECT_EQ(FormatInstant(d.end), "2027-01-05T23:59:59Z");  // GMT
}

TEST(ReferralCalendar, PlainWeekendOnly) {
  EXPECT_EQ(FormatDay(London().AddWorkingDays(*ParseDay("2026-06-10"), 5)), "2026-06-17");
  EXPECT_EQ(London().WorkingDaysBetween(*ParseDay("2026-06-10"), *ParseDay("2026-06-17")), 5);
  EXPECT_EQ(London().WorkingDaysBetween(*ParseDay("2026-06-17"), *ParseDay("2026-06-10")), -5);
  EXPECT_FALSE(London().IsWorkingDay(*ParseDay("2026-08-31")));
  EXPECT_TRUE(London().IsWorkingDay(*ParseDay("2026-09-01")));
}

TEST(ReferralCalendar, AnotherZoneAndAFridaySaturdayWeekend) {
  Result<WorkingCalendar> c = WorkingCalendar::Create("Asia/Riyadh", {5, 6}, {});
  ASSERT_TRUE(c.ok()) << c.status();
  // Thursday 23:00 in Riyadh (UTC+3): Sun 14, Mon 15, Tue 16, Wed 17, Thu 18 June.
  const Deadline d = c->WorkingDaysAfter(At("2026-06-11T20:00:00Z"), 5);
  EXPECT_EQ(FormatDay(d.local_date), "2026-06-18");
  EXPECT_EQ(FormatInstant(d.end), "2026-06-18T20:59:59Z");
  EXPECT_THAT(
      WorkingCalendar::Create("Mars/Olympus", {0, 6}, {}),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown time zone 'Mars/Olympus'")));
}

TEST(ReferralCalendar, CalendarDaysCountFromTheLocalDate) {
  // Recovery period: 30 days from 23:30 BST on 1 May (22:30 UTC) end on 31 May local.
  const Deadline d = London().DaysAfter(At("2026-05-01T23:30:00+01:00"), 30);
  EXPECT_EQ(FormatDay(d.local_date), "2026-05-31");
}

TEST(ReferralCalendar, BadHolidayFileNamesTheLine) {
  EXPECT_THAT(WorkingCalendar::ParseHolidays("date\n2026-01-01\n2026-02-30\n", "h.csv"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("h.csv: line 3")));
}

}  // namespace
}  // namespace palermo::referral
