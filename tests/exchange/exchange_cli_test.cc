// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo exchange through the built executable, as two national referral mechanisms would use
// it: keys, cards, a referral packet, the refusals (no consent, flipped byte, replay, another
// recipient) and a PPRL query across scripts. Exit codes are the contract scripts rely on.
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

class ExchangeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string map = R"({"agency": "AGENCY", "columns": {"id": "local_id", "given": "given_name",
      "family": "family_name", "dob": "birth_date", "sex": "sex", "nat": "citizenship",
      "seen": "identification_date", "phone": "phone"}, "required": ["local_id"]})";
    auto with_agency = [&](const std::string& agency) {
      std::string m = map;
      m.replace(m.find("AGENCY"), 6, agency);
      return m;
    };
    WriteFile(Path("fr_map.json"), with_agency("police"));
    WriteFile(Path("gb_map.json"), with_agency("gb_police"));
    WriteFile(Path("fr.csv"),
              "id,given,family,dob,sex,nat,seen,phone\n"
              "P1,Oksana,Kovalenko,1999-03-04,female,UKR,2024-02-03,+33612345678\n"
              "P2,Ion,Popescu,1985-11-02,male,ROU,2024-03-01,\n");
    WriteFile(Path("gb.csv"), "id,given,family,dob,sex,nat,seen,phone\n"
                              "S9,Оксана,Коваленко,1999-03-04,female,UKR,2024-05-01,\n");
    for (const char* db : {"fr.db", "gb.db", "it.db"}) ASSERT_EQ(Run(db, {"init"}).exit_code, 0);
    ASSERT_EQ(Run("fr.db", {"import", "--mapping", Path("fr_map.json"), Path("fr.csv")}).exit_code, 0);
    ASSERT_EQ(Run("gb.db", {"import", "--mapping", Path("gb_map.json"), Path("gb.csv")}).exit_code, 0);
    CommandResult r = Run("fr.db", {"exchange", "keys", "init", "--org", "FR-NRM", "--country", "FRA"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("fingerprint: "));
    ASSERT_EQ(Run("gb.db", {"exchange", "keys", "init", "--org", "GB-NRM", "--country", "GBR"}).exit_code, 0);
    ASSERT_EQ(Run("it.db", {"exchange", "keys", "init", "--org", "IT-NRM", "--country", "ITA"}).exit_code, 0);
    for (const char* db : {"fr", "gb", "it"})
      ASSERT_EQ(Run(std::string(db) + ".db", {"exchange", "keys", "export", "--out", Path(std::string(db) + ".pub.json")})
                    .exit_code,
                0);
    ASSERT_EQ(Run("fr.db", {"exchange", "partner", "add", Path("gb.pub.json")}).exit_code, 0);
    ASSERT_EQ(Run("gb.db", {"exchange", "partner", "add", Path("fr.pub.json")}).exit_code, 0);
    ASSERT_EQ(Run("it.db", {"exchange", "partner", "add", Path("fr.pub.json")}).exit_code, 0);
  }

  std::string Path(const std::string& name) { return (dir_.path() / name).string(); }
  CommandResult Run(const std::string& db, std::vector<std::string> args,
                    const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {"--db", Path(db)});
    return RunPalermo(args, env);
  }
  CommandResult AsFrance(std::vector<std::string> args) {
    for (const char* a : {"--role", "case_worker", "--org", "police", "--as-user", "amina"})
      args.emplace_back(a);
    return Run("fr.db", args);
  }
  CommandResult AsBritain(std::vector<std::string> args, const std::string& db = "gb.db") {
    for (const char* a : {"--role", "case_worker", "--org", "GB-NRM", "--as-user", "bob"})
      args.emplace_back(a);
    return Run(db, args);
  }
  std::string Read(const std::string& name) {
    std::ifstream in(Path(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  TempDir dir_;
};

TEST_F(ExchangeCli, AReferralTravelsOnlyWithConsentAndOnlyOnce) {
  const std::vector<std::string> send = {"exchange", "send", "--case", "1", "--to", "GB-NRM",
                                         "--purpose", "referral", "--handling", "H2",
                                         "--evaluation", "B2", "--out", Path("p1.json")};
  CommandResult r = AsFrance(send);
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_THAT(r.err, HasSubstr("consent"));
  EXPECT_FALSE(std::filesystem::exists(Path("p1.json")));

  ASSERT_EQ(AsFrance({"consent", "give", "1", "--purpose", "cross_border_exchange"}).exit_code, 0);
  r = AsFrance(send);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string packet = Read("p1.json");
  for (const char* secret : {"Oksana", "Kovalenko", "1999-03-04", "33612345678"})
    EXPECT_THAT(packet, Not(HasSubstr(secret)));
  struct stat st {};
  ASSERT_EQ(::stat(Path("p1.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // A flipped byte, and the packet for GB handed to IT: refused, nothing imported.
  std::string flipped = packet;
  const size_t at = flipped.find("\"ciphertext\": \"") + 30;
  flipped[at] = flipped[at] == 'A' ? 'B' : 'A';
  WriteFile(Path("p1x.json"), flipped);
  r = AsBritain({"exchange", "receive", Path("p1x.json")});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  r = AsBritain({"exchange", "receive", Path("p1.json")}, "it.db");
  EXPECT_EQ(r.exit_code, 6) << r.err;
  r = AsBritain({"exchange", "receive", Path("p1x.json")}, "gb.db");
  CommandResult exported = Run("gb.db", {"export", "--format", "htcds-json", "--out", Path("gb.json")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(Read("gb.json"), Not(HasSubstr("FR-NRM")));

  r = AsBritain({"exchange", "receive", Path("p1.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("from FR-NRM (referral, handling H2, evaluation B2)"));
  r = AsBritain({"exchange", "receive", Path("p1.json")}, "gb.db");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("already received"));
  // Received under H2: it is in the database but not passed on by an export.
  exported = Run("gb.db", {"export", "--format", "htcds-json", "--out", Path("gb.json")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(Read("gb.json"), Not(HasSubstr("FR-NRM")));
  EXPECT_THAT(exported.err, HasSubstr("1 case received from partners under handling code H2/H3"));
  CommandResult listed = Run("gb.db", {"case", "list", "--role", "decision_maker"});
  EXPECT_THAT(listed.out, HasSubstr("FR-NRM"));

  // In French, and H2 forbids sending it on.
  r = Run("gb.db", {"exchange", "send", "--case", "2", "--to", "FR-NRM", "--purpose", "referral",
                    "--handling", "H0", "--out", Path("fwd.json"), "--role", "decision_maker"},
          {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_THAT(r.err, HasSubstr("code de traitement H2"));
}

TEST_F(ExchangeCli, AQueryAnswersMatchOrNoMatchWithoutNames) {
  ASSERT_EQ(AsFrance({"consent", "give", "1", "--purpose", "cross_border_exchange"}).exit_code, 0);
  ASSERT_EQ(AsFrance({"consent", "give", "2", "--purpose", "cross_border_exchange"}).exit_code, 0);
  WriteFile(Path("secret.txt"), "agreed by phone: 7f3a9c21e5d84b60\n");
  std::filesystem::permissions(Path("secret.txt"), std::filesystem::perms::owner_read);
  for (const char* c : {"1", "2"}) {
    CommandResult r = AsFrance({"exchange", "query", "--case", c, "--to", "GB-NRM", "--secret-file",
                                Path("secret.txt"), "--out", Path(std::string("q") + c + ".json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("gb.db", {"exchange", "answer", Path(std::string("q") + c + ".json"), "--secret-file",
                      Path("secret.txt"), "--out", Path(std::string("a") + c + ".json"), "--role",
                      "decision_maker"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (const char* f : {"q1.json", "a1.json"}) {
    EXPECT_THAT(Read(f), Not(HasSubstr("Oksana")));
    EXPECT_THAT(Read(f), Not(HasSubstr("Коваленко")));
  }
  CommandResult r = AsFrance({"exchange", "read", Path("a1.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::StartsWith("match "));
  r = AsFrance({"exchange", "read", Path("a2.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "no_match\n");
}

}  // namespace
}  // namespace palermo
