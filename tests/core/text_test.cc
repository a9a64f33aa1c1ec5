// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/text.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <random>
#include <string>

#include "testing/testing.h"

namespace palermo {
namespace {

TEST(Text, FoldingIgnoresCaseAccentsAndScript) {
  EXPECT_EQ(FoldForLookup("  Côte   d'Ivoire "), "cote d'ivoire");
  EXPECT_EQ(FoldForLookup("ÉTHIOPIE"), "ethiopie");
  EXPECT_EQ(FoldForLookup("Олена"), "olena");
}

// FoldForLookup takes a fast path for ASCII: it must agree with the ICU transliteration it
// stands in for, on every printable ASCII character and on mixed-case words.
TEST(Text, AsciiFoldingAgreesWithIcu) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu(icu::Transliterator::createInstance(
      "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  ASSERT_TRUE(U_SUCCESS(status));
  auto reference = [&](const std::string& text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    icu->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  };
  std::string all;
  for (char c = '!'; c <= '~'; ++c) {
    if (c != '_' && c != '`') all += c;  // folded to a space and a quote after transliteration
  }
  EXPECT_EQ(FoldForLookup(all), reference(all));
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> pick(0, static_cast<int>(all.size()) - 1);
  for (int i = 0; i < 2000; ++i) {
    std::string word;
    for (int n = 1 + i % 12; n > 0; --n) word += all[pick(rng)];
    ASSERT_EQ(FoldForLookup(word), reference(word)) << word;
  }
  EXPECT_EQ(FoldForLookup("NGA"), "nga");
  EXPECT_EQ(FoldForLookup(" Forced_Labour "), "forced labour");
}

TEST(Text, InvalidUtf8IsFoundAtItsByte) {
  EXPECT_EQ(FirstInvalidUtf8Byte("caf\xC3\xA9"), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8Byte("abc\xE9xyz"), 3u);  // Latin-1 é
  EXPECT_EQ(FirstInvalidUtf8Byte("\xC3"), 0u);         // truncated sequence
}

TEST(Text, JsonNestedBeyondTheLimitIsFoundAtItsBracket) {
  EXPECT_EQ(JsonNestingBeyond(R"([{"a": [1, {"b": "[[[[["}]}])", 4), std::nullopt);
  EXPECT_EQ(JsonNestingBeyond(R"([[[["x"]]]])", 3), 3u);
  EXPECT_EQ(JsonNestingBeyond(R"(["\"[[[["])", 1), std::nullopt);  // escaped quote in a string
  EXPECT_EQ(JsonNestingBeyond(std::string(50000, '['), kMaxJsonDepth),
            static_cast<size_t>(kMaxJsonDepth));
}

}  // namespace
}  // namespace palermo
