// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/core.h"
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("row 3, age: must be positive");
  return v;
}

Result<int> Doubled(int v) {
  PALERMO_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status CheckBoth(int a, int b) {
  PALERMO_RETURN_IF_ERROR(ParsePositive(a).status());
  PALERMO_RETURN_IF_ERROR(ParsePositive(b).status());
  return Status::Ok();
}

TEST(Status, ErrorsCarryCodeAndPlace) {
  EXPECT_THAT(Doubled(-1), StatusIs(StatusCode::kInvalidArgument, HasSubstr("row 3, age")));
  EXPECT_EQ(*Doubled(4), 8);
  EXPECT_TRUE(CheckBoth(1, 2).ok());
  EXPECT_EQ(CheckBoth(1, 0).code(), StatusCode::kInvalidArgument);
}

TEST(Status, ToStringNamesTheCode) {
  EXPECT_EQ(Status::DataLoss("audit entry 12 altered").ToString(), "DATA_LOSS: audit entry 12 altered");
  EXPECT_EQ(Status().ToString(), "OK");
  EXPECT_EQ(Status::NotFound("x").WithContext("file a.csv").message(), "file a.csv: x");
}

TEST(ResultDeathTest, ReadingAFailedResultAborts) {
  Result<int> r = Status::NotFound("no such case");
  EXPECT_DEATH((void)r.value(), "no such case");
}

}  // namespace
}  // namespace palermo
