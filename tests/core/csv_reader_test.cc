// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/csv_reader.h"

#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Csv, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto t = ParseCsv("\xEF\xBB\xBFid,note\r\n1,\"a, \"\"b\"\"\nc\"\n2,\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(t->header, ElementsAre("id", "note"));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "a, \"b\"\nc");
  EXPECT_EQ(t->rows[1][1], "");
}

TEST(Csv, ErrorsNameTheLine) {
  EXPECT_THAT(ParseCsv("a,b\n1,2\n3\n", ',', "x.csv"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("x.csv:line 3: 1 fields, header has 2")));
  EXPECT_THAT(ParseCsv("a,b\n1,\"2\n"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2: unterminated")));
  EXPECT_THAT(ParseCsv("a,b\n1,x\"y\"\n"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("quote inside")));
}

TEST(Csv, EscapeRoundTrips) {
  const std::string field = "O'Brien, \"Jr\"\n";
  auto t = ParseCsv("h\n" + CsvEscape(field) + "\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0][0], field);
  EXPECT_EQ(CsvEscape("plain"), "plain");
}

}  // namespace
}  // namespace palermo
