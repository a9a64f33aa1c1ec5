// SPDX-License-Identifier: AGPL-3.0-or-later
// Backup and restore (src/store/backup.h) on SQLite: the restore drill (a backup taken while
// another thread keeps committing cases restores to one consistent snapshot with every case,
// document and audit entry of it), and every way a backup must be refused.
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "server/server.h"
#include "store/backup.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::RunPalermo;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

const Actor kClerk{"amina", "police", "case_worker"};
const Actor kAdmin{"ops", "", "admin"};

CaseRecord MakeCase(const std::string& local_id) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = local_id;
  c.person.sex = Sex::kFemale;
  c.person.citizenship = "NGA";
  c.person.birth_year = 1998;
  c.person.identifiers.given_name = "Grâce";
  c.person.identifiers.family_name = "Okafor";
  c.person.identifiers.phones = {"+234 803 555 0101"};
  c.victim_status = VictimStatus::kActualVictim;
  c.forms = {"sexual"};
  c.country_of_exploitation = "FRA";
  c.notes = "passport taken on arrival";
  return c;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void WriteAll(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A document as server/pages_documents.cc stores one; returns its id.
int64_t AddDocument(Store& store, int64_t case_id, const std::string& name,
                    const std::string& bytes) {
  auto tx = *store.Begin(kClerk);
  EXPECT_TRUE(tx->Execute("INSERT INTO server_documents (case_id, media_type, size_bytes, "
                          "uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5)",
                          {case_id, std::string("application/pdf"),
                           static_cast<int64_t>(bytes.size()), std::string("amina"),
                           std::string("2026-12-07T12:00:00Z")})
                  .ok());
  const int64_t id = *tx->LastInsertId();
  const std::string sealed_name = *tx->Seal(name, "server_documents.name:" + std::to_string(id));
  const std::string sealed = *tx->Seal(bytes, "server_documents.content:" + std::to_string(id));
  EXPECT_TRUE(tx->Execute("UPDATE server_documents SET name_sealed = $1, content_sealed = $2 "
                          "WHERE id = $3",
                          {sealed_name, sealed, id})
                  .ok());
  EXPECT_TRUE(tx->Audit("upload_document", "case", std::to_string(case_id), "", "").ok());
  EXPECT_TRUE(tx->Commit().ok());
  return id;
}

// id -> decrypted bytes of every document.
std::map<int64_t, std::string> Documents(Store& store) {
  std::map<int64_t, std::string> out;
  auto tx = *store.BeginRead(kAdmin);
  auto rows = tx->Query("SELECT id, content_sealed FROM server_documents ORDER BY id");
  EXPECT_TRUE(rows.ok()) << rows.status();
  for (const SqlRow& row : *rows) {
    const int64_t id = std::get<int64_t>(row[0]);
    Result<std::string> bytes =
        tx->Open(std::get<std::string>(row[1]), "server_documents.content:" + std::to_string(id));
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    out[id] = bytes.ok() ? *bytes : "";
  }
  return out;
}

class BackupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server::RegisterMigrations(); }

  void SetUp() override {
    source_ = {.url = (dir_.path() / "cases.db").string(),
               .key_file = (dir_.path() / "cases.db.key").string()};
    PALERMO_ASSERT_OK(Store::Init(source_));
    auto store = Store::Open(source_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // A target database in the test directory, with the source's key.
  StoreOptions Target(const std::string& name) const {
    return {.url = (dir_.path() / name).string(), .key_file = source_.key_file};
  }

  void AddCases(int n, const std::string& prefix) {
    auto tx = *store_->Begin(kClerk);
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(tx->InsertCase(MakeCase(prefix + std::to_string(i)),
                                 "hash-" + prefix + std::to_string(i))
                      .ok());
    }
    PALERMO_ASSERT_OK(tx->Commit());
  }

  // A small source with a case, a document and a backup of it at `path`.
  BackupInfo SmallBackup(const std::filesystem::path& path) {
    AddCases(3, "s-");
    AddDocument(*store_, 1, "passport.pdf", std::string("%PDF\0\x01\xfe", 7));
    Result<BackupInfo> info = Backup(source_, path.string(), kAdmin, Lang::kEn);
    EXPECT_TRUE(info.ok()) << info.status();
    return info.ok() ? *info : BackupInfo{};
  }

  TempDir dir_;
  StoreOptions source_;
  std::unique_ptr<Store> store_;
};

TEST_F(BackupTest, RestoreDrillUnderConcurrentWritesGivesOneConsistentSnapshot) {
  AddCases(300, "p-");
  // Documents with every byte value, one of 3 MiB so the copy takes a moment.
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  AddDocument(*store_, 1, "scan.pdf", big);
  AddDocument(*store_, 2, "photo.jpg", std::string("\xff\xd8\xff\xe0\0\0JFIF", 10));
  {
    auto tx = *store_->BeginRead(kClerk);  // an audited read of identifiers
    ASSERT_TRUE(tx->GetCase(1, /*with_identifiers=*/true, "case review").ok());
    PALERMO_ASSERT_OK(tx->Commit());
  }

  // A writer that keeps committing one case per transaction during the backup.
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      auto tx = store_->Begin(kClerk);
      if (!tx.ok()) continue;
      if (!(*tx)->InsertCase(MakeCase("w-" + std::to_string(i)), "hash-w-" + std::to_string(i))
               .ok() ||
          !(*tx)->Commit().ok()) {
        ADD_FAILURE() << "concurrent insert failed";
        return;
      }
      committed.store(i + 1);
      // A web app's pace, not a tight loop: a writer that retakes SQLite's lock the instant it
      // commits starves another process's writer (the backup's audit entry) in its busy
      // handler, whatever that writer does (the store's own limit, not the backup's).
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  while (committed.load() < 20) std::this_thread::yield();
  const int before = committed.load();
  const std::filesystem::path file = dir_.path() / "drill.pbk";
  Result<BackupInfo> info = Backup(source_, file.string(), kAdmin, Lang::kEn);
  const int after_backup = committed.load();
  while (committed.load() < after_backup + 5) std::this_thread::yield();
  stop.store(true);
  writer.join();
  ASSERT_TRUE(info.ok()) << info.status();

  const StoreOptions target = Target("restored.db");
  Result<BackupInfo> restored = Restore(target, file.string(), kAdmin, Lang::kEn);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->audit_seq, info->audit_seq);
  auto copy = Store::Open(target);
  ASSERT_TRUE(copy.ok()) << copy.status();
  PALERMO_EXPECT_OK((*copy)->VerifyAudit());

  // Every case committed before the backup began, and the writer's cases form a prefix
  // w-0..w-(k-1): the snapshot is one moment of a sequence of commits.
  std::set<std::string> local_ids;
  int64_t restored_cases = 0;
  {
    auto tx = *(*copy)->BeginRead(kAdmin);
    auto cases = tx->ListCases("", false, "");
    ASSERT_TRUE(cases.ok()) << cases.status();
    for (const CaseRecord& c : *cases) local_ids.insert(c.local_id);
    restored_cases = static_cast<int64_t>(cases->size());
  }
  for (int i = 0; i < 300; ++i) EXPECT_TRUE(local_ids.count("p-" + std::to_string(i))) << i;
  int k = 0;
  while (local_ids.count("w-" + std::to_string(k))) ++k;
  EXPECT_GE(k, before);
  EXPECT_LE(k, after_backup);
  EXPECT_EQ(restored_cases, 300 + k) << "restored cases beyond the writer's prefix";
  std::cerr << "writer: " << before << " cases committed before the backup began, " << k
            << " in the snapshot, " << after_backup << " when it returned\n";

  // The restored audit log is the source's log up to the snapshot, entry for entry, then the
  // restore entry; each case has its insert entry (no case without its audit entry).
  const auto source_log = *store_->ReadAudit(1, info->audit_seq);
  const auto restored_log = *(*copy)->ReadAudit(1, info->audit_seq + 10);
  ASSERT_EQ(restored_log.size(), static_cast<size_t>(info->audit_seq) + 1);
  int64_t inserts = 0;
  for (int64_t i = 0; i < info->audit_seq; ++i) {
    EXPECT_EQ(restored_log[i].hash, source_log[i].hash) << "entry " << i + 1;
    if (restored_log[i].action == "insert_case") ++inserts;
  }
  EXPECT_EQ(inserts, restored_cases);
  EXPECT_EQ(restored_log.back().action, "restore");
  EXPECT_EQ(restored_log.back().user, "ops");
  // The source recorded the backup after its snapshot.
  const auto source_tail = *store_->ReadAudit(info->audit_seq + 1, 1000000);
  bool backup_entry = false;
  for (const AuditEntry& e : source_tail) {
    if (e.action == "backup") {
      backup_entry = true;
      EXPECT_THAT(e.detail, HasSubstr(std::to_string(info->bytes) + " bytes"));
      EXPECT_EQ(e.object_id, info->store_id);
    }
  }
  EXPECT_TRUE(backup_entry);

  // Documents: the same bytes under the same ids.
  EXPECT_EQ(Documents(**copy), Documents(*store_));
  EXPECT_EQ(Documents(**copy).at(1), big);
  // Identifiers decrypt with the same key.
  auto tx = *(*copy)->BeginRead(kAdmin);
  auto first = tx->GetCase(1, true, "restore drill");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->person.identifiers.family_name, "Okafor");
}

TEST_F(BackupTest, BackupFileIsPrivateEncryptedAndHoldsNoKey) {
  const std::filesystem::path file = dir_.path() / "b.pbk";
  const BackupInfo info = SmallBackup(file);
  struct stat st{};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(info.bytes, static_cast<int64_t>(st.st_size));
  const std::string bytes = ReadAll(file);
  EXPECT_TRUE(bytes.starts_with("PALERMOB"));
  EXPECT_EQ(bytes.find("SQLite format 3"), std::string::npos);
  EXPECT_EQ(bytes.find("CREATE TABLE"), std::string::npos);
  EXPECT_EQ(bytes.find(ReadAll(source_.key_file)), std::string::npos);
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().filename().string().starts_with("b.pbk")) ++files;
  }
  EXPECT_EQ(files, 1);
  // Never written over the database or its key.
  EXPECT_THAT(Backup(source_, source_.url, kAdmin, Lang::kEn),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("over the database")));
  EXPECT_THAT(Backup(source_, source_.key_file, kAdmin, Lang::kEn),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("over the database")));
  PALERMO_EXPECT_OK(store_->VerifyAudit());
  // The restored database is private too.
  const StoreOptions target = Target("r.db");
  PALERMO_ASSERT_OK(Restore(target, file.string(), kAdmin, Lang::kEn).status());
  ASSERT_EQ(::stat(target.url.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

// Every refused restore leaves no target file behind.
void ExpectNoTarget(const StoreOptions& target) {
  EXPECT_FALSE(std::filesystem::exists(target.url));
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(target.url).parent_path())) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(
        std::filesystem::path(target.url).filename().string()))
        << entry.path();
  }
}

TEST_F(BackupTest, EveryAlteredByteIsRefused) {
  const std::filesystem::path file = dir_.path() / "b.pbk";
  SmallBackup(file);
  const std::string good = ReadAll(file);
  // A byte in the header's fields, in the secretstream header, in a chunk, in the last tag.
  for (const size_t at : {size_t{20}, size_t{good.size() / 2}, good.size() - 1,
                          good.find("sqlite") + 1}) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    WriteAll(dir_.path() / "bad.pbk", bad);
    const StoreOptions target = Target("t.db");
    Result<BackupInfo> r = Restore(target, (dir_.path() / "bad.pbk").string(), kAdmin, Lang::kEn);
    EXPECT_FALSE(r.ok()) << "byte " << at;
    ExpectNoTarget(target);
  }
  std::string bad = good;
  bad[good.size() / 2] ^= 0x40;
  WriteAll(dir_.path() / "bad.pbk", bad);
  EXPECT_THAT(Restore(Target("t.db"), (dir_.path() / "bad.pbk").string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("altered")));
}

TEST_F(BackupTest, TruncatedOrExtendedFileIsRefused) {
  const std::filesystem::path file = dir_.path() / "b.pbk";
  SmallBackup(file);
  const std::string good = ReadAll(file);
  for (const size_t keep : {good.size() - 1, good.size() - 17, good.size() / 2, size_t{60}}) {
    WriteAll(dir_.path() / "cut.pbk", good.substr(0, keep));
    const StoreOptions target = Target("t.db");
    EXPECT_THAT(Restore(target, (dir_.path() / "cut.pbk").string(), kAdmin, Lang::kEn),
                StatusIs(StatusCode::kDataLoss, HasSubstr("damaged")))
        << keep;
    ExpectNoTarget(target);
  }
  // A whole chunk boundary: everything up to the last chunk, which carries the final tag.
  WriteAll(dir_.path() / "more.pbk", good + "x");
  EXPECT_THAT(Restore(Target("t.db"), (dir_.path() / "more.pbk").string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("follow its last block")));
  ExpectNoTarget(Target("t.db"));
  WriteAll(dir_.path() / "other.pbk", "SQLite format 3\0 not a backup");
  EXPECT_THAT(Restore(Target("t.db"), (dir_.path() / "other.pbk").string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("not a Palermo backup")));
}

// Dropping whole chunks (the file then ends exactly where a chunk does) is refused too: only
// the last chunk carries the final tag.
TEST_F(BackupTest, FileCutAtAChunkBoundaryIsRefused) {
  AddCases(2, "s-");
  std::string noise(3 << 20, '\0');  // sealed, so incompressible: several 1 MiB chunks
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>(i * 2654435761u >> 13);
  AddDocument(*store_, 1, "scan.pdf", noise);
  const std::filesystem::path file = dir_.path() / "big.pbk";
  ASSERT_TRUE(Backup(source_, file.string(), kAdmin, Lang::kEn).ok());
  const std::string good = ReadAll(file);
  auto u32 = [&](size_t at) {
    return static_cast<size_t>(static_cast<unsigned char>(good[at])) |
           static_cast<size_t>(static_cast<unsigned char>(good[at + 1])) << 8 |
           static_cast<size_t>(static_cast<unsigned char>(good[at + 2])) << 16 |
           static_cast<size_t>(static_cast<unsigned char>(good[at + 3])) << 24;
  };
  size_t at = 8 + 1 + 4 + u32(9) + 24;  // magic, version, fields, secretstream header
  std::vector<size_t> boundaries;
  while (at < good.size()) {
    at += 4 + u32(at);
    boundaries.push_back(at);
  }
  ASSERT_EQ(boundaries.back(), good.size());
  ASSERT_GE(boundaries.size(), 3u);
  for (size_t b = 0; b + 1 < boundaries.size(); ++b) {
    WriteAll(dir_.path() / "cut.pbk", good.substr(0, boundaries[b]));
    const StoreOptions target = Target("t.db");
    EXPECT_THAT(Restore(target, (dir_.path() / "cut.pbk").string(), kAdmin, Lang::kEn),
                StatusIs(StatusCode::kDataLoss, HasSubstr("truncated")))
        << "cut after chunk " << b;
    ExpectNoTarget(target);
  }
  PALERMO_EXPECT_OK(Restore(Target("whole.db"), file.string(), kAdmin, Lang::kEn).status());
}

TEST_F(BackupTest, WrongKeyIsRefusedBeforeAnythingIsWritten) {
  const std::filesystem::path file = dir_.path() / "b.pbk";
  SmallBackup(file);
  // Another database's key.
  const StoreOptions other{.url = (dir_.path() / "other.db").string(),
                           .key_file = (dir_.path() / "other.key").string()};
  PALERMO_ASSERT_OK(Store::Init(other));
  StoreOptions target = Target("t.db");
  target.key_file = other.key_file;
  EXPECT_THAT(Restore(target, file.string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("not the key")));
  ExpectNoTarget(target);
  // The key before a rotation opens the backups made before it, not the new key.
  const std::string old_key = ReadAll(source_.key_file);
  PALERMO_ASSERT_OK(store_->RotateKey());
  EXPECT_THAT(Restore(Target("t.db"), file.string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("older key file")));
  WriteAll(dir_.path() / "old.key", old_key);
  std::filesystem::permissions(dir_.path() / "old.key", std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_write);
  target.key_file = (dir_.path() / "old.key").string();
  PALERMO_EXPECT_OK(Restore(target, file.string(), kAdmin, Lang::kEn).status());
}

TEST_F(BackupTest, NonEmptyTargetIsRefusedAndUnchanged) {
  const std::filesystem::path file = dir_.path() / "b.pbk";
  SmallBackup(file);
  // The source itself, and a freshly initialised database.
  const AuditEntry head = *store_->AuditHead();
  EXPECT_THAT(Restore(source_, file.string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not empty")));
  EXPECT_EQ(store_->AuditHead()->seq, head.seq);
  EXPECT_THAT(Restore(source_, file.string(), kAdmin, Lang::kFr),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("n’est pas vide")));
  // An empty file is an empty database.
  const StoreOptions target = Target("empty.db");
  WriteAll(target.url, "");
  PALERMO_EXPECT_OK(Restore(target, file.string(), kAdmin, Lang::kEn).status());
  auto copy = Store::Open(target);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(*(*(*copy)->BeginRead(kAdmin))->CountCases(), 3);
}

TEST_F(BackupTest, BrokenAuditChainIsRefusedOnRestore) {
  AddCases(3, "s-");
  // Someone with database access rewrites an audit entry before the backup.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(source_.url.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE audit_log SET user_name = 'nobody' WHERE seq = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const std::filesystem::path file = dir_.path() / "b.pbk";
  PALERMO_ASSERT_OK(Backup(source_, file.string(), kAdmin, Lang::kEn).status());
  const StoreOptions target = Target("t.db");
  EXPECT_THAT(Restore(target, file.string(), kAdmin, Lang::kEn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 2 does not match")));
  ExpectNoTarget(target);
}

TEST_F(BackupTest, CommandLineInBothLanguages) {
  const std::filesystem::path file = dir_.path() / "cli.pbk";
  AddCases(2, "c-");
  store_.reset();
  testing::CommandResult made = RunPalermo(
      {"--db", source_.url, "--key", source_.key_file, "backup", "--out", file.string()},
      {"LANG=en_GB.UTF-8"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_THAT(made.out, HasSubstr("Backup written to"));
  testing::CommandResult refused =
      RunPalermo({"--db", source_.url, "--key", source_.key_file, "restore", file.string()},
                 {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(refused.exit_code, 6);
  EXPECT_THAT(refused.err, HasSubstr("n’est pas vide"));
  const std::string target = (dir_.path() / "new.db").string();
  testing::CommandResult restored = RunPalermo(
      {"--db", target, "--key", source_.key_file, "restore", file.string()}, {"LANG=fr_FR.UTF-8"});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_THAT(restored.out, HasSubstr("journal d’audit vérifié"));
  testing::CommandResult verified = RunPalermo(
      {"--db", target, "--key", source_.key_file, "audit", "verify"}, {"LANG=en_GB.UTF-8"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  std::string bad = ReadAll(file);
  bad[bad.size() / 2] ^= 1;
  WriteAll(file, bad);
  testing::CommandResult tampered = RunPalermo(
      {"--db", (dir_.path() / "t2.db").string(), "--key", source_.key_file, "restore",
       file.string()},
      {"LANG=en_GB.UTF-8"});
  EXPECT_EQ(tampered.exit_code, 7);
  EXPECT_THAT(tampered.err, HasSubstr("damaged or was altered"));
}

}  // namespace
}  // namespace palermo::store
