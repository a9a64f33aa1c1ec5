// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/i18n.h"

#include "testing/testing.h"

namespace palermo {
namespace {

TEST(I18n, PluralsAndNumbersFollowTheLanguage) {
  constexpr Msg kRows{"{rows, plural, one {# row} other {# rows}} imported",
                      "{rows, plural, one {# ligne importée} other {# lignes importées}}"};
  EXPECT_EQ(Format(kRows, Lang::kEn, {{"rows", int64_t{1}}}), "1 row imported");
  EXPECT_EQ(Format(kRows, Lang::kEn, {{"rows", int64_t{1200}}}), "1,200 rows imported");
  const std::string fr = Format(kRows, Lang::kFr, {{"rows", int64_t{1200}}});
  EXPECT_NE(fr.find("lignes importées"), std::string::npos) << fr;
  EXPECT_NE(fr.find("1"), std::string::npos);
  EXPECT_EQ(Format(kRows, Lang::kFr, {{"rows", int64_t{1}}}), "1 ligne importée");
}

TEST(I18n, LanguageComesFromTheEnvironment) {
  EXPECT_EQ(ParseLang("fr_FR.UTF-8"), Lang::kFr);
  EXPECT_EQ(ParseLang("fr"), Lang::kFr);
  EXPECT_EQ(ParseLang("en_GB.UTF-8"), Lang::kEn);
  EXPECT_EQ(ParseLang("fy_NL"), Lang::kEn);
  EXPECT_EQ(ParseLang("C"), Lang::kEn);
}

TEST(I18n, StringArguments) {
  constexpr Msg kWhere{"file {file}, row {row}", "fichier {file}, ligne {row}"};
  EXPECT_EQ(Format(kWhere, Lang::kFr, {{"file", std::string("a.csv")}, {"row", int64_t{7}}}),
            "fichier a.csv, ligne 7");
}

}  // namespace
}  // namespace palermo
