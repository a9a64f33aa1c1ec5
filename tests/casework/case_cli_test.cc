// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo case list|show|edit|history|close|reopen through the built executable: the same gate
// as the web app (another organisation is refused, exit 5), every field error at once, and no
// name on the terminal unless asked for with a purpose.
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

class CaseCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (dir_.path() / "palermo.db").string();
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    WriteFile(dir_.path() / "map.json",
              R"({"agency": "police", "columns": {"id": "local_id", "name": "family_name",
                  "sex": "sex", "nat": "citizenship", "seen": "identification_date",
                  "status": "victim_status"}, "required": ["local_id"]})");
    WriteFile(dir_.path() / "cases.csv",
              "id,name,sex,nat,seen,status\nP1,Okonkwo,female,NGA,03/02/2024,presumed\n");
    const CommandResult imported = Run({"import", "--mapping", (dir_.path() / "map.json").string(),
                                        (dir_.path() / "cases.csv").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunPalermo(args, {});
  }
  CommandResult AsPolice(std::vector<std::string> args) {
    for (const char* a : {"--role", "case_worker", "--org", "police", "--as-user", "amina"}) {
      args.emplace_back(a);
    }
    return Run(args);
  }

  TempDir dir_;
  std::string db_;
};

TEST_F(CaseCli, EditHistoryCloseReopen) {
  CommandResult r = AsPolice({"case", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1  police  P1  presumed  female  NGA  2024-02-03"));
  EXPECT_THAT(r.out, Not(HasSubstr("Okonkwo")));

  r = AsPolice({"case", "edit", "1", "--set", "family_name=Okonkwo-Eze", "--reason", "typo"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = AsPolice({"case", "edit", "1", "--set", "victim_status=identified", "--reason", "CG",
                "--decision", "conclusive grounds 2024-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = AsPolice({"case", "history", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1  "));
  EXPECT_THAT(r.out, HasSubstr("edit  amina  typo"));
  EXPECT_THAT(r.out, HasSubstr("victim_status: presumed -> identified"));
  EXPECT_THAT(r.out, Not(HasSubstr("Okonkwo")));
  r = AsPolice({"case", "history", "1", "--purpose", "court request"});
  EXPECT_THAT(r.out, HasSubstr("family_name: Okonkwo -> Okonkwo-Eze"));

  r = AsPolice({"case", "close", "1", "--reason", "lost_contact", "--date", "2024-07-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = AsPolice({"case", "list"});
  EXPECT_THAT(r.out, Not(HasSubstr("P1")));
  r = AsPolice({"case", "list", "--closed"});
  EXPECT_THAT(r.out, HasSubstr("P1"));
  r = AsPolice({"case", "reopen", "1", "--reason", "back in touch"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = AsPolice({"case", "list"});
  EXPECT_THAT(r.out, HasSubstr("P1"));
}

TEST_F(CaseCli, EveryFieldErrorAndTheGate) {
  CommandResult r = AsPolice({"case", "edit", "1", "--set", "identification_date=2031-01-01",
                              "--set", "phones=call me maybe"});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // invalid input
  EXPECT_THAT(r.err, HasSubstr("identification_date (Date of identification): in the future"));
  EXPECT_THAT(r.err, HasSubstr("phones (Phone numbers): not a phone number"));
  EXPECT_THAT(r.err, HasSubstr("reason (Reason for the change): required"));
  r = Run({"case", "edit", "1", "--set", "notes=x", "--role", "case_worker", "--org", "ngo"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  r = Run({"case", "list"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("--role"));
}

}  // namespace
}  // namespace palermo
