// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo screen | referral | service through the built executable go through the web app's
// case-work gate (src/casework): the organisation holding a case may act on it; a case worker of
// another organisation, or a role without the right, is refused in the web app's words (French
// or English), the refusal is in the audit log, and nothing was written.
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRefusedEn[] = "You are not allowed to do this. The attempt has been recorded.";
constexpr char kRefusedFr[] =
    "Vous n'êtes pas autorisé à faire cela. La tentative a été enregistrée.";

class FlowsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (dir_.path() / "palermo.db").string();
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    WriteFile(dir_.path() / "map.json",
              R"({"agency": "police", "columns": {"id": "local_id", "name": "family_name",
                  "sex": "sex", "age": "age", "nat": "citizenship", "forms": "forms"},
                  "required": ["local_id"]})");
    WriteFile(dir_.path() / "cases.csv",
              "id,name,sex,age,nat,forms\nP1,Okonkwo,female,30,NGA,sexual\n"
              "P2,Hoxha,male,16,ALB,forced_labour\n");
    const CommandResult imported = Run({"import", "--mapping", (dir_.path() / "map.json").string(),
                                        (dir_.path() / "cases.csv").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  CommandResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {"--db", db_});
    CommandResult r = RunPalermo(args, env);
    EXPECT_THAT(r.err, Not(HasSubstr("Okonkwo")));
    EXPECT_THAT(r.out, Not(HasSubstr("Okonkwo")));
    return r;
  }
  // `args` acting as `user` of `org` with `role`.
  CommandResult As(const char* user, const char* org, const char* role,
                   std::vector<std::string> args, std::vector<std::string> env = {}) {
    for (const char* a : {"--as-user", user, "--org", org, "--role", role}) args.emplace_back(a);
    return Run(args, env);
  }
  CommandResult Police(std::vector<std::string> args) {
    return As("amina", "police", "case_worker", std::move(args));
  }
  CommandResult Ngo(std::vector<std::string> args, std::vector<std::string> env = {}) {
    return As("mallory", "ngo_b", "case_worker", std::move(args), std::move(env));
  }
  // Refused (exit 5) with the web app's message, and the refusal is on record.
  void ExpectRefused(const CommandResult& r, const std::string& audit_line) {
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_THAT(r.err, HasSubstr(kRefusedEn));
    const CommandResult audit = Run({"audit", "list", "--limit", "100000"});
    ASSERT_EQ(audit.exit_code, 0) << audit.err;
    EXPECT_THAT(audit.out, HasSubstr(audit_line));
  }

  TempDir dir_;
  std::string db_;
};

TEST_F(FlowsCli, ScreenThroughTheGate) {
  // Another organisation cannot start a screening of the police's case: refused, in French too.
  ExpectRefused(Ngo({"screen", "new", "1"}),
                "mallory\tngo_b\tcase_worker\tdenied\tcase\t1\t\tattempted screen_case");
  EXPECT_THAT(Ngo({"screen", "new", "1"}, {"LANG=fr_FR.UTF-8"}).err, HasSubstr(kRefusedFr));
  // ... and nothing was written: the police sees no screening.
  EXPECT_EQ(Police({"screen", "show", "1"}).exit_code, 4);

  CommandResult r = Police({"screen", "new", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Screening 1 started for case 1 (adult, labour)"));
  ExpectRefused(Ngo({"screen", "answer", "1", "dr_wages=yes"}),
                "mallory\tngo_b\tcase_worker\tdenied\tcase\t1\t");
  ExpectRefused(Ngo({"screen", "show", "1"}), "mallory\tngo_b\tcase_worker\tdenied\tcase\t1\t");
  // An analyst may read, not screen.
  ExpectRefused(As("ana", "stats", "analyst", {"screen", "answer", "1", "dr_wages=yes"}),
                "ana\tstats\tanalyst\tdenied\tcase\t1\t\tattempted screen_case as analyst");
  r = As("ana", "stats", "analyst", {"screen", "show", "1", "--indicators"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("dr_wages  medium  yes")));  // the refused answer is not there

  r = Police({"screen", "answer", "1", "dr_wages=yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1 answer recorded; now: Insufficient information\n");
  ExpectRefused(Ngo({"screen", "decide", "1", "identified"}),
                "mallory\tngo_b\tcase_worker\tdenied\tcase\t1\t");
  r = As("ana", "stats", "analyst", {"screen", "show", "1", "--indicators"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("dr_wages  medium  yes"));
  EXPECT_THAT(r.out, Not(HasSubstr("Decision by")));
  ASSERT_EQ(Police({"screen", "decide", "1", "refer_to_nrm"}).exit_code, 0);
  EXPECT_THAT(Police({"screen", "show", "1"}).out, HasSubstr("Decision by amina (case_worker)"));
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(FlowsCli, ReferralThroughTheGate) {
  // Case 2 is a child's: no consent is needed, only the gate stands in the way.
  ExpectRefused(Ngo({"referral", "create", "2"}),
                "mallory\tngo_b\tcase_worker\tdenied\tcase\t2\t\tattempted refer_case");
  EXPECT_EQ(As("dm", "nrm", "decision_maker", {"referral", "show", "1"}).exit_code, 4);

  CommandResult r = Police({"referral", "create", "2", "--at", "2026-08-20T10:00:00+01:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Referral 1 of case 2 (gbr_nrm): referred"));
  ExpectRefused(Ngo({"referral", "show", "1"}), "mallory\tngo_b\tcase_worker\tdenied\tcase\t2\t");
  ExpectRefused(Ngo({"referral", "transition", "1", "withdraw"}),
                "mallory\tngo_b\tcase_worker\tdenied\tcase\t2\t");
  ExpectRefused(As("ana", "stats", "analyst", {"referral", "due"}),
                "ana\tstats\tanalyst\tdenied\treferral\t");
  // The due list of another organisation's case worker leaves the police's case out.
  r = Ngo({"referral", "due", "--as-of", "2026-09-04"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("case 2")));
  r = Police({"referral", "due", "--as-of", "2026-09-04"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("OVERDUE  referral 1  case 2"));

  r = As("dm", "nrm", "decision_maker", {"referral", "transition", "1", "rg_positive"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Police({"referral", "show", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rg_positive  referred -> recovery_reflection  dm (decision_maker"));
  EXPECT_THAT(r.out, Not(HasSubstr("withdraw  ")));  // the refused step was not written
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(FlowsCli, ServiceThroughTheGate) {
  // A case worker adds services of their own organisation only.
  ExpectRefused(Ngo({"service", "add", "--provider", "police", "--type", "legal", "--name", "X"}),
                "mallory\tngo_b\tcase_worker\tdenied\tservice\t\t\tattempted manage_services");
  ExpectRefused(As("ana", "stats", "analyst", {"service", "add", "--type", "legal", "--name", "X"}),
                "ana\tstats\tanalyst\tdenied\tservice\t");
  CommandResult r = Ngo({"service", "add", "--type", "shelter", "--name", "Safe house"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Police({"service", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1  ngo_b  shelter  Safe house\n");  // the refused additions are not there

  // Matching and referring read the case: only its organisation.
  ExpectRefused(Ngo({"service", "match", "1"}), "mallory\tngo_b\tcase_worker\tdenied\tcase\t1\t");
  r = Police({"service", "match", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ELIGIBLE     1  ngo_b  shelter  Safe house"));
  ASSERT_EQ(Police({"consent", "give", "1", "--purpose", "data_sharing", "--with-org", "ngo_b"})
                .exit_code,
            0);
  ExpectRefused(Ngo({"service", "refer", "1", "1"}),
                "mallory\tngo_b\tcase_worker\tdenied\tcase\t1\t\tattempted refer_to_service");
  EXPECT_EQ(Ngo({"service", "accept", "1"}).exit_code, 4);  // the refused referral is not there

  r = Police({"service", "refer", "1", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Service referral 1: pending the service’s answer.\n");
  // Answering is for the service's organisation.
  EXPECT_EQ(Police({"service", "accept", "1"}).exit_code, 5);
  ExpectRefused(As("dm", "nrm", "decision_maker", {"service", "accept", "1"}),
                "dm\tnrm\tdecision_maker\tdenied\tservice_referral\t1\t");
  r = Ngo({"service", "accept", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Service referral 1: accepted.\n");
  ASSERT_EQ(Ngo({"service", "outcome", "1", "completed"}).exit_code, 0);
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace palermo
