// SPDX-License-Identifier: AGPL-3.0-or-later
// `palermo estimate`: the command contract other tools script against.
#include <nlohmann/json.hpp>

#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

using ::palermo::testing::RunPalermo;
using ::palermo::testing::SharedData;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json ReadJson(const std::filesystem::path& p) {
  return nlohmann::json::parse(*::palermo::ReadFileToString(p));
}

TEST(EstimateCli, StepwiseOnUk6WritesTheContractFields) {
  TempDir dir;
  const auto out = dir.path() / "result.json";
  auto r = RunPalermo({"estimate", "--in", SharedData("mse/uk_6.csv").string(), "--method",
                       "stepwise", "--interval", "profile", "--out", out.string()},
                      {"LANG=en_GB.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = ReadJson(out);
  EXPECT_EQ(j["observed"], 2744);
  EXPECT_NEAR(j["estimate"].get<double>(), 11418.0, 0.005 * 11418);
  EXPECT_NEAR(j["unobserved"].get<double>(), 11418.0 - 2744, 0.005 * 11418);
  EXPECT_NEAR(j["ci_low"].get<double>(), 9982.3, 1);
  EXPECT_NEAR(j["ci_high"].get<double>(), 13181.7, 1);
  EXPECT_EQ(j["ci_method"], "profile");
  EXPECT_EQ(j["method"], "stepwise");
  EXPECT_EQ(j["model_terms"].size(), 7u);
  EXPECT_EQ(j["model_terms"][0], "LA:NG");
  EXPECT_TRUE(j["excluded_models"].is_array());
  EXPECT_THAT(r.out, HasSubstr("Estimated total:                 11,418"));
  EXPECT_THAT(r.out, HasSubstr("PF:NCA (p = 7.1e-11)"));
  EXPECT_THAT(r.out, HasSubstr("Closed population"));
  EXPECT_THAT(r.out, HasSubstr("Heterogeneity"));
  EXPECT_THAT(r.out, HasSubstr("List dependence"));
}

TEST(EstimateCli, BicReportsExcludedModelsWithReasons) {
  TempDir dir;
  const auto out = dir.path() / "r.json";
  auto r = RunPalermo({"estimate", "--in", SharedData("mse/korea_3.csv").string(), "--method",
                       "bic", "--interval", "profile", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = ReadJson(out);
  EXPECT_NEAR(j["estimate"].get<double>(), 157.2, 0.005 * 157.2);
  ASSERT_EQ(j["excluded_models"].size(), 2u);
  EXPECT_THAT(j["excluded_models"][0]["reason"].get<std::string>(), HasSubstr("does not exist"));
}

TEST(EstimateCli, ModelWithTermsAndBootstrapUsesBca) {
  TempDir dir;
  const auto out = dir.path() / "r.json";
  auto r = RunPalermo({"estimate", "--in", SharedData("mse/kosovo_4.csv").string(), "--method",
                       "model", "--terms", "EXH*ABA,EXH*OSCE", "--interval", "parametric",
                       "--bootstrap", "100", "--seed", "3", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = ReadJson(out);
  EXPECT_EQ(j["ci_method"], "bootstrap-bca");
  EXPECT_EQ(j["model_terms"], (nlohmann::json{"EXH:ABA", "EXH:OSCE"}));
  EXPECT_EQ(j["bootstrap"]["replicates"], 100);
}

TEST(EstimateCli, FrenchExplanation) {
  auto r = RunPalermo(
      {"estimate", "--in", SharedData("mse/uk_6.csv").string(), "--method", "independence"},
      {"LANG=fr_FR.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Total estimé"));
  EXPECT_THAT(r.out, HasSubstr("Population fermée"));
  EXPECT_THAT(r.out, HasSubstr("Hétérogénéité"));
}

TEST(EstimateCli, ClustersFromLinkAreCounted) {
  TempDir dir;
  const auto clusters = dir.path() / "clusters.csv";
  std::string text = "file,record_id,cluster_id\n";
  // 80 on A only, 60 on B only, 20 on both: Lincoln–Petersen 400.
  for (int i = 0; i < 100; ++i)
    text += "a.csv,a" + std::to_string(i) + ",c" + std::to_string(i) + "\n";
  for (int i = 80; i < 160; ++i)
    text += "b.csv,b" + std::to_string(i) + ",c" + std::to_string(i) + "\n";
  WriteFile(clusters, text);
  const auto out = dir.path() / "r.json";
  auto r = RunPalermo({"estimate", "--clusters", clusters.string(), "--method", "independence",
                       "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = ReadJson(out);
  EXPECT_EQ(j["observed"], 160);
  EXPECT_NEAR(j["estimate"].get<double>(), 400, 1e-6);
  EXPECT_EQ(j["lists"], (nlohmann::json{"a.csv", "b.csv"}));
}

TEST(EstimateCli, StrataAreReportedWithTheOverallAndANote) {
  TempDir dir;
  const auto in = dir.path() / "captures.csv";
  WriteFile(in, "A,B,sex,count\n1,0,F,40\n0,1,F,30\n1,1,F,10\n1,0,M,20\n0,1,M,25\n1,1,M,5\n");
  const auto out = dir.path() / "r.json";
  auto r = RunPalermo({"estimate", "--in", in.string(), "--method", "independence", "--strata",
                       "sex", "--out", out.string()},
                      {"LANG=C", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("need not add up"));
  const nlohmann::json j = ReadJson(out);
  EXPECT_NEAR(j["estimate"].get<double>(), 350, 1e-6);
  ASSERT_EQ(j["strata"].size(), 2u);
  EXPECT_EQ(j["strata"][0]["stratum"], "F");
}

TEST(EstimateCli, BadInputExitsThreeWithFileLineAndColumn) {
  TempDir dir;
  const auto in = dir.path() / "captures.csv";
  WriteFile(in, "A,B,count\n1,0,4\n0,x,3\n");
  auto r = RunPalermo({"estimate", "--in", in.string(), "--method", "stepwise"},
                      {"LANG=C", "LC_ALL=", "LC_MESSAGES="});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("captures.csv, line 3, column B: capture value must be 0 or 1"));
  EXPECT_THAT(r.err, Not(HasSubstr("0,x,3")));
  auto fr = RunPalermo({"estimate", "--in", in.string()},
                       {"LANG=fr_FR.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  EXPECT_EQ(fr.exit_code, 3);
  EXPECT_THAT(fr.err, HasSubstr("ligne 3, colonne B"));
}

TEST(EstimateCli, UsageErrors) {
  const std::string uk = SharedData("mse/uk_6.csv").string();
  auto unknown = RunPalermo({"estimate", "--in", uk, "--method", "magic"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.err, HasSubstr("unknown method \"magic\""));
  auto no_terms = RunPalermo({"estimate", "--in", uk, "--method", "model"});
  EXPECT_THAT(no_terms.err, HasSubstr("--method model needs --terms"));
  auto bad_term = RunPalermo({"estimate", "--in", uk, "--method", "model", "--terms", "LA*XX"});
  EXPECT_THAT(bad_term.err, HasSubstr("unknown list \"XX\""));
  auto both = RunPalermo({"estimate", "--in", uk, "--clusters", uk});
  EXPECT_THAT(both.err, HasSubstr("at most one of --in"));
  // Neither: the database's persons, which need a database.
  TempDir empty;
  auto neither = RunPalermo({"--db", (empty.path() / "none.db").string(), "estimate", "--method", "bic"});
  EXPECT_NE(neither.exit_code, 0);
  EXPECT_THAT(neither.err, HasSubstr("palermo init"));
  auto year_with_file = RunPalermo({"estimate", "--in", uk, "--year", "2023"});
  EXPECT_THAT(year_with_file.err, HasSubstr("--year reads the database"));
  auto missing = RunPalermo({"estimate", "--in", "/nonexistent/c.csv"});
  EXPECT_EQ(missing.exit_code, 4);
}

}  // namespace
}  // namespace palermo::estimate
