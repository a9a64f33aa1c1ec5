// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading capture tables and link clusters: every bad input gets file, line, column and why,
// in English or French, and never the cell's content.
#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

Result<CaptureTable> Parse(const std::string& text, Lang lang = Lang::kEn,
                           const std::string& strata = "") {
  return ParseCaptures(text, "captures.csv", strata, lang);
}

TEST(Captures, ReadsPatternsAndTreatsMissingOnesAsZero) {
  Result<CaptureTable> t = Parse("A,B,C,count\n1,0,0,40\n0,1,0,30\n1,1,1,2\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->strata.size(), 1u);
  const Overlap& o = t->strata[0].second;
  EXPECT_EQ(o.observed(), 72);
  EXPECT_EQ(o.count(0b001), 40);
  EXPECT_EQ(o.count(0b111), 2);
  EXPECT_EQ(o.count(0b100), 0);
  EXPECT_EQ(o.Margin(0b011), 2);
}

TEST(Captures, CaptureValueOtherThanZeroOrOneNamesLineAndColumnButNotTheValue) {
  EXPECT_THAT(
      Parse("A,B,count\n1,0,4\n0,Maria,3\n"),
      StatusIs(StatusCode::kInvalidArgument,
               AllOf(HasSubstr("captures.csv, line 3, column B: capture value must be 0 or 1"),
                     Not(HasSubstr("Maria")))));
  EXPECT_THAT(Parse("A,B,count\n2,0,4\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2, column A")));
}

TEST(Captures, NegativeOrFractionalCountsAreRejected) {
  EXPECT_THAT(
      Parse("A,B,count\n1,0,-4\n"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2, column count: negative count")));
  EXPECT_THAT(Parse("A,B,count\n1,0,4\n0,1,2.5\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 3, column count: count is not a whole number")));
  EXPECT_THAT(Parse("A,B,count\n1,0,\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a whole number")));
}

TEST(Captures, DuplicatePatternNamesBothLines) {
  EXPECT_THAT(Parse("A,B,count\n1,0,4\n0,1,3\n1,0,5\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("captures.csv, line 4: capture pattern repeats line 2")));
}

TEST(Captures, AllZeroPatternIsRefused) {
  EXPECT_THAT(Parse("A,B,count\n1,0,4\n0,0,100\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 3: the all-zero pattern (on no list) cannot be observed")));
}

TEST(Captures, FewerThanTwoListsOrNoCountColumn) {
  EXPECT_THAT(Parse("A,count\n1,4\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("needs at least 2 list columns")));
  EXPECT_THAT(Parse("A,B,n\n1,0,4\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("captures.csv, line 1: no \"count\" column")));
  EXPECT_THAT(Parse("A,B,count\n1,0\n"), StatusIs(StatusCode::kInvalidArgument,
                                                  HasSubstr("line 2: 2 fields, the header has 3")));
}

TEST(Captures, ErrorsSpeakFrench) {
  EXPECT_THAT(
      Parse("A,B,count\n1,0,4\n0,2,3\n", Lang::kFr),
      StatusIs(
          StatusCode::kInvalidArgument,
          HasSubstr("captures.csv, ligne 3, colonne B : la valeur de capture doit être 0 ou 1")));
  EXPECT_THAT(Parse("A,B,n\n1,0,4\n", Lang::kFr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("pas de colonne « count »")));
}

TEST(Captures, StrataSplitTheTableAndDuplicatesAreCheckedPerStratum) {
  Result<CaptureTable> t =
      Parse("A,B,sex,count\n1,0,F,40\n0,1,F,30\n1,1,F,10\n1,0,M,20\n0,1,M,25\n1,1,M,5\n", Lang::kEn,
            "sex");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->list_names, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(t->strata.size(), 2u);
  EXPECT_EQ(t->strata[0].first, "F");
  EXPECT_EQ(t->strata[1].second.observed(), 50);
  EXPECT_EQ(t->Collapsed().count(0b11), 15);
  EXPECT_THAT(Parse("A,B,count\n1,0,4\n", Lang::kEn, "region"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no \"region\" column")));
}

TEST(Strata, EachStratumIsEstimatedAndReportedBesideTheOverall) {
  Result<CaptureTable> t =
      Parse("A,B,sex,count\n1,0,F,40\n0,1,F,30\n1,1,F,10\n1,0,M,20\n0,1,M,25\n1,1,M,5\n", Lang::kEn,
            "sex");
  ASSERT_TRUE(t.ok());
  Result<StratifiedEstimate> e = EstimateByStratum(*t, {.method = Method::kIndependence});
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->strata.size(), 2u);
  // Lincoln–Petersen per stratum: F 50·40/10 = 200, M 25·30/5 = 150; overall 75·70/15 = 350.
  EXPECT_NEAR(e->strata[0].estimate->total, 200, 1e-6);
  EXPECT_NEAR(e->strata[1].estimate->total, 150, 1e-6);
  EXPECT_NEAR(e->overall.total, 350, 1e-6);
  EXPECT_NEAR(e->sum_of_strata, 350, 1e-6);
  const std::string json = ToJson(*e, t->list_names);
  EXPECT_THAT(json, HasSubstr("\"stratum\": \"F\""));
  EXPECT_THAT(json, HasSubstr("need not add up"));
}

TEST(Strata, AStratumWithoutOverlapKeepsItsErrorAndTheOthersGoOn) {
  Result<CaptureTable> t =
      Parse("A,B,sex,count\n1,0,F,40\n0,1,F,30\n1,1,F,10\n1,0,M,20\n0,1,M,25\n", Lang::kEn, "sex");
  ASSERT_TRUE(t.ok());
  Result<StratifiedEstimate> e = EstimateByStratum(*t, {.method = Method::kIndependence});
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->strata.size(), 2u);
  EXPECT_TRUE(e->strata[0].estimate.has_value());
  EXPECT_FALSE(e->strata[1].estimate.has_value());
  EXPECT_THAT(e->strata[1].error, HasSubstr("independence"));
}

TEST(Clusters, EachFileIsAListAndEachClusterAPerson) {
  Result<CaptureTable> t = ParseClusters(
      "file,record_id,cluster_id\n"
      "police.csv,p1,c1\nngo.csv,n7,c1\n"  // c1 on police and ngo
      "police.csv,p2,c2\n"                 // c2 police only
      "ngo.csv,n8,c3\nngo.csv,n9,c3\n"     // c3 twice on ngo: still one person
      "labour.csv,l1,c4\npolice.csv,p3,c4\nngo.csv,n10,c4\n",
      "clusters.csv");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->list_names, (std::vector<std::string>{"police.csv", "ngo.csv", "labour.csv"}));
  const Overlap o = t->Collapsed();
  EXPECT_EQ(o.observed(), 4);
  EXPECT_EQ(o.count(0b011), 1);
  EXPECT_EQ(o.count(0b001), 1);
  EXPECT_EQ(o.count(0b010), 1);
  EXPECT_EQ(o.count(0b111), 1);
}

TEST(Clusters, MissingColumnsAndSingleListAreRejected) {
  EXPECT_THAT(ParseClusters("file,record_id\na,1\n", "clusters.csv"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no \"cluster_id\" column")));
  EXPECT_THAT(ParseClusters("file,record_id,cluster_id\na,1,x\na,2,y\n", "clusters.csv"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("needs at least 2 list")));
  EXPECT_THAT(
      ParseClusters("file,record_id,cluster_id\na,1,x\n,2,y\n", "clusters.csv"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 3, column file: empty value")));
}

TEST(Clusters, StratumMustBeConstantWithinACluster) {
  Result<CaptureTable> t = ParseClusters(
      "file,record_id,cluster_id,sex\na,1,x,F\nb,2,x,F\na,3,y,M\nb,4,z,M\n", "clusters.csv", "sex");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->strata.size(), 2u);
  EXPECT_THAT(
      ParseClusters("file,record_id,cluster_id,sex\na,1,x,F\nb,2,x,M\n", "clusters.csv", "sex"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 3, column sex")));
}

}  // namespace
}  // namespace palermo::estimate
