// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo consent / referral / service through the built executable: exit codes, French and
// English output, and no personal data on stderr.
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

class ReferralCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (dir_.path() / "palermo.db").string();
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    WriteFile(
        dir_.path() / "map.json",
        R"({"agency": "police", "columns": {"id": "local_id", "name": "family_name", "sex": "sex",
                  "age": "age", "nat": "citizenship", "forms": "forms"}, "required": ["local_id"]})");
    WriteFile(dir_.path() / "cases.csv",
              "id,name,sex,age,nat,forms\nP1,Okonkwo,female,30,NGA,sexual\nP2,Hoxha,male,16,ALB,"
              "forced_labour\n");
    const CommandResult imported = Run({"import", "--mapping", (dir_.path() / "map.json").string(),
                                        (dir_.path() / "cases.csv").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  CommandResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {"--db", db_});
    CommandResult r = RunPalermo(args, env);
    EXPECT_THAT(r.err, Not(HasSubstr("Okonkwo")));  // never a name on stderr
    EXPECT_THAT(r.out, Not(HasSubstr("Okonkwo")));
    return r;
  }

  TempDir dir_;
  std::string db_;
};

TEST_F(ReferralCli, AdultNeedsConsentChildDoesNotAndDueListsBoth) {
  const std::vector<std::string> fr = {"create", "1",      "--role", "first_responder",
                                       "--org",  "police", "--at",   "2026-08-28T23:30:00+01:00"};
  std::vector<std::string> args = {"referral"};
  args.insert(args.end(), fr.begin(), fr.end());
  CommandResult r = Run(args);
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("needs the person’s consent to referral"));
  r = Run(args, {"LANG=fr_FR.UTF-8"});
  EXPECT_THAT(r.err, HasSubstr("exige le consentement de la personne"));

  ASSERT_EQ(
      Run({"consent", "give", "1", "--purpose", "referral", "--role", "first_responder", "--org",
           "police"})
          .exit_code,
      0);
  r = Run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("reasonable-grounds decision due by 2026-09-07 (Europe/London)"));

  r = Run({"referral", "create", "2", "--role", "first_responder", "--org", "police", "--at",
           "2026-08-20T10:00:00+01:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;  // a child: no consent needed

  r = Run({"referral", "due", "--as-of", "2026-09-04", "--role", "decision_maker"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "OVERDUE  referral 2  case 2  reasonable-grounds decision due 2026-08-27  (5 working "
            "days late)  police\n"
            "due soon  referral 1  case 1  reasonable-grounds decision due 2026-09-07  (1 working "
            "day left)  police\n");
}

TEST_F(ReferralCli, InvalidTransitionNamesTheStateAndTheNextSteps) {
  ASSERT_EQ(
      Run({"referral", "create", "2", "--role", "first_responder", "--org", "police"}).exit_code,
      0);
  CommandResult r =
      Run({"referral", "transition", "1", "close", "--role", "case_worker", "--org", "police"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("“close” is not allowed in the current state “referred”"));
  EXPECT_THAT(r.err, HasSubstr("allowed next steps: rg_positive"));
  r = Run(
      {"referral", "transition", "1", "rg_positive", "--role", "case_worker", "--org", "police"});
  EXPECT_EQ(r.exit_code, 5);
  r = Run({"referral", "transition", "1", "rg_positive", "--role", "decision_maker", "--note",
           "Okonkwo said so"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run({"referral", "show", "1", "--role", "decision_maker"});
  EXPECT_THAT(r.out, HasSubstr("rg_positive  referred -> recovery_reflection"));
  EXPECT_THAT(r.out,
              HasSubstr("cg_positive — positive conclusive-grounds decision [decision_maker]"));
  EXPECT_THAT(Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(ReferralCli, ServiceMatchGivesEveryReason) {
  ASSERT_EQ(Run({"service", "add", "--provider", "ngo_b", "--type", "shelter", "--name",
                 "Safe house", "--min-age", "18", "--sex", "female", "--capacity", "4", "--role",
                 "case_worker", "--org", "ngo_b"})
                .exit_code,
            0);
  CommandResult r = Run({"service", "match", "2", "--role", "case_worker", "--org", "police"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "not eligible 1  ngo_b  shelter  Safe house\n"
            "    - age 16 is outside the ages the service takes (18+)\n"
            "    - sex male is not among those the service takes (female)\n"
            "    - 4 of 4 places free\n");
  EXPECT_EQ(
      Run({"service", "refer", "1", "1", "--role", "case_worker", "--org", "police"}).exit_code,
      6);  // no consent to share
  ASSERT_EQ(Run({"consent", "give", "1", "--purpose", "data_sharing", "--with-org", "ngo_b",
                 "--role", "case_worker", "--org", "police"})
                .exit_code,
            0);
  EXPECT_EQ(
      Run({"service", "refer", "1", "1", "--role", "case_worker", "--org", "police"}).exit_code, 0);
  ASSERT_EQ(Run({"consent", "withdraw", "1", "--purpose", "data_sharing", "--with-org", "ngo_b",
                 "--role", "case_worker", "--org", "police"})
                .exit_code,
            0);
  r = Run({"consent", "list", "1", "--role", "case_worker", "--org", "police"});
  EXPECT_THAT(r.out, HasSubstr("data_sharing / ngo_b: given "));
  EXPECT_THAT(r.out, HasSubstr(", withdrawn "));
  // The same gate as the web app: another organisation's case worker is refused, and the
  // refusal is on record.
  r = Run({"consent", "give", "1", "--purpose", "referral", "--role", "case_worker", "--org",
           "ngo_b"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  r = Run({"consent", "list", "1"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("--role"));
}

}  // namespace
}  // namespace palermo
