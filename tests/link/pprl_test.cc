// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/pprl.h"

#include "link/dataset.h"

#include <bit>
#include <cmath>
#include <random>

#include "testing/testing.h"

namespace palermo::link {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

ClkFields Person(std::vector<std::string> names, std::string dob) {
  ClkFields f;
  f.name_tokens = std::move(names);
  f.birth_date = std::move(dob);
  return f;
}

TEST(ClkEncoder, SamePersonEncodesIdenticallyAndNamesOrderDoesNotMatter) {
  auto encoder = ClkEncoder::Create("a secret shared by agencies");
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  const Clk a = encoder->Encode(Person({"olena", "kovalenko"}, "19940307"));
  const Clk b = encoder->Encode(Person({"kovalenko", "olena"}, "19940307"));
  EXPECT_EQ(a.words, b.words);
  EXPECT_GT(a.popcount, 0u);
  EXPECT_LT(a.popcount, kClkBits);
  EXPECT_DOUBLE_EQ(Dice(a, b), 1.0);
}

TEST(ClkEncoder, ATypoKeepsDiceHighAnotherPersonLow) {
  auto encoder = ClkEncoder::Create("a secret shared by agencies");
  ASSERT_TRUE(encoder.ok());
  const Clk a = encoder->Encode(Person({"olena", "kovalenko"}, "19940307"));
  const Clk typo = encoder->Encode(Person({"olena", "kowalenko"}, "19940307"));
  const Clk other = encoder->Encode(Person({"maria", "popescu"}, "19850120"));
  EXPECT_GT(Dice(a, typo), 0.8);
  EXPECT_LT(Dice(a, other), 0.6);
}

TEST(ClkEncoder, WithoutTheSecretTheBitsCannotBeRecomputed) {
  auto ours = ClkEncoder::Create("a secret shared by agencies");
  auto theirs = ClkEncoder::Create("another secret, also long");
  ASSERT_TRUE(ours.ok() && theirs.ok());
  const ClkFields p = Person({"olena", "kovalenko"}, "19940307");
  EXPECT_LT(Dice(ours->Encode(p), theirs->Encode(p)), 0.6);
}

TEST(ClkEncoder, RejectsAShortSecret) {
  EXPECT_THAT(ClkEncoder::Create("short"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least 16 bytes")));
  EXPECT_THAT(ClkEncoder::Create("long enough secret!", 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("hashes per bigram")));
}

TEST(ClkEncoder, RefusesASecretEasyToGuess) {
  for (const char* weak : {"aaaaaaaaaaaaaaaaaaaaaaaa", "passwordpassword", "0000000011111111"})
    EXPECT_THAT(ClkEncoder::Create(weak),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("too easy to guess")))
        << weak;
  EXPECT_TRUE(ClkEncoder::Create("q7Vn2pLx9Rt4Wm8Kd3Hs6Jb1Yc5Fg0Ze=").ok());
}

// A frequency attacker holding many encodings, without the secret, must not be able to sort
// them by sex: no bit may be set far more often in women's filters than in men's, or the
// reverse (with the sex encoded, 40 bits were set in every woman's filter).
TEST(ClkEncoder, NoBitTellsWomenFromMen) {
  auto encoder = ClkEncoder::Create("a secret shared by agencies");
  ASSERT_TRUE(encoder.ok());
  const std::vector<std::string> given = {"olena", "maria", "ion", "blessing", "thu", "ahmed",
                                          "grace", "pavel", "amina", "somchai"};
  const std::vector<std::string> family = {"kovalenko", "popescu", "okafor", "nguyen", "hassan",
                                           "cruz", "morel", "hoxha", "wong", "diallo"};
  SourceTable table;
  table.name = "t";
  table.header = {"id", "given", "family", "sex", "dob"};
  table.columns = {{0, Role::kRecordId}, {1, Role::kGivenName}, {2, Role::kFamilyName},
                   {3, Role::kSex}, {4, Role::kBirthDate}};
  std::mt19937 rng(7);
  for (int i = 0; i < 400; ++i)
    table.rows.push_back({std::to_string(i), given[rng() % given.size()],
                          family[rng() % family.size()], i % 2 ? "female" : "male",
                          std::to_string(1960 + rng() % 40) + "-0" + std::to_string(1 + rng() % 9) +
                              "-1" + std::to_string(rng() % 9)});
  const Dataset data = BuildDataset({table}, NormaliseOptions{}, nullptr, 1);
  const std::vector<ClkFields> fields = ClkFieldsFromDataset(data);
  ASSERT_EQ(fields.size(), 400u);
  std::vector<int> women(kClkBits), men(kClkBits);
  for (size_t i = 0; i < fields.size(); ++i) {
    const Clk c = encoder->Encode(fields[i]);
    for (size_t b = 0; b < kClkBits; ++b)
      if (c.words[b / 64] >> (b % 64) & 1) ++(table.rows[data.records[i].row][3] == "female" ? women : men)[b];
  }
  for (size_t b = 0; b < kClkBits; ++b) {
    const double w = women[b] / 200.0, m = men[b] / 200.0;
    EXPECT_LT(std::abs(w - m), 0.4) << "bit " << b << ": women " << w << ", men " << m;
  }
}

TEST(DiceMany, AgreesWithBitCountingOnRandomFilters) {
  std::mt19937_64 rng(42);
  std::vector<Clk> clks(37);
  for (Clk& c : clks) {
    for (uint64_t& w : c.words) w = rng() & rng();
    c.UpdatePopcount();
  }
  std::vector<float> out(clks.size());
  DiceMany(clks[0], clks.data(), clks.size(), out.data());
  for (size_t k = 0; k < clks.size(); ++k) {
    int common = 0;
    for (size_t w = 0; w < kClkWords; ++w)
      for (int bit = 0; bit < 64; ++bit)
        common += ((clks[0].words[w] & clks[k].words[w]) >> bit) & 1;
    const double expected = 2.0 * common / (clks[0].popcount + clks[k].popcount);
    EXPECT_NEAR(out[k], expected, 1e-6) << "path " << DicePath();
  }
  Clk empty;
  EXPECT_EQ(Dice(empty, empty), 0.0);
}

TEST(DiceBlock, EveryQueryAgainstEveryOtherAcrossTiles) {
  // 4,100 others span three of DiceBlock's cache tiles (2,048 encodings) and a ragged end.
  std::mt19937_64 rng(7);
  std::vector<Clk> clks(4100);
  for (Clk& c : clks) {
    for (uint64_t& w : c.words) w = rng() & rng();
    c.UpdatePopcount();
  }
  constexpr size_t kQueries = 3;
  std::vector<float> out(kQueries * clks.size(), -1.0f);
  DiceBlock(clks.data() + 10, kQueries, clks.data(), clks.size(), out.data());
  int wrong = 0;
  for (size_t q = 0; q < kQueries; ++q)
    for (size_t k = 0; k < clks.size(); ++k) {
      int common = 0;
      for (size_t w = 0; w < kClkWords; ++w)
        common += std::popcount(clks[10 + q].words[w] & clks[k].words[w]);
      const double expected = 2.0 * common / (clks[10 + q].popcount + clks[k].popcount);
      wrong += std::abs(out[q * clks.size() + k] - expected) > 1e-6 ? 1 : 0;
    }
  EXPECT_EQ(wrong, 0) << "path " << DicePath();
  EXPECT_FLOAT_EQ(out[10], 1.0f);  // query 0 is clks[10] itself
}

TEST(ClkBase64, RoundTripsAndRejectsGarbage) {
  auto encoder = ClkEncoder::Create("a secret shared by agencies");
  ASSERT_TRUE(encoder.ok());
  const Clk a = encoder->Encode(Person({"yusuf"}, "1990"));
  const std::string text = ClkToBase64(a);
  EXPECT_EQ(text.size(), 172u);
  auto back = ClkFromBase64(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->words, a.words);
  EXPECT_EQ(back->popcount, a.popcount);
  EXPECT_THAT(ClkFromBase64("abc"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("length")));
  std::string bad = text;
  bad[5] = '!';
  EXPECT_THAT(ClkFromBase64(bad), StatusIs(StatusCode::kInvalidArgument, HasSubstr("base64")));
}

TEST(MatchClks, LinksAcrossAgenciesAtMostOneRecordPerAgency) {
  auto encoder = ClkEncoder::Create("a secret shared by agencies");
  ASSERT_TRUE(encoder.ok());
  const Clk olena = encoder->Encode(Person({"olena", "kovalenko"}, "19940307"));
  const Clk olena_typo = encoder->Encode(Person({"olena", "kowalenko"}, "19940307"));
  const Clk maria = encoder->Encode(Person({"maria", "popescu"}, "19850120"));
  // Agency 0 lists Olena twice (its own duplicate): only the closer one joins agency 1's
  // record, the other stays alone.
  std::vector<ClkMatch> matches;
  const auto clusters =
      MatchClks({{olena, maria, olena_typo}, {olena_typo, maria}}, 0.7, 2, &matches);
  EXPECT_EQ(clusters[0][2], clusters[1][0]);
  EXPECT_EQ(clusters[0][1], clusters[1][1]);
  EXPECT_NE(clusters[0][0], clusters[1][0]);
  EXPECT_EQ(matches.size(), 2u);
}

}  // namespace
}  // namespace palermo::link
