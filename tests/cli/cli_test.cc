// SPDX-License-Identifier: AGPL-3.0-or-later
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::RunPalermo;
using ::testing::HasSubstr;

TEST(Cli, HelpSpeaksEnglishAndFrench) {
  auto en = RunPalermo({"--help"}, {"LANG=en_GB.UTF-8"});
  EXPECT_EQ(en.exit_code, 0);
  EXPECT_THAT(en.out, HasSubstr("Print this help"));
  auto fr = RunPalermo({"--help"}, {"LANG=fr_FR.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  EXPECT_EQ(fr.exit_code, 0);
  EXPECT_THAT(fr.out, HasSubstr("Afficher cette aide"));
  EXPECT_THAT(fr.out, HasSubstr("Utilisation"));
}

TEST(Cli, UnknownCommandIsAUsageError) {
  auto r = RunPalermo({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(Cli, VersionPrints) {
  auto r = RunPalermo({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("palermo 0.1.0"));
}

}  // namespace
}  // namespace palermo
