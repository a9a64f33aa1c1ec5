// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo screen through the built executable.
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;

TEST(ScreenCli, NewAnswerShowDecideInEnglishAndFrench) {
  TempDir dir;
  const std::string db = (dir.path() / "palermo.db").string();
  auto run = [&](std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {"--db", db});
    return RunPalermo(args, env);
  };
  ASSERT_EQ(run({"init"}).exit_code, 0);
  WriteFile(
      dir.path() / "map.json",
      R"({"agency": "police", "columns": {"id": "local_id", "age": "age"}, "required": ["local_id"]})");
  WriteFile(dir.path() / "cases.csv", "id,age\nP1,34\nP2,\n");
  ASSERT_EQ(run({"import", "--mapping", (dir.path() / "map.json").string(),
                 (dir.path() / "cases.csv").string()})
                .exit_code,
            0);

  CommandResult r = run({"screen", "new", "2", "--role", "first_responder", "--org", "police"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("age is unknown"));
  // The ILO/EC sexual-exploitation lists are not bundled: refused, saying what is missing.
  r = run({"screen", "new", "1", "--exploitation", "sexual", "--role", "first_responder", "--org",
           "police"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("has no adult × sexual set: the ILO/EC 2009 indicators of "
                               "trafficking of adults for sexual exploitation"));
  r = run({"screen", "new", "1", "--exploitation", "sexuelle", "--role", "first_responder", "--org",
           "police"},
          {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("traite des adultes à des fins d’exploitation sexuelle"));
  r = run({"screen", "new", "1", "--role", "first_responder", "--org", "police"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(adult, labour)"));
  r = run({"screen", "answer", "1", "dr_nature_job=yes", "dr_wages=yes", "ex_excessive_hours=yes",
           "ex_low_salary=yes", "--role", "first_responder", "--org", "police"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "4 answers recorded; now: Insufficient information\n");
  r = run({"screen", "answer", "1", "cd_documents=oui", "cd_debt_bondage=y", "--role",
           "first_responder", "--org", "police"},
          {"LANG=fr_FR.UTF-8"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "2 réponses enregistrées ; à présent : Victime présumée de la traite à des fins "
            "d’exploitation "
            "par le travail\n");
  EXPECT_EQ(run({"screen", "answer", "1", "dr_nature_job=perhaps", "--role", "first_responder",
                 "--org", "police"})
                .exit_code,
            3);
  r = run({"screen", "show", "1", "--role", "analyst"});
  EXPECT_THAT(r.out,
              HasSubstr("Coercion at destination: positive by clause (a): two strong indicators"));
  EXPECT_THAT(r.out, HasSubstr("not a decision: a person decides"));
  EXPECT_EQ(run({"screen", "decide", "1", "identified", "--role", "analyst"}).exit_code, 5);
  ASSERT_EQ(run({"screen", "decide", "1", "refer_to_nrm", "--role", "case_worker", "--org",
                 "police", "--as-user", "bob"})
                .exit_code,
            0);
  EXPECT_THAT(run({"screen", "show", "1", "--role", "analyst"}).out,
              HasSubstr("Decision by bob (case_worker) on "));
}

}  // namespace
}  // namespace palermo
