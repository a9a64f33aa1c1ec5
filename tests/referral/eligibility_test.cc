// SPDX-License-Identifier: AGPL-3.0-or-later
// Service eligibility: every rule gives its reason, met or not.
#include "referral/referral.h"
#include "testing/testing.h"

// Designated initialisers leave the other members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace palermo::referral {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

std::vector<std::string> English(const EligibilityCheck& c) {
  std::vector<std::string> out;
  for (const Text& t : c.reasons) out.push_back(t.en);
  return out;
}

CaseRecord Case(Sex sex, std::optional<int> age, std::string citizenship,
                std::vector<std::string> forms) {
  CaseRecord c;
  c.person.sex = sex;
  c.age_at_identification = age;
  c.person.citizenship = std::move(citizenship);
  c.forms = std::move(forms);
  return c;
}

const ServiceDef kWomensShelter{
    .id = 1,
    .organisation = "ngo_a",
    .type = "shelter",
    .name = "Safe house",
    .eligibility = {.min_age = 18, .sexes = {Sex::kFemale}, .capacity = 2}};

TEST(ReferralEligibility, EligibleWithEveryReason) {
  const EligibilityCheck c =
      CheckEligibility(kWomensShelter, Case(Sex::kFemale, 25, "NGA", {"sexual"}), 1);
  EXPECT_TRUE(c.eligible);
  EXPECT_THAT(English(c), ElementsAre("age 25 is within the ages the service takes (18+)",
                                      "sex female is among those the service takes (female)",
                                      "1 of 2 places free"));
}

TEST(ReferralEligibility, EachFailedRuleSaysWhy) {
  const EligibilityCheck c = CheckEligibility(kWomensShelter, Case(Sex::kMale, 16, "NGA", {}), 2);
  EXPECT_FALSE(c.eligible);
  EXPECT_THAT(English(c), ElementsAre("age 16 is outside the ages the service takes (18+)",
                                      "sex male is not among those the service takes (female)",
                                      "no place free (2 of 2 in use)"));
  EXPECT_EQ(c.reasons[0].fr, "l’âge 16 est hors des âges accueillis par le service (18+)");
}

TEST(ReferralEligibility, MissingInformationIsNotEligibleAndSaysWhatIsMissing) {
  const ServiceDef s{
      .type = "return_reintegration",
      .eligibility = {.max_age = 17, .nationalities = {"ALB", "VNM"}, .forms = {"forced_labour"}}};
  const EligibilityCheck unknown =
      CheckEligibility(s, Case(Sex::kUnknown, std::nullopt, "", {}), 0);
  EXPECT_FALSE(unknown.eligible);
  EXPECT_THAT(English(unknown),
              ElementsAre("age unknown; the service takes ages 0-17",
                          "nationality unknown; the service is for nationals of: ALB, VNM",
                          "no form of exploitation recorded; the service is for: forced_labour"));
  const EligibilityCheck wrong =
      CheckEligibility(s, Case(Sex::kMale, 15, "FRA", {"sexual", "begging"}), 0);
  EXPECT_THAT(English(wrong),
              ElementsAre("age 15 is within the ages the service takes (0-17)",
                          "nationality FRA is not among those the service is for (ALB, VNM)",
                          "the case’s forms of exploitation (sexual, begging) are not among those "
                          "the service is for "
                          "(forced_labour)"));
  const EligibilityCheck ok =
      CheckEligibility(s, Case(Sex::kMale, 15, "VNM", {"begging", "forced_labour"}), 0);
  EXPECT_TRUE(ok.eligible);
}

TEST(ReferralEligibility, NoRulesMeansOpenToAll) {
  const EligibilityCheck c = CheckEligibility(ServiceDef{.type = "legal"}, CaseRecord{}, 0);
  EXPECT_TRUE(c.eligible);
  EXPECT_THAT(c.reasons, ElementsAre(Field(&Text::en, "no eligibility rule: open to every case")));
  EXPECT_EQ(ServiceTypeLabel("psychosocial").fr, "soutien psychosocial");
}

}  // namespace
}  // namespace palermo::referral
