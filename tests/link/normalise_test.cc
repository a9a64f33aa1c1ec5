// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/normalise.h"

#include "testing/testing.h"

namespace palermo::link {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

TEST(FoldName, TransliteratesCyrillicArabicAndVietnameseToLatin) {
  EXPECT_EQ(FoldName("Олена", true), "olena");
  EXPECT_EQ(FoldName("Коваленко", true), "kovalenko");
  EXPECT_EQ(FoldName("محمد", true), "mhmd");
  EXPECT_EQ(FoldName("Nguyễn  Văn", true), "nguyen van");
}

TEST(FoldName, DropsPunctuationAndJoinsApostrophes) {
  EXPECT_EQ(FoldName("O'Brien-Smith, Jr.", true), "obrien smith jr");
  EXPECT_EQ(FoldName("  ", true), "");
}

TEST(FoldName, WithoutTransliterationKeepsTheScript) {
  EXPECT_EQ(FoldName("Олена", false), "олена");
  EXPECT_EQ(FoldName("OLENA", false), "olena");
}

TEST(VariantTable, TransliterationFamiliesShareOneCanonicalForm) {
  auto table = VariantTable::LoadDefault();
  ASSERT_TRUE(table.ok()) << table.status();
  for (const char* v : {"mohammed", "mohamed", "muhammad", "mohamad", "mhmd", "mehmet"})
    EXPECT_EQ(table->Canonical(v), "muhammad") << v;
  EXPECT_EQ(table->Canonical("elena"), table->Canonical("olena"));
  EXPECT_EQ(table->Canonical("alena"), table->Canonical("olena"));
  EXPECT_EQ(table->Canonical("youssef"), table->Canonical("yusuf"));
  EXPECT_EQ(table->Canonical("usuf"), table->Canonical("yosef"));  // Юсуф through ICU
  EXPECT_EQ(table->Canonical("alexander"), table->Canonical("aleksandr"));
  EXPECT_EQ(table->Canonical("yekaterina"), table->Canonical("katerina"));
  EXPECT_EQ(table->Canonical("ngyuen"), "nguyen");
  EXPECT_EQ(table->Canonical("kovalenko"), "kovalenko");          // not in any family
  EXPECT_NE(table->Canonical("ivan"), table->Canonical("john"));  // translations stay apart
}

TEST(VariantTable, AVariantInTwoFamiliesIsRejectedWithItsLine) {
  auto table =
      VariantTable::FromCsv("canonical,variant\nanna,ana\nhanna,hana\nmaria,ana\n", "v.csv");
  EXPECT_THAT(table, StatusIs(StatusCode::kInvalidArgument, HasSubstr("v.csv: line 4")));
}

TEST(ConsonantSkeleton, AbjadSpellingsMeetTheirVowelledForms) {
  EXPECT_EQ(ConsonantSkeleton("muhammad"), "mmd");
  EXPECT_EQ(ConsonantSkeleton("mohamed"), "mmd");
  EXPECT_EQ(ConsonantSkeleton("mhmd"), "mmd");
  EXPECT_EQ(ConsonantSkeleton("ywsf"), ConsonantSkeleton("yusuf"));
  EXPECT_NE(ConsonantSkeleton("maria"), ConsonantSkeleton("mark"));
}

TEST(ParseLooseDate, ReadsTheUsualFormats) {
  auto d = ParseLooseDate("19081209");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, (LooseDate{1908, 12, 9}));
  EXPECT_EQ(*ParseLooseDate("07/03/1994"), (LooseDate{1994, 3, 7}));
  EXPECT_EQ(*ParseLooseDate("1990"), (LooseDate{1990, 0, 0}));
  EXPECT_EQ(*ParseLooseDate("1862-01-24"), (LooseDate{1862, 1, 24}));  // before 1900
}

TEST(ParseLooseDate, KeepsImpossibleTypedDatesAndAmericanOrder) {
  EXPECT_EQ(*ParseLooseDate("19900231"), (LooseDate{1990, 2, 31}));
  EXPECT_EQ(*ParseLooseDate("12/25/1990"), (LooseDate{1990, 12, 25}));
  EXPECT_FALSE(ParseLooseDate(""));
  EXPECT_FALSE(ParseLooseDate("unknown"));
  EXPECT_FALSE(ParseLooseDate("12/05"));
}

TEST(NormalisePhone, NationalAndInternationalFormsGiveOneE164) {
  EXPECT_EQ(NormalisePhone("+33 6 12 34 56 78", ""), "+33612345678");
  EXPECT_EQ(NormalisePhone("06 12 34 56 78", "FR"), "+33612345678");
  EXPECT_EQ(NormalisePhone("0033612345678", "FR"), "+33612345678");
  EXPECT_EQ(NormalisePhone("067 123 4567", "UA"), "+380671234567");
}

TEST(NormalisePhone, WithoutRegionKeepsDigitsAndDropsFragments) {
  EXPECT_EQ(NormalisePhone("06 12 34 56 78", ""), "0612345678");
  EXPECT_EQ(NormalisePhone("12-34", "FR"), "");
}

TEST(NormaliseDocument, FoldsMisreadLettersAndSeparators) {
  EXPECT_EQ(NormaliseDocument("ab-12 O34 l"), "AB120341");
  EXPECT_EQ(NormaliseDocument("NO123456"), NormaliseDocument("N0123456"));
  EXPECT_EQ(NormaliseDocument("FE 123456"), NormaliseDocument("fe-123456"));
  EXPECT_EQ(NormaliseDocument("I1"), "11");
}

TEST(NormaliseSex, ReadsEnglishAndFrenchWords) {
  EXPECT_EQ(NormaliseSex("Female"), 'f');
  EXPECT_EQ(NormaliseSex("femme"), 'f');
  EXPECT_EQ(NormaliseSex("H"), 'm');
  EXPECT_EQ(NormaliseSex("male"), 'm');
  EXPECT_EQ(NormaliseSex("t2227949966"), 0);
  EXPECT_EQ(NormaliseSex(""), 0);
}

TEST(NormaliseSex, ReadsIso5218Codes) {
  // Hospital and social-security files code sex as ISO/IEC 5218: 1 male, 2 female, 0 and 9
  // unknown. Before, "2" was unknown and the health list never agreed on sex.
  EXPECT_EQ(NormaliseSex("2"), 'f');
  EXPECT_EQ(NormaliseSex(" 1 "), 'm');
  EXPECT_EQ(NormaliseSex("9"), 0);
  EXPECT_EQ(NormaliseSex("0"), 0);
  EXPECT_EQ(NormaliseSex("12"), 0);
}


TEST(ParseLooseDate, ReadsTheColumnsOrderUnlessTheValueForbidsIt) {
  EXPECT_EQ(*ParseLooseDate("03/04/2019", DateOrder::kMonthFirst), (LooseDate{2019, 3, 4}));
  EXPECT_EQ(*ParseLooseDate("03/04/2019", DateOrder::kDayFirst), (LooseDate{2019, 4, 3}));
  EXPECT_EQ(*ParseLooseDate("25/12/2019", DateOrder::kMonthFirst), (LooseDate{2019, 12, 25}));
  EXPECT_EQ(*ParseLooseDate("25.12.2019"), (LooseDate{2019, 12, 25}));
  EXPECT_EQ(*ParseLooseDate("25.12.89"), (LooseDate{1989, 12, 25}));
  EXPECT_EQ(*ParseLooseDate("25.12.05"), (LooseDate{2005, 12, 25}));
  EXPECT_EQ(*ParseLooseDate("19891225"), (LooseDate{1989, 12, 25}));
  EXPECT_EQ(*ParseLooseDate("1989"), (LooseDate{1989, 0, 0}));
}

TEST(DateOrderEvidence, CountsWhatEachValueAllows) {
  DateOrderEvidence e;
  for (const char* v : {"12/25/1990", "01/02/1990", "bad", "1990-01-02", "05/05/1990"})
    AddDateOrderEvidence(v, e);
  EXPECT_EQ(e.month_first, 1u);
  EXPECT_EQ(e.day_first, 0u);
  EXPECT_EQ(e.ambiguous, 1u);  // 05/05 reads the same both ways
  EXPECT_EQ(e.order(), DateOrder::kMonthFirst);
  AddDateOrderEvidence("25/12/1990", e);
  EXPECT_EQ(e.order(), DateOrder::kDayFirst);  // contradicted: day first, each as it can be
  EXPECT_TRUE(e.undecided());
}

TEST(ParseAgeRange, ReadsAgesAndBandsAsAgenciesWriteThem) {
  auto range = [](const char* text) {
    const auto r = ParseAgeRange(text);
    return r ? std::pair{r->low, r->high} : std::pair{-1, -1};
  };
  EXPECT_EQ(range("17"), (std::pair{17, 17}));
  EXPECT_EQ(range("15-19"), (std::pair{15, 19}));
  EXPECT_EQ(range("15 à 19 ans"), (std::pair{15, 19}));
  EXPECT_EQ(range("<18"), (std::pair{0, 17}));
  EXPECT_EQ(range("under 15"), (std::pair{0, 14}));
  EXPECT_EQ(range("60+"), (std::pair{60, 90}));
  EXPECT_EQ(range("unknown"), (std::pair{-1, -1}));
  EXPECT_EQ(range("1990-05-01"), (std::pair{-1, -1}));
  EXPECT_EQ(range("200"), (std::pair{-1, -1}));
}

TEST(ConsonantSkeleton, RomanisationsOfOneSoundMeet) {
  EXPECT_EQ(ConsonantSkeleton("khaled"), ConsonantSkeleton("haled"));
  EXPECT_EQ(ConsonantSkeleton("oleksandr"), ConsonantSkeleton("olexandr"));
  EXPECT_EQ(ConsonantSkeleton("djamila"), ConsonantSkeleton("jamila"));
  EXPECT_EQ(ConsonantSkeleton("stephan"), ConsonantSkeleton("stefan"));
}

TEST(FoldName, CyrillicFollowsTheRomanisationPeopleUse) {
  EXPECT_EQ(FoldName("Андрей Жуков", true), "andrey zhukov");
  EXPECT_EQ(FoldName("Михайло Ковальчук", true), "mikhaylo kovalchuk");
  EXPECT_EQ(FoldName("Олексій Ковальчук", true), "oleksiy kovalchuk");  // Ukrainian (і)
  EXPECT_EQ(FoldName("Юлія", true), "yuliya");
}
}  // namespace
}  // namespace palermo::link
