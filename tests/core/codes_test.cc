// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/codes.h"

#include "testing/testing.h"

namespace palermo {
namespace {

TEST(Countries, FoundByAnyCodeOrNameInEitherLanguage) {
  const CodeLists& codes = CodeLists::Default();
  for (const char* key : {"NGA", "NG", "566", "Nigeria", "nigéria", " NIGERIA "}) {
    const Country* c = codes.FindCountry(key);
    ASSERT_NE(c, nullptr) << key;
    EXPECT_EQ(c->alpha3, "NGA") << key;
  }
  EXPECT_EQ(codes.FindCountry("Royaume-Uni")->alpha3, "GBR");
  EXPECT_EQ(codes.FindCountry("Allemagne")->alpha3, "DEU");
  EXPECT_EQ(codes.FindCountry("Côte d'Ivoire")->alpha3, "CIV");
  EXPECT_EQ(codes.FindCountry("cote d'ivoire")->alpha3, "CIV");
  EXPECT_EQ(codes.FindCountry("Kosovo")->alpha3, "XKX");
  EXPECT_EQ(codes.FindCountry("Atlantis"), nullptr);
  // Short names that ISO 3166 leaves out come from data/codes/country_aliases.csv.
  EXPECT_EQ(codes.FindCountry("Russia")->alpha3, "RUS");
  EXPECT_EQ(codes.FindCountry("Russie")->alpha3, "RUS");
  EXPECT_EQ(codes.FindCountry("Syrie")->alpha3, "SYR");
  EXPECT_EQ(codes.FindCountry("Viêt Nam")->alpha3, "VNM");
  EXPECT_EQ(codes.FindCountry("RDC")->alpha3, "COD");
  EXPECT_GE(codes.countries().size(), 250u);
}

TEST(Countries, CarryTheirM49Region) {
  const CodeLists& codes = CodeLists::Default();
  const Country* ng = codes.FindCountry("NGA");
  EXPECT_EQ(ng->region_m49, "002");
  EXPECT_EQ(codes.RegionName(ng->region_m49, Lang::kFr), "Afrique");
  EXPECT_EQ(codes.RegionName(ng->subregion_m49, Lang::kEn), "Western Africa");
  EXPECT_EQ(codes.FindCountry("Thailand")->subregion_m49, "035");
}

TEST(Forms, AcceptCodesLabelsAndHtcdsValues) {
  const CodeLists& codes = CodeLists::Default();
  EXPECT_EQ(codes.FindForm("SexualExploitation")->code, "sexual");
  EXPECT_EQ(codes.FindForm("travail forcé")->code, "forced_labour");
  EXPECT_EQ(codes.FindForm("forced_marriage")->glotip_category, "other_purposes");
  EXPECT_EQ(codes.FindForm("gardening"), nullptr);
}

TEST(AgeBands, ChildrenAreUnderEighteen) {
  const CodeLists& codes = CodeLists::Default();
  EXPECT_EQ(codes.AgeBandFor(0).label, "0-8");
  EXPECT_EQ(codes.AgeBandFor(17).label, "9-17");
  EXPECT_TRUE(codes.AgeBandFor(17).is_minor);
  EXPECT_EQ(codes.AgeBandFor(18).label, "18-20");
  EXPECT_FALSE(codes.AgeBandFor(18).is_minor);
  EXPECT_EQ(codes.AgeBandFor(97).label, "48+");
}

}  // namespace
}  // namespace palermo
