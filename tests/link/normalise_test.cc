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

}  // namespace
}  // namespace palermo::link
