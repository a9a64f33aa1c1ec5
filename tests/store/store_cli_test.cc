// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo init / audit verify / audit list / key rotate, run as a user runs them.
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Sql(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

class StoreCli : public ::testing::Test {
 protected:
  std::string db() const { return (dir_.path() / "cases.db").string(); }
  std::string key() const { return db() + ".key"; }
  testing::CommandResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {"--db", db()});
    env.push_back("PALERMO_KEY=");
    env.push_back("LC_ALL=");
    env.push_back("LC_MESSAGES=");
    if (std::none_of(env.begin(), env.end(),
                     [](const std::string& e) { return e.starts_with("LANG="); })) {
      env.push_back("LANG=en_GB.UTF-8");
    }
    return RunPalermo(args, env);
  }
  TempDir dir_;
};

TEST_F(StoreCli, InitCreatesAPrivateKeyAndTheDatabaseOnce) {
  testing::CommandResult r = Run({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Created the key file " + key()));
  EXPECT_THAT(r.out, HasSubstr("database " + db()));
  struct stat st {};
  ASSERT_EQ(::stat(key().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);

  const std::string before = ReadBytes(key());
  testing::CommandResult again = Run({"init"}, {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(again.exit_code, 6);
  EXPECT_THAT(again.err, HasSubstr("erreur"));
  EXPECT_THAT(again.err, HasSubstr("already exists"));
  EXPECT_EQ(ReadBytes(key()), before) << "init never overwrites a key";
}

TEST_F(StoreCli, InitSpeaksFrench) {
  testing::CommandResult r = Run({"init"}, {"LANG=fr_FR.UTF-8"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Fichier de clé " + key()));
  EXPECT_THAT(r.out, HasSubstr("créés"));
}

TEST_F(StoreCli, AuditVerifyExitsSevenNamingTheTamperedEntry) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  testing::CommandResult ok = Run({"audit", "verify"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("Audit log intact: 1 entry"));
  Sql(db(), "UPDATE audit_log SET detail = 'edited' WHERE seq = 1");
  testing::CommandResult bad = Run({"audit", "verify"});
  EXPECT_EQ(bad.exit_code, 7);
  EXPECT_THAT(bad.err, HasSubstr("audit entry 1 does not match its hash"));
  testing::CommandResult fr = Run({"audit", "verify"}, {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(fr.exit_code, 7);
  EXPECT_THAT(fr.err, HasSubstr("a été altéré"));
}

TEST_F(StoreCli, AuditListPrintsEntriesFromAGivenNumber) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  ASSERT_EQ(Run({"key", "rotate"}).exit_code, 0);
  testing::CommandResult all = Run({"audit", "list"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr("seq\ttime\tuser"));
  EXPECT_THAT(all.out, HasSubstr("\tinit\tstore\t"));
  EXPECT_THAT(all.out, HasSubstr("\tkey_rotate\tstore\t"));
  testing::CommandResult from = Run({"audit", "list", "--from", "2", "--limit", "1"});
  ASSERT_EQ(from.exit_code, 0);
  EXPECT_THAT(from.out, Not(HasSubstr("\tinit\t")));
  EXPECT_THAT(from.out, HasSubstr("\tkey_rotate\t"));
  EXPECT_EQ(Run({"audit", "list", "--limit", "-1"}).exit_code, 2);
}

TEST_F(StoreCli, MissingKeyTellsToRunInit) {
  testing::CommandResult r = Run({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("run `palermo init`"));
  testing::CommandResult fr = Run({"key", "rotate"}, {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(fr.exit_code, 6);
  EXPECT_THAT(fr.err, HasSubstr("lancez `palermo init`"));
}

TEST_F(StoreCli, WrongKeyIsDenied) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string other = (dir_.path() / "other.key").string();
  testing::WriteFile(other, std::string(32, 'k'));
  ::chmod(other.c_str(), 0600);
  testing::CommandResult r = Run({"--key", other, "audit", "verify"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("this key does not open this database"));
}

TEST_F(StoreCli, KeyRotateReplacesTheKeyAndTheOldOneNoLongerOpens) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string old_key = ReadBytes(key());
  testing::CommandResult r = Run({"key", "rotate"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Key rotated"));
  EXPECT_NE(ReadBytes(key()), old_key);
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);
  const std::string old_file = (dir_.path() / "old.key").string();
  testing::WriteFile(old_file, old_key);
  ::chmod(old_file.c_str(), 0600);
  EXPECT_EQ(Run({"--key", old_file, "audit", "verify"}).exit_code, 5);
}

TEST_F(StoreCli, KillAfterRotationCommitIsRecoveredAtNextOpen) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string old_key = ReadBytes(key());
  testing::CommandResult crashed =
      Run({"key", "rotate"}, {"PALERMO_CRASH_AT=store.rotate.after_commit"});
  ASSERT_EQ(crashed.exit_code, 86) << "the test hook did not fire: " << crashed.err;
  EXPECT_EQ(ReadBytes(key()), old_key);
  const std::string next_key = ReadBytes(key() + ".next");
  ASSERT_EQ(next_key.size(), 32u);
  testing::CommandResult r = Run({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadBytes(key()), next_key);
  EXPECT_FALSE(std::filesystem::exists(key() + ".next"));
}

TEST_F(StoreCli, KillBeforeRotationCommitKeepsTheOldKey) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string old_key = ReadBytes(key());
  ASSERT_EQ(Run({"key", "rotate"}, {"PALERMO_CRASH_AT=store.rotate.before_commit"}).exit_code, 86);
  testing::CommandResult r = Run({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadBytes(key()), old_key);
  EXPECT_FALSE(std::filesystem::exists(key() + ".next"));
}

}  // namespace
}  // namespace palermo
