// SPDX-License-Identifier: AGPL-3.0-or-later
// Backup and restore on the fixture's PostgreSQL (pg_dump and pg_restore driven by the store):
// the restore drill under concurrent writes, refusals, and the password kept off command lines.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "server/server.h"
#include "store/backup.h"
#include "store/backup_pg.h"
#include "store/engines.h"

namespace palermo::store {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

const Actor kClerk{"amina", "police", "case_worker"};
const Actor kAdmin{"ops", "", "admin"};

CaseRecord MakeCase(const std::string& local_id) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = local_id;
  c.person.sex = Sex::kMale;
  c.person.identifiers.family_name = "Mensah";
  c.victim_status = VictimStatus::kActualVictim;
  c.notes = "note";
  return c;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A new database on the fixture's server holding an empty schema named like the source's, and
// the URL that makes it current; dropped at the end.
class TargetDatabase {
 public:
  explicit TargetDatabase(const std::string& source_url) {
    std::ifstream in(PALERMO_PG_URL_FILE);
    std::getline(in, admin_url_);
    static int counter = 0;
    name_ = "restore_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    const std::string marker = "search_path%3D";
    const std::string schema = source_url.substr(source_url.find(marker) + marker.size());
    {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction tx(admin);
      tx.exec("CREATE DATABASE " + name_);
    }
    base_url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
    pqxx::connection conn(base_url_);
    pqxx::nontransaction tx(conn);
    tx.exec("CREATE SCHEMA " + schema);
    url_ = base_url_ + "?options=-c%20search_path%3D" + schema;
  }
  ~TargetDatabase() {
    try {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction tx(admin);
      tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  const std::string& url() const { return url_; }
  int64_t Tables() const {
    pqxx::connection conn(url_);
    pqxx::nontransaction tx(conn);
    return tx.exec1("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    "c.relnamespace WHERE n.nspname = current_schema()")[0]
        .as<int64_t>();
  }

 private:
  std::string admin_url_;
  std::string name_;
  std::string base_url_;
  std::string url_;
};

class PgBackupTest : public testing::StoreOnEngine<testing::PgEngine> {
 protected:
  static void SetUpTestSuite() { server::RegisterMigrations(); }
};

TEST_F(PgBackupTest, RestoreDrillUnderConcurrentWrites) {
  {
    auto tx = *store_->Begin(kClerk);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(tx->InsertCase(MakeCase("p-" + std::to_string(i)), "h-p-" + std::to_string(i))
                      .ok());
    }
    ASSERT_TRUE(tx->Execute("INSERT INTO server_documents (case_id, media_type, size_bytes, "
                            "uploaded_by, created_at) VALUES (1, 'application/pdf', 5, 'amina', "
                            "'2026-12-07T12:00:00Z')")
                    .ok());
    const int64_t id = *tx->LastInsertId();
    const std::string doc("%P\0\xff\x01", 5);
    ASSERT_TRUE(tx->Execute("UPDATE server_documents SET content_sealed = $1 WHERE id = $2",
                            {*tx->Seal(doc, "server_documents.content:" + std::to_string(id)), id})
                    .ok());
    PALERMO_ASSERT_OK(tx->Commit());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      auto tx = store_->Begin(kClerk);
      if (!tx.ok() ||
          !(*tx)->InsertCase(MakeCase("w-" + std::to_string(i)), "h-w-" + std::to_string(i)).ok() ||
          !(*tx)->Commit().ok()) {
        ADD_FAILURE() << "concurrent insert failed";
        return;
      }
      committed.store(i + 1);
    }
  });
  while (committed.load() < 10) std::this_thread::yield();
  const int before = committed.load();
  const std::string file = (dir_.path() / "pg.pbk").string();
  Result<BackupInfo> info = Backup(options_, file, kAdmin, Lang::kEn);
  const int after_backup = committed.load();
  stop.store(true);
  writer.join();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->engine, "postgresql");
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  TargetDatabase target(options_.url);
  const StoreOptions target_options{.url = target.url(), .key_file = options_.key_file};
  Result<BackupInfo> restored = Restore(target_options, file, kAdmin, Lang::kEn);
  ASSERT_TRUE(restored.ok()) << restored.status();
  auto copy = Store::Open(target_options);
  ASSERT_TRUE(copy.ok()) << copy.status();
  PALERMO_EXPECT_OK((*copy)->VerifyAudit());
  auto tx = *(*copy)->BeginRead(kAdmin);
  auto cases = *tx->ListCases("", false, "");
  std::set<std::string> ids;
  for (const CaseRecord& c : cases) ids.insert(c.local_id);
  int k = 0;
  while (ids.count("w-" + std::to_string(k))) ++k;
  EXPECT_GE(k, before);
  EXPECT_LE(k, after_backup);
  EXPECT_EQ(cases.size(), static_cast<size_t>(100 + k));
  const auto log = *(*copy)->ReadAudit(1, 1000000);
  ASSERT_EQ(log.size(), static_cast<size_t>(info->audit_seq) + 1);
  EXPECT_EQ(log.back().action, "restore");
  int64_t inserts = 0;
  for (const AuditEntry& e : log) inserts += e.action == "insert_case";
  EXPECT_EQ(inserts, static_cast<int64_t>(cases.size()));
  auto docs = *tx->Query("SELECT id, content_sealed FROM server_documents");
  ASSERT_EQ(docs.size(), 1u);
  const int64_t doc_id = std::get<int64_t>(docs[0][0]);
  EXPECT_EQ(*tx->Open(std::get<std::string>(docs[0][1]),
                      "server_documents.content:" + std::to_string(doc_id)),
            std::string("%P\0\xff\x01", 5));
  // New rows get new ids: the sequences were restored too.
  tx.reset();
  auto write = *(*copy)->Begin(kClerk);
  Result<CaseId> next = write->InsertCase(MakeCase("after"), "h-after");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_GT(*next, static_cast<CaseId>(cases.size()));
  PALERMO_EXPECT_OK(write->Commit());

  // A second restore into the now non-empty database is refused.
  EXPECT_THAT(Restore(target_options, file, kAdmin, Lang::kEn),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not empty")));
}

TEST_F(PgBackupTest, AlteredBackupLeavesTheTargetEmpty) {
  const std::string file = (dir_.path() / "pg.pbk").string();
  PALERMO_ASSERT_OK(Backup(options_, file, kAdmin, Lang::kEn).status());
  std::string bytes = ReadAll(file);
  bytes[bytes.size() / 2] ^= 0x10;
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  TargetDatabase target(options_.url);
  EXPECT_THAT(Restore({.url = target.url(), .key_file = options_.key_file}, file, kAdmin,
                      Lang::kEn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("altered")));
  EXPECT_EQ(target.Tables(), 0);
}

TEST_F(PgBackupTest, PasswordGoesThroughTheEnvironmentNotTheCommandLine) {
  // A pg_dump that records its arguments and PGPASSWORD, then runs the real one (the fixture
  // trusts every local connection, so the password is accepted and ignored).
  const std::filesystem::path bin = dir_.path() / "bin";
  std::filesystem::create_directories(bin);
  const std::filesystem::path log = dir_.path() / "pg_dump.log";
  {
    std::ofstream script(bin / "pg_dump");
    script << "#!/bin/sh\necho \"args: $*\" >> " << log << "\necho \"env: $PGPASSWORD\" >> "
           << log << "\nexec /usr/lib/postgresql/15/bin/pg_dump \"$@\"\n";
  }
  std::filesystem::permissions(bin / "pg_dump", std::filesystem::perms::owner_all);
  ::setenv("PALERMO_PG_BIN", bin.c_str(), 1);
  StoreOptions with_password = options_;
  with_password.url.insert(with_password.url.find('@'), ":s%40cret");
  Result<BackupInfo> info =
      Backup(with_password, (dir_.path() / "pw.pbk").string(), kAdmin, Lang::kEn);
  ::unsetenv("PALERMO_PG_BIN");
  ASSERT_TRUE(info.ok()) << info.status();
  const std::string recorded = ReadAll(log);
  EXPECT_THAT(recorded, HasSubstr("env: s@cret"));
  EXPECT_THAT(recorded, HasSubstr("args: --format=custom"));
  const size_t args = recorded.find("args:");
  ASSERT_NE(args, std::string::npos);
  const std::string args_line = recorded.substr(args, recorded.find('\n', args) - args);
  EXPECT_EQ(args_line.find("cret"), std::string::npos) << args_line;
  EXPECT_THAT(args_line, HasSubstr("--dbname=postgresql://postgres@"));
}

TEST(BackupUrl, PasswordIsSplitOffTheUrl) {
  internal::SplitUrl a = internal::SplitPassword("postgresql://u:p%3Aw@h:5/db?sslmode=require");
  EXPECT_EQ(a.url, "postgresql://u@h:5/db?sslmode=require");
  EXPECT_EQ(a.password, "p:w");
  internal::SplitUrl b =
      internal::SplitPassword("postgresql://u@h/db?password=x%20y&options=-c%20a%3Db");
  EXPECT_EQ(b.url, "postgresql://u@h/db?options=-c%20a%3Db");
  EXPECT_EQ(b.password, "x y");
  internal::SplitUrl c = internal::SplitPassword("postgresql://h/db");
  EXPECT_EQ(c.url, "postgresql://h/db");
  EXPECT_EQ(c.password, "");
  EXPECT_EQ(RedactUrl("postgresql://u:secret@h/db?password=x"), "postgresql://u:***@h/db");
  EXPECT_EQ(RedactUrl("cases.db"), "cases.db");
}

}  // namespace
}  // namespace palermo::store
