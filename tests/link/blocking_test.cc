// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/blocking.h"

#include <mutex>
#include <set>

#include "link/dataset.h"
#include "test_util.h"
#include "testing/testing.h"

namespace palermo::link {
namespace {

using testing::MakeTable;
using testing::Variants;

Dataset People(const std::vector<std::vector<std::string>>& rows) {
  return BuildDataset({MakeTable("t",
                                 {Role::kGivenName, Role::kFamilyName, Role::kBirthDate,
                                  Role::kDocumentNumber},
                                 rows)},
                      {}, &Variants(), 1);
}

std::multiset<std::pair<uint32_t, uint32_t>> Pairs(const Dataset& data, BlockingOptions options,
                                                   int threads, BlockingStats* stats = nullptr) {
  std::multiset<std::pair<uint32_t, uint32_t>> pairs;
  std::mutex mutex;
  BlockingStats s = ForEachCandidatePair(data, options, threads, [&](int, uint32_t a, uint32_t b) {
    std::lock_guard<std::mutex> lock(mutex);
    pairs.emplace(a, b);
  });
  if (stats) *stats = s;
  return pairs;
}

TEST(Blocking, APairProposedByManyRulesIsVisitedOnce) {
  // Rows 0 and 1 agree on document, names and date: several rules propose them.
  const Dataset data = People({{"Olena", "Kovalenko", "1994-03-07", "FE123456"},
                               {"Olena", "Kovalenko", "1994-03-07", "FE123456"},
                               {"Maria", "Popescu", "1985-01-20", "RO99"}});
  BlockingStats stats;
  const auto pairs = Pairs(data, {}, 1, &stats);
  EXPECT_EQ(pairs, (std::multiset<std::pair<uint32_t, uint32_t>>{{0, 1}}));
  EXPECT_EQ(stats.total_pairs, 1u);
  EXPECT_EQ(stats.pairs[static_cast<size_t>(BlockingRule::kDocument)], 1u);
}

TEST(Blocking, DifferentRulesFindDifferentErrors) {
  const Dataset data = People({{"Olena", "Kovalenko", "1994-03-07", ""},
                               {"Olena", "Kowalenko", "1994-07-03", ""},   // swapped date
                               {"Ivan", "Petrenko", "1970-01-01", "X1"},
                               {"Iwan", "Petrenka", "1971-01-01", "X1"}});  // only the document
  const auto pairs = Pairs(data, {}, 1);
  EXPECT_EQ(pairs.count({0, 1}), 1u);
  EXPECT_EQ(pairs.count({2, 3}), 1u);
  EXPECT_EQ(pairs.count({0, 2}), 0u);
}

TEST(Blocking, AMistypedFamilyNameWithoutBirthYearIsFoundByGivenNameAndNationality) {
  // An NGO intake form: no birth date, family name mistyped at its start. Only the given
  // name and the nationality can bring the two records together.
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName, Role::kNationality},
                 {{"Ioana", "Gheorghe", "RO"},
                  {"Ioana", "hGeorghe", "Roumanie"},
                  {"Ioana", "Popescu", "MD"}})},
      {}, &Variants(), 1);
  BlockingStats stats;
  const auto pairs = Pairs(data, {}, 1, &stats);
  EXPECT_EQ(pairs, (std::multiset<std::pair<uint32_t, uint32_t>>{{0, 1}}));
  EXPECT_EQ(stats.pairs[static_cast<size_t>(BlockingRule::kGivenSkeletonNationality)], 1u);
}

TEST(Blocking, ASingleNameMeetsTheSameFamilyName) {
  // "Watts" alone (given-name column, no family name, no date) and "William Watts".
  const Dataset data =
      People({{"Watts", "", "", ""}, {"William", "Watts", "", ""}, {"William", "Popescu", "", ""}});
  BlockingStats stats;
  const auto pairs = Pairs(data, {}, 1, &stats);
  EXPECT_EQ(pairs, (std::multiset<std::pair<uint32_t, uint32_t>>{{0, 1}}));
  EXPECT_EQ(stats.pairs[static_cast<size_t>(BlockingRule::kFamilySkeleton)], 1u);
}

TEST(Blocking, TheSameAddressAloneProposesAPair) {
  // A nickname without a family name and no birth date: only the address is shared.
  const Dataset data =
      BuildDataset({MakeTable("t", {Role::kGivenName, Role::kFamilyName, Role::kAddress},
                              {{"Agnes", "Beaumont", "CM6 4AD"},
                               {"Nessie", "", "cm6 4ad"},
                               {"Maria", "Popescu", "CM6 4AE"}})},
                   {}, &Variants(), 1);
  BlockingStats stats;
  const auto pairs = Pairs(data, {}, 1, &stats);
  EXPECT_EQ(pairs, (std::multiset<std::pair<uint32_t, uint32_t>>{{0, 1}}));
  EXPECT_EQ(stats.pairs[static_cast<size_t>(BlockingRule::kAddress)], 1u);
}

TEST(Blocking, OversizedBlocksAreSkippedAndCounted) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 30; ++i) rows.push_back({"", "", "", "SAME"});
  const Dataset data = People(rows);
  BlockingOptions options;
  options.max_block_size = 10;
  BlockingStats stats;
  EXPECT_TRUE(Pairs(data, options, 1, &stats).empty());
  EXPECT_EQ(stats.skipped_blocks[static_cast<size_t>(BlockingRule::kDocument)], 1u);
  EXPECT_EQ(stats.skipped_records[static_cast<size_t>(BlockingRule::kDocument)], 30u);
  options.max_block_size = 30;
  EXPECT_EQ(Pairs(data, options, 1).size(), 30u * 29 / 2);
}

TEST(Blocking, GarbledNamesWithTheSameBirthDateAndNationalityAreStillCompared) {
  // A Ukrainian name transliterated two ways (Ch/Sh), given names split differently, and a
  // Vietnamese name moved between columns: no name rule meets them, the date and the
  // nationality do. A namesake of another nationality born the same day is not proposed.
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName, Role::kBirthDate, Role::kNationality},
                 {{"Oleksander", "Chevtchenko", "1971-10-22", "UKR"},
                  {"Vitaliiovych", "Shevchenko", "22/10/1971", "Ukraine"},
                  {"Tu", "Nguyen Duc", "1971-10-22", "FRA"}})},
      {}, &Variants(), 1);
  BlockingStats stats;
  const auto pairs = Pairs(data, {}, 1, &stats);
  EXPECT_EQ(pairs.count({0, 1}), 1u);
  EXPECT_EQ(pairs.count({0, 2}), 0u);
  EXPECT_EQ(pairs.count({1, 2}), 0u);
  EXPECT_EQ(stats.pairs[static_cast<size_t>(BlockingRule::kBirthDateNationality)], 1u);
  EXPECT_EQ(BlockingRuleName(BlockingRule::kBirthDateNationality), "birth_date+nationality");
}

TEST(Blocking, ThreadsVisitTheSamePairs) {
  std::vector<std::vector<std::string>> rows;
  const char* given[] = {"Anna", "Olga", "Ivan", "Omar"};
  const char* family[] = {"Smith", "Kovalenko", "Diallo"};
  for (int i = 0; i < 60; ++i)
    rows.push_back({given[i % 4], family[i % 3], "199" + std::to_string(i % 5) + "-01-01",
                    i % 7 == 0 ? "D" + std::to_string(i % 2) : ""});
  const Dataset data = People(rows);
  const auto one = Pairs(data, {}, 1);
  const auto three = Pairs(data, {}, 3);
  EXPECT_FALSE(one.empty());
  EXPECT_EQ(one, three);
  for (const auto& p : one) EXPECT_EQ(one.count(p), 1u);  // no duplicates
}

}  // namespace
}  // namespace palermo::link
