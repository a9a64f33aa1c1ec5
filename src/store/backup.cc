// SPDX-License-Identifier: AGPL-3.0-or-later
// Backup and Restore (backup.h): the snapshot, the temporary files and their renames, the
// checks of a restored database, the audit entries. The file format is backup_format.cc; the
// PostgreSQL tools are driven from backup_pg.cc.
#include "store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "store/audit_chain.h"
#include "store/backup_format.h"
#include "store/backup_pg.h"
#include "store/sql_store_impl.h"

namespace palermo::store {
namespace internal {
namespace {

constexpr Msg kNoKey{
    "key file {key} not found: give the key file of the database that was backed up (--key)",
    "fichier de clé {key} introuvable : indiquez le fichier de clé de la base sauvegardée "
    "(--key)"};
constexpr Msg kCannotOpen{"cannot open the backup {path}: {why}",
                          "impossible d’ouvrir la sauvegarde {path} : {why}"};
constexpr Msg kWrongKey{
    "the key file {key} is not the key this backup was made under; nothing was restored (after "
    "`palermo key rotate`, older backups need the older key file)",
    "le fichier de clé {key} n’est pas la clé sous laquelle cette sauvegarde a été faite ; rien "
    "n’a été restauré (après `palermo key rotate`, les sauvegardes antérieures demandent "
    "l’ancien fichier de clé)"};
constexpr Msg kOtherEngine{
    "this is a {engine} backup: it can only be restored into a {engine} database",
    "cette sauvegarde vient de {engine} : elle ne peut être restaurée que dans une base "
    "{engine}"};
constexpr Msg kNotEmpty{
    "the target database {db} is not empty; restore writes only into an empty database (a new "
    "file, or an empty PostgreSQL database) and nothing was changed",
    "la base cible {db} n’est pas vide ; la restauration n’écrit que dans une base vide (un "
    "nouveau fichier, ou une base PostgreSQL vide) et rien n’a été modifié"};
constexpr Msg kChainBroken{
    "the restored audit log does not verify ({what}); nothing was restored",
    "le journal d’audit restauré ne se vérifie pas ({what}) ; rien n’a été restauré"};
constexpr Msg kHeadMismatch{
    "the restored audit log ends at entry {seq}, not at the entry {want} the backup recorded; "
    "nothing was restored",
    "le journal d’audit restauré s’arrête à l’entrée {seq}, pas à l’entrée {want} enregistrée "
    "dans la sauvegarde ; rien n’a été restauré"};
constexpr Msg kOutIsOwn{
    "the backup cannot be written over the database or its key file: choose another --out",
    "la sauvegarde ne peut pas remplacer la base ni son fichier de clé : choisissez un autre "
    "--out"};
constexpr Msg kOtherStore{
    "the restored database is not the one the backup names; nothing was restored",
    "la base restaurée n’est pas celle que nomme la sauvegarde ; rien n’a été restauré"};

// A file created with mode 0600 beside `beside` ("<beside>.tmp-XXXXXX"), removed (with any
// SQLite companion files) when this goes unless Keep() was called.
class TempFile {
 public:
  static Result<TempFile> Beside(const std::string& beside) {
    std::string path = beside + ".tmp-XXXXXX";
    const int fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0) {
      return Status::Unavailable("cannot create a temporary file beside " + beside + ": " +
                                 std::strerror(errno));
    }
    ::fchmod(fd, 0600);
    return TempFile(std::move(path), fd);
  }
  TempFile(TempFile&& other) noexcept
      : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)),
        keep_(std::exchange(other.keep_, true)) {}
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    Close();
    if (keep_) return;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((path_ + suffix).c_str());
  }
  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }
  Status Sync() {
    if (::fsync(fd_) != 0) return Status::Unavailable("cannot flush " + path_);
    return Status::Ok();
  }
  void Keep() { keep_ = true; }

 private:
  TempFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
  bool keep_ = false;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status FromSqlite(sqlite3* db, int rc, std::string_view what) {
  return Status::Unavailable(std::string(what) + ": " +
                             (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

// One value of the first row of `sql` on `db`, as text; empty if there is no row.
std::string QueryText(sqlite3* db, const char* sql, int column = 0) {
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    if (text) out = text;
  }
  sqlite3_finalize(stmt);
  return out;
}

// Copies the SQLite database `source` into the file `dest` with the online backup API, in one
// step: one read transaction on the source, so the copy is the database as of one commit
// while other connections keep writing (WAL). Fills the header's facts from the copy.
Status SnapshotSqlite(const std::string& source, const std::string& dest, int busy_timeout_ms,
                      BackupHeader& header) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  struct Close {
    sqlite3*& a;
    sqlite3*& b;
    ~Close() {
      sqlite3_close_v2(a);
      sqlite3_close_v2(b);
    }
  } close{src, dst};
  int rc = sqlite3_open_v2(source.c_str(), &src, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(src, rc, "cannot open the database " + source);
  sqlite3_busy_timeout(src, busy_timeout_ms);
  rc = sqlite3_open_v2(dest.c_str(), &dst, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(dst, rc, "cannot open the snapshot file");
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  if (!backup) return FromSqlite(dst, SQLITE_ERROR, "cannot start the SQLite backup");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  while (true) {
    rc = sqlite3_backup_step(backup, -1);
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
        std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    break;
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return FromSqlite(nullptr, rc, "the SQLite backup failed");
  if (finished != SQLITE_OK) return FromSqlite(dst, finished, "the SQLite backup failed");
  header.store_id = QueryText(dst, "SELECT value FROM meta WHERE name = 'store_id'");
  header.audit_seq = std::stoll("0" + QueryText(dst, "SELECT seq FROM audit_head WHERE id = 1"));
  header.audit_hash = QueryText(dst, "SELECT hash FROM audit_head WHERE id = 1");
  return Status::Ok();
}

// Streams the file at `path` into `writer`.
Status CopyFileInto(const std::string& path, BackupWriter& writer) {
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Status::Unavailable("cannot read the snapshot " + path);
  std::string buffer(kChunkBytes, '\0');
  while (true) {
    const ssize_t r = ::read(in.get(), buffer.data(), buffer.size());
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Status::Unavailable("cannot read the snapshot " + path);
    if (r == 0) return Status::Ok();
    PALERMO_RETURN_IF_ERROR(writer.Write(std::string_view(buffer.data(), static_cast<size_t>(r))));
  }
}

// True when the SQLite target at `path` may be restored into: absent, or an empty file with
// no write-ahead log beside it.
bool SqliteTargetEmpty(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) return false;
  struct stat wal{};
  if (::stat((path + "-wal").c_str(), &wal) == 0 && wal.st_size > 0) return false;
  return true;
}

// Checks the restored database `verify` opens against `header` and appends the restore entry.
// Returns a status in `lang`.
Status VerifyRestored(const StoreOptions& verify, const BackupHeader& header, const Actor& actor,
                      Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(verify));
  if (Status verified = store->VerifyAudit(); !verified.ok()) {
    if (verified.code() != StatusCode::kDataLoss) return verified;
    return Status::DataLoss(Format(kChainBroken, lang, {{"what", verified.message()}}));
  }
  PALERMO_ASSIGN_OR_RETURN(AuditEntry head, store->AuditHead());
  if (head.seq != header.audit_seq || head.hash != header.audit_hash) {
    return Status::DataLoss(
        Format(kHeadMismatch, lang, {{"seq", head.seq}, {"want", header.audit_seq}}));
  }
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store->Begin(actor));
  PALERMO_ASSIGN_OR_RETURN(std::string store_id, tx->StoreId());
  if (store_id != header.store_id) return Status::DataLoss(Format(kOtherStore, lang));
  PALERMO_RETURN_IF_ERROR(tx->Audit("restore", "store", store_id, "",
                                    "engine " + header.engine + "; backup taken " +
                                        header.created_at + "; audit head " +
                                        std::to_string(header.audit_seq)));
  return tx->Commit();
}

Status RestoreSqlite(const StoreOptions& options, const std::string& target, int in_fd,
                     const BackupKey& key, const BackupHeader& header, std::string_view raw,
                     const Actor& actor, Lang lang) {
  const Status not_empty =
      Status::FailedPrecondition(Format(kNotEmpty, lang, {{"db", target}}));
  if (!SqliteTargetEmpty(target)) return not_empty;
  PALERMO_ASSIGN_OR_RETURN(TempFile temp, TempFile::Beside(target));
  PALERMO_RETURN_IF_ERROR(ReadBackupBody(
      in_fd, key, raw, [&](std::string_view bytes) { return WriteAll(temp.fd(), bytes); }, lang));
  PALERMO_RETURN_IF_ERROR(temp.Sync());
  temp.Close();
  StoreOptions verify = options;
  verify.url = temp.path();
  PALERMO_RETURN_IF_ERROR(VerifyRestored(verify, header, actor, lang));
  {
    // Every store connection is closed: fold the log into the file before it moves.
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(temp.path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
      sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    sqlite3_close_v2(db);
  }
  if (FileExists(temp.path() + "-wal")) {
    return Status::Unavailable("the restored database's write-ahead log could not be folded in");
  }
  // link() refuses an existing name, so a file created meanwhile is never replaced; an empty
  // target file is replaced by rename.
  if (::link(temp.path().c_str(), target.c_str()) != 0) {
    if (errno != EEXIST || !SqliteTargetEmpty(target)) {
      return errno == EEXIST ? not_empty
                             : Status::Unavailable("cannot create " + target + ": " +
                                                   std::strerror(errno));
    }
    if (std::rename(temp.path().c_str(), target.c_str()) != 0) {
      return Status::Unavailable("cannot move the restored database to " + target);
    }
    temp.Keep();
  }
  return SyncParentDir(target);
}

}  // namespace
}  // namespace internal


Result<BackupInfo> Backup(const StoreOptions& options, const std::string& out_path,
                          const Actor& actor, Lang lang) {
  using namespace internal;
  PALERMO_ASSIGN_OR_RETURN(Backend backend, ParseUrl(options));
  {
    std::error_code ec;
    const auto out = std::filesystem::weakly_canonical(out_path, ec);
    for (const std::string& own : {backend.postgres ? std::string() : backend.target,
                                   options.key_file}) {
      if (!own.empty() && (out == std::filesystem::weakly_canonical(own, ec) ||
                           out == std::filesystem::weakly_canonical(own + "-wal", ec))) {
        return Status::InvalidArgument(Format(kOutIsOwn, lang));
      }
    }
  }
  // Opening checks that the key opens the database (and finishes an interrupted rotation).
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Keys> keys, LoadKeyFile(options.key_file));
  const BackupKey key(*keys);
  keys.reset();

  BackupHeader header;
  header.engine = std::string(store->engine());
  header.created_at = NowIso8601();
  header.key_check = key.Check();
  PALERMO_ASSIGN_OR_RETURN(TempFile out, TempFile::Beside(out_path));
  if (!backend.postgres) {
    PALERMO_ASSIGN_OR_RETURN(TempFile snapshot, TempFile::Beside(out_path));
    snapshot.Close();
    PALERMO_RETURN_IF_ERROR(
        SnapshotSqlite(backend.target, snapshot.path(), options.busy_timeout_ms, header));
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<BackupWriter> writer,
                             BackupWriter::Start(out.fd(), key, header, lang));
    PALERMO_RETURN_IF_ERROR(CopyFileInto(snapshot.path(), *writer));
    PALERMO_RETURN_IF_ERROR(writer->Finish());
  } else {
    PALERMO_RETURN_IF_ERROR(DumpPostgres(*store, backend.target, out.fd(), key, header, lang));
  }
  PALERMO_RETURN_IF_ERROR(out.Sync());
  struct stat st{};
  ::fstat(out.fd(), &st);
  out.Close();
  if (std::rename(out.path().c_str(), out_path.c_str()) != 0) {
    return Status::Unavailable("cannot write the backup " + out_path + ": " + std::strerror(errno));
  }
  out.Keep();
  PALERMO_RETURN_IF_ERROR(SyncParentDir(out_path));

  BackupInfo info{header.engine,     header.store_id,   header.created_at,
                  header.audit_seq,  header.audit_hash, static_cast<int64_t>(st.st_size)};
  Status audited = [&]() -> Status {
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store->Begin(actor));
    PALERMO_RETURN_IF_ERROR(tx->Audit("backup", "store", header.store_id, "",
                                      "engine " + header.engine + "; " +
                                          std::to_string(info.bytes) + " bytes; audit head " +
                                          std::to_string(header.audit_seq)));
    return tx->Commit();
  }();
  if (!audited.ok()) {
    // An unaudited backup is not left behind.
    ::unlink(out_path.c_str());
    return audited;
  }
  return info;
}

Result<BackupInfo> Restore(const StoreOptions& options, const std::string& in_path,
                           const Actor& actor, Lang lang) {
  using namespace internal;
  PALERMO_ASSIGN_OR_RETURN(Backend backend, ParseUrl(options));
  if (!FileExists(options.key_file)) {
    return Status::FailedPrecondition(Format(kNoKey, lang, {{"key", options.key_file}}));
  }
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Keys> keys, LoadKeyFile(options.key_file));
  const BackupKey key(*keys);
  keys.reset();
  Fd in(::open(in_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    const std::string why = std::strerror(errno);
    return Status::NotFound(Format(kCannotOpen, lang, {{"path", in_path}, {"why", why}}));
  }
  std::string raw;
  PALERMO_ASSIGN_OR_RETURN(BackupHeader header, ReadBackupHeader(in.get(), raw, lang));
  if (header.key_check != key.Check()) {
    return Status::Unauthenticated(Format(kWrongKey, lang, {{"key", options.key_file}}));
  }
  const std::string_view target_engine = backend.postgres ? "postgresql" : "sqlite";
  if (header.engine != target_engine) {
    return Status::FailedPrecondition(Format(kOtherEngine, lang, {{"engine", header.engine}}));
  }
  BackupInfo info{header.engine,    header.store_id,   header.created_at,
                  header.audit_seq, header.audit_hash, 0};
  struct stat st{};
  if (::fstat(in.get(), &st) == 0) info.bytes = st.st_size;
  if (!backend.postgres) {
    PALERMO_RETURN_IF_ERROR(
        RestoreSqlite(options, backend.target, in.get(), key, header, raw, actor, lang));
    return info;
  }
  const Status not_empty =
      Status::FailedPrecondition(Format(kNotEmpty, lang, {{"db", RedactUrl(backend.target)}}));
  PALERMO_RETURN_IF_ERROR(RestorePostgres(
      backend.target, in.get(), key, header, raw, not_empty,
      [&]() { return VerifyRestored(options, header, actor, lang); }, lang));
  return info;
}

}  // namespace palermo::store
