// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/pprl.h"

#include <bit>
#include <cmath>
#include <random>

#include "testing/testing.h"

namespace palermo::link {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

ClkFields Person(std::vector<std::string> names, std::string dob, char sex = 'f') {
  ClkFields f;
  f.name_tokens = std::move(names);
  f.birth_date = std::move(dob);
  f.sex = sex;
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
