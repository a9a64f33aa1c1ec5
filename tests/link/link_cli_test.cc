// SPDX-License-Identifier: AGPL-3.0-or-later
// The `palermo link` and `palermo pprl` command contract (docs/link.md), checked on the built
// executable.
#include <fstream>
#include <map>
#include <sstream>

#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::TestData;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// cluster id of (file, record_id) in a clusters.csv text.
std::map<std::string, std::string> ClusterOf(const std::string& csv) {
  std::map<std::string, std::string> out;
  for (const std::string& line : Lines(csv)) {
    const size_t a = line.find(',');
    const size_t b = line.find(',', a + 1);
    out[line.substr(0, b)] = line.substr(b + 1);
  }
  return out;
}

class LinkCli : public ::testing::Test {
 protected:
  std::string Mapping() const { return TestData("link/data/mapping.json").string(); }
  std::string A() const { return TestData("link/data/agency_a.csv").string(); }
  std::string B() const { return TestData("link/data/agency_b.csv").string(); }
  std::string Out(const char* name) const { return (dir_.path() / name).string(); }
  TempDir dir_;
};

TEST_F(LinkCli, WritesTheExactHeaderAndOneLinePerRecordWithSingletons) {
  auto r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), A(), B()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(Slurp(Out("c.csv")));
  ASSERT_EQ(lines.size(), 1u + 6 + 7);
  EXPECT_EQ(lines[0], "file,record_id,cluster_id");
  EXPECT_EQ(lines[1].substr(0, 12), "agency_a,A1,");
  const auto cluster = ClusterOf(Slurp(Out("c.csv")));
  EXPECT_EQ(cluster.at("agency_a,A1"), cluster.at("agency_b,B1"));  // Олена, swapped date
  EXPECT_EQ(cluster.at("agency_a,A1"), cluster.at("agency_b,B7"));  // swapped names
  EXPECT_EQ(cluster.at("agency_a,A2"), cluster.at("agency_b,B2"));  // محمد
  EXPECT_NE(cluster.at("agency_a,A6"), cluster.at("agency_b,B6"));  // singletons
  EXPECT_NE(cluster.at("agency_b,B6"), cluster.at("agency_a,A1"));
  EXPECT_THAT(r.out, HasSubstr("13 records"));
}

TEST_F(LinkCli, StarMappingAndFebrlCommaSpaceSeparator) {
  WriteFile(dir_.path() / "m.json",
            R"({"*": {"rec_id": "record_id", "given_name": "given_name", "surname": "family_name",
                "date_of_birth": "birth_date"}})");
  WriteFile(dir_.path() / "f.csv",
            "rec_id, given_name, surname, date_of_birth\n"
            "rec-1-org, lachlan, berry, 19990219\n"
            "rec-1-dup-0, lachlan, bery, 19990219\n"
            "rec-2-org, , waller, 19081209\n"
            "rec-3-org, kate, hughes, 19750302\n"
            "rec-4-org, joshua, grant, 19620711\n"
            "rec-5-org, ellie, nguyen, 19880930\n"
            "rec-6-org, matilda, stewart, 19551205\n"
            "rec-7-org, ben, clarke, 19930417\n"
            "rec-8-org, sophie, reid, 19810822\n");
  auto r = RunPalermo({"-q", "link", "--mapping", (dir_.path() / "m.json").string(), "--out",
                       Out("c.csv"), (dir_.path() / "f.csv").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());  // -q
  const auto cluster = ClusterOf(Slurp(Out("c.csv")));
  EXPECT_EQ(cluster.at("f,rec-1-org"), cluster.at("f,rec-1-dup-0"));
  EXPECT_NE(cluster.at("f,rec-1-org"), cluster.at("f,rec-2-org"));
}

TEST_F(LinkCli, AMappedColumnMissingFromTheFileIsNamed) {
  WriteFile(dir_.path() / "m.json", R"({"*": {"id": "record_id", "dob": "birth_date"}})");
  WriteFile(dir_.path() / "x.csv", "id,name\n1,Olena\n");
  auto r = RunPalermo({"link", "--mapping", (dir_.path() / "m.json").string(), "--out",
                       Out("c.csv"), (dir_.path() / "x.csv").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("x.csv line 1: no column 'dob'"));
  EXPECT_THAT(r.err, HasSubstr("birth_date"));
  EXPECT_FALSE(std::filesystem::exists(Out("c.csv")));
}

TEST_F(LinkCli, AnUnreadableFileIsNamed) {
  auto r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), A(),
                       (dir_.path() / "agency_z.csv").string()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("agency_z.csv: cannot read the file"));
}

TEST_F(LinkCli, BadJsonIsReportedWithItsLine) {
  WriteFile(dir_.path() / "bad.json", "{\n  \"*\": {\"id\": \"record_id\",}\n}\n");
  auto r = RunPalermo({"link", "--mapping", (dir_.path() / "bad.json").string(), "--out",
                       Out("c.csv"), A()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("bad.json line 2"));
  EXPECT_THAT(r.err, HasSubstr("not valid JSON"));
}

TEST_F(LinkCli, AnUnknownRoleIsNamedWithItsColumn) {
  WriteFile(dir_.path() / "m.json", R"({"agency_a.csv": {"prenom": "first_name"}})");
  auto r = RunPalermo({"link", "--mapping", (dir_.path() / "m.json").string(), "--out",
                       Out("c.csv"), A()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("'agency_a.csv', column 'prenom': unknown role 'first_name'"));
}

TEST_F(LinkCli, ARowWithTheWrongNumberOfFieldsIsNamedByLine) {
  WriteFile(dir_.path() / "m.json", R"({"*": {"id": "record_id"}})");
  WriteFile(dir_.path() / "x.csv", "id,name\n1,Olena\n2,Maria,extra\n");
  auto r = RunPalermo({"link", "--mapping", (dir_.path() / "m.json").string(), "--out",
                       Out("c.csv"), (dir_.path() / "x.csv").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("x.csv line 3"));
}

TEST_F(LinkCli, ErrorsNeverCarryPersonalData) {
  WriteFile(dir_.path() / "m.json", R"({"*": {"id": "record_id", "name": "full_name"}})");
  WriteFile(dir_.path() / "x.csv", "id,name\nKOVALENKO-1,Olena Kovalenko\nKOVALENKO-1,Olena K\n");
  auto r = RunPalermo({"link", "--mapping", (dir_.path() / "m.json").string(), "--out",
                       Out("c.csv"), (dir_.path() / "x.csv").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("x.csv line 3, record_id: duplicate value"));
  EXPECT_THAT(r.err, Not(HasSubstr("KOVALENKO")));
  EXPECT_THAT(r.err, Not(HasSubstr("Olena")));
}

TEST_F(LinkCli, ExplainAndReviewFilesCarryWeightsNotNames) {
  auto r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), "--explain",
                       Out("e.csv"), "--review", Out("r.csv"), A(), B()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string explain = Slurp(Out("e.csv"));
  EXPECT_THAT(explain, HasSubstr("file_a,record_id_a,file_b,record_id_b,match_probability"));
  EXPECT_THAT(explain, HasSubstr("birth_date_level"));
  EXPECT_THAT(explain, HasSubstr("day_month_swapped"));
  EXPECT_THAT(explain, Not(HasSubstr("Olena")));
  EXPECT_THAT(explain, Not(HasSubstr("olena")));
  EXPECT_THAT(Lines(Slurp(Out("r.csv")))[0], ::testing::EndsWith(",decision"));
  EXPECT_THAT(r.err, Not(HasSubstr("olena")));
}

TEST_F(LinkCli, DecisionsAreRespectedOnReRuns) {
  WriteFile(dir_.path() / "d.csv",
            "file_a,record_id_a,file_b,record_id_b,decision\n"
            "agency_a,A2,agency_b,B2,non_match\n"
            "agency_a,A6,agency_b,B6,match\n"
            "agency_a,A3,agency_b,B3,\n");
  auto r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), "--decisions",
                       (dir_.path() / "d.csv").string(), A(), B()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto cluster = ClusterOf(Slurp(Out("c.csv")));
  EXPECT_NE(cluster.at("agency_a,A2"), cluster.at("agency_b,B2"));
  EXPECT_EQ(cluster.at("agency_a,A6"), cluster.at("agency_b,B6"));
  EXPECT_EQ(cluster.at("agency_a,A3"), cluster.at("agency_b,B3"));  // undecided: model decides
}

TEST_F(LinkCli, ABadDecisionNamesItsLineAndColumnNotTheId) {
  WriteFile(dir_.path() / "d.csv",
            "file_a,record_id_a,file_b,record_id_b,decision\n"
            "agency_a,A2,agency_b,SECRET-ID,match\n");
  auto r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), "--decisions",
                       (dir_.path() / "d.csv").string(), A(), B()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("d.csv line 2, record_id_b: no such record in agency_b"));
  EXPECT_THAT(r.err, Not(HasSubstr("SECRET-ID")));
  WriteFile(dir_.path() / "d.csv",
            "file_a,record_id_a,file_b,record_id_b,decision\nagency_a,A2,agency_b,B2,maybe\n");
  r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), "--decisions",
                  (dir_.path() / "d.csv").string(), A(), B()});
  EXPECT_THAT(r.err, HasSubstr("d.csv line 2, decision: must be match or non_match"));
}

TEST_F(LinkCli, MessagesInFrench) {
  auto r = RunPalermo({"link", "--mapping", Mapping(), "--out", Out("c.csv"), A(), B()},
                      {"LANG=fr_FR.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("13 fiches"));
  EXPECT_THAT(r.out, HasSubstr("à examiner"));
}

TEST_F(LinkCli, NoTransliterationLeavesScriptsApart) {
  auto r = RunPalermo({"-q", "link", "--no-transliteration", "--mapping", Mapping(), "--out",
                       Out("c.csv"), A(), B()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto cluster = ClusterOf(Slurp(Out("c.csv")));
  EXPECT_NE(cluster.at("agency_a,A1"), cluster.at("agency_b,B1"));
  EXPECT_EQ(cluster.at("agency_a,A1"), cluster.at("agency_b,B7"));  // both Latin
}

TEST_F(LinkCli, PprlEncodeShipsNoNamesAndMatchLinksAgencies) {
  WriteFile(dir_.path() / "secret.key", "0123456789abcdef-shared-by-agencies\n");
  const std::string key = (dir_.path() / "secret.key").string();
  // Readable by others, the secret is refused (anyone reading it could encode a dictionary).
  auto open_to_all = RunPalermo({"pprl", "encode", "--mapping", Mapping(), "--secret-file", key,
                                 "--out", Out("a.clk.csv"), A()});
  EXPECT_EQ(open_to_all.exit_code, 3);
  EXPECT_THAT(open_to_all.err, HasSubstr("chmod 600 secret.key"));
  std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  for (const auto& [in, out] : {std::pair{A(), Out("a.clk.csv")}, std::pair{B(), Out("b.clk.csv")}}) {
    auto r = RunPalermo({"pprl", "encode", "--mapping", Mapping(), "--secret-file", key, "--out",
                         out, in});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string encoded = Slurp(Out("a.clk.csv"));
  EXPECT_EQ(Lines(encoded)[0], "record_id,clk");
  EXPECT_EQ(Lines(encoded).size(), 7u);
  EXPECT_THAT(encoded, Not(HasSubstr("Olena")));
  EXPECT_THAT(encoded, Not(HasSubstr("1994")));
  auto r = RunPalermo({"pprl", "match", "--out", Out("c.csv"), "--pairs", Out("p.csv"),
                       Out("a.clk.csv"), Out("b.clk.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = Lines(Slurp(Out("c.csv")));
  EXPECT_EQ(lines[0], "file,record_id,cluster_id");
  EXPECT_EQ(lines.size(), 1u + 6 + 7);
  const auto cluster = ClusterOf(Slurp(Out("c.csv")));
  EXPECT_EQ(cluster.at("a.clk,A4"), cluster.at("b.clk,B4"));  // Екатерина Иванова / Ekaterina
  EXPECT_NE(cluster.at("a.clk,A6"), cluster.at("b.clk,B6"));
}

TEST_F(LinkCli, PprlRejectsAShortSecretAndAMissingSecretFile) {
  WriteFile(dir_.path() / "short.key", "tiny\n");
  std::filesystem::permissions(dir_.path() / "short.key", std::filesystem::perms::owner_read);
  auto r = RunPalermo({"pprl", "encode", "--mapping", Mapping(), "--secret-file",
                       (dir_.path() / "short.key").string(), "--out", Out("a.csv"), A()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("at least 16 bytes"));
  r = RunPalermo({"pprl", "encode", "--mapping", Mapping(), "--secret-file",
                  (dir_.path() / "none.key").string(), "--out", Out("a.csv"), A()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("none.key: cannot read the secret file"));
}

}  // namespace
}  // namespace palermo
