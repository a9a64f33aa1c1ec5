// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite engine: one file, WAL, foreign keys on, prepared statements cached per connection.
//
// synchronous=FULL: in WAL mode this fsyncs the WAL once per COMMIT (not per row), so a
// committed case survives a power cut, not only a process crash. Imports commit batches of
// thousands of rows, which makes the one fsync per batch negligible; with NORMAL the last
// commits before a power cut could be lost, which a case worker who pressed "save" would not
// expect.
//
// Checkpoints (copying committed WAL frames into the database file) run on a thread and
// connection of their own (WalCheckpointer), not inside the COMMIT that crosses SQLite's
// wal_autocheckpoint: an import's batches crossed it at every commit, and the copy and its
// fsync were a tenth of the import's writing thread.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "store/connection.h"
#include "store/fault_injection.h"
#include "store/portable_sql.h"

namespace palermo::store::internal {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

Status FromSqlite(int rc, sqlite3* db) {
  const std::string message =
      std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::AlreadyExists(message);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status::FailedPrecondition(message);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(message + " (another writer holds the database)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(message);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Status::Unavailable(message);
    case SQLITE_CONSTRAINT:
      return Status::InvalidArgument(message);
    default:
      return Status::Internal(message);
  }
}

// Checkpoints one database file of this process in the background: the connections to that
// file wake it from their WAL hook (SQLite calls it after every commit with the WAL's size)
// once kWakeBytes of frames are in the WAL, and it runs PASSIVE checkpoints, which never wait
// for and never block readers or the writer, on its own connection. Committed frames stay in
// the WAL until copied, and SQLite reads them from there, so no commit can be lost whatever
// the checkpointer is doing (a crash leaves them in the WAL, which the next open replays).
//
// A PASSIVE checkpoint cannot make SQLite start the WAL again from its beginning: only a write
// transaction that begins while every frame is already copied does that. An import begins its
// next batch right after each commit, so the WAL would grow for the whole import; past
// kMaxWalBytes the committing thread therefore waits, once, for the checkpointer to copy what
// it has just committed, and its next transaction then restarts the WAL (journal_size_limit
// truncates the file back). When the WAL is fully copied and no writer is busy, a TRUNCATE
// checkpoint (which gives up at once rather than wait for a lock) empties it.
//
// One per database file per process (ForPath), shared by that file's connections; the last one
// to close stops its thread (RAII). Other processes checkpoint for themselves.
class WalCheckpointer {
 public:
  // 16 MiB: a checkpoint pass per import batch, or per few hundred web requests.
  static constexpr int64_t kWakeBytes = int64_t{16} << 20;
  // 512 MiB: the most WAL an import leaves behind it before its writer waits for a checkpoint
  // (measured at 256 MiB, 512 MiB and 1 GiB: the smaller, the more often it waits; the larger,
  // the more CPU the writing thread spent, in a WAL file that keeps growing).
  static constexpr int64_t kMaxWalBytes = int64_t{512} << 20;

  // The checkpointer of the database file `path`, started on first use; nullptr when it cannot
  // have one (no connection of its own could be opened: SQLite's automatic checkpoint is then
  // kept).
  static std::shared_ptr<WalCheckpointer> ForPath(const std::string& path) {
    if (path.empty() || path == ":memory:") return nullptr;
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(path, ec).string();
    if (ec || key.empty()) key = path;
    static std::mutex registry_mu;
    static std::map<std::string, std::weak_ptr<WalCheckpointer>> registry;
    std::lock_guard lock(registry_mu);
    std::erase_if(registry, [&](const auto& entry) { return entry.second.expired(); });
    if (auto it = registry.find(key); it != registry.end()) {
      if (std::shared_ptr<WalCheckpointer> existing = it->second.lock()) return existing;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA synchronous=FULL; PRAGMA journal_size_limit=67108864;", nullptr,
                     nullptr, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db);
      return nullptr;
    }
    auto checkpointer = std::make_shared<WalCheckpointer>(PassKey{}, db, PageSize(db));
    registry[key] = checkpointer;
    return checkpointer;
  }

  struct PassKey {};  // only ForPath constructs one
  // The WAL hook counts frames, one page each: the byte limits become frame counts.
  WalCheckpointer(PassKey, sqlite3* db, int page_size)
      : db_(db),
        wake_frames_(static_cast<int>(kWakeBytes / page_size)),
        max_wal_frames_(static_cast<int>(kMaxWalBytes / page_size)),
        thread_([this] { Run(); }) {}

  ~WalCheckpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
    // The last connection of the process to this file: closing it checkpoints and removes the
    // WAL if no other process has the file open.
    sqlite3_close_v2(db_);
  }
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // sqlite3_wal_hook's callback; `context` is the WalCheckpointer. Runs on the committing
  // thread after the commit, with no lock of the database held.
  static int OnCommit(void* context, sqlite3*, const char*, int wal_frames) {
    static_cast<WalCheckpointer*>(context)->Committed(wal_frames);
    return SQLITE_OK;
  }

 private:
  void Committed(int wal_frames) {
    if (wal_frames < wake_frames_) return;
    std::unique_lock lock(mu_);
    const uint64_t pass = ++requested_;
    wake_.notify_one();
    if (wal_frames < max_wal_frames_) return;
    // Wait for a pass that starts after this commit. Bounded: a pass never waits for a lock.
    passed_.wait(lock, [&] { return stop_ || finished_ >= pass; });
  }

  void Run() {
    std::unique_lock lock(mu_);
    while (true) {
      wake_.wait(lock, [this] { return stop_ || requested_ > finished_; });
      if (stop_) return;
      const uint64_t pass = requested_;
      lock.unlock();
      int wal_frames = 0;
      int copied = 0;
      const int rc =
          sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied);
      if (rc == SQLITE_OK && wal_frames > 0 && copied == wal_frames) {
        // Everything is in the database file: empty the WAL if no transaction is using it.
        // Without a busy handler this gives up (SQLITE_BUSY) instead of waiting for the writer.
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
      }
      lock.lock();
      finished_ = pass;
      passed_.notify_all();
    }
  }

  // The database's page size (PRAGMA page_size), 4096 if it cannot be read.
  static int PageSize(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    int page_size = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      page_size = sqlite3_column_int(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return page_size >= 512 ? page_size : 4096;
  }

  sqlite3* const db_;         // the checkpointer's own connection, used by its thread only
  const int wake_frames_;     // commits that leave fewer frames in the WAL do not wake it
  const int max_wal_frames_;  // past this many, the committing thread waits for a pass
  std::mutex mu_;
  std::condition_variable wake_;    // a pass was requested, or stop
  std::condition_variable passed_;  // a pass finished
  uint64_t requested_ = 0;          // guarded by mu_: passes requested so far
  uint64_t finished_ = 0;           // guarded by mu_: the newest request a finished pass covered
  bool stop_ = false;               // guarded by mu_
  std::thread thread_;              // last: starts once everything above is constructed
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    if (in_tx_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db_);
    // checkpointer_ goes after the connection: its hook can no longer be called.
  }

  // Hands this connection's checkpoints to `checkpointer` (see WalCheckpointer).
  void UseCheckpointer(std::shared_ptr<WalCheckpointer> checkpointer) {
    checkpointer_ = std::move(checkpointer);
    sqlite3_wal_hook(db_, &WalCheckpointer::OnCommit, checkpointer_.get());
  }

  std::string_view engine() const override { return "sqlite"; }
  bool broken() const override { return broken_; }

  // In a read transaction a statement that would write is refused before it runs
  // (kFailedPrecondition) instead of silently upgrading to a write lock. (Not PRAGMA
  // query_only: setting a flag pragma expires every prepared statement of the connection.)
  Status Begin(TxMode mode) override {
    const bool read = mode == TxMode::kRead;
    if (mode == TxMode::kMigrate) {
      // Only outside a transaction; a flag pragma, so not through the statement cache.
      PALERMO_RETURN_IF_ERROR(Execute("PRAGMA foreign_keys=OFF", {}, false).status());
      migrating_ = true;
    }
    Status status = Run(read ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    if (!status.ok()) {
      EndMigration().IgnoreError();
      return status;
    }
    in_tx_ = true;
    read_only_ = read;
    return Status::Ok();
  }

  Status Commit() override {
    // The fault injection seam (fault_injection.h) counts the commit of a writing transaction.
    Status status = read_only_ ? Status::Ok() : CountWrite();
    if (status.ok()) status = Run("COMMIT");
    if (!status.ok()) {
      Rollback();
      return status;
    }
    in_tx_ = false;
    read_only_ = false;
    return EndMigration();
  }

  bool in_process() const override { return true; }
  bool single_writer() const override { return true; }
  Result<int64_t> ForeignKeyViolations() override {
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> orphans,
                             Query("PRAGMA foreign_key_check", {}, false));
    return static_cast<int64_t>(orphans.size());
  }

  // PRAGMA synchronous only changes the pager's sync flags; unlike flag pragmas it is not
  // documented to expire prepared statements (not measured here). A WAL commit under NORMAL
  // is atomic and survives a process crash; the next FULL commit fsyncs the WAL, which holds
  // its frames too (or a checkpoint already synced them into the database file).
  Status SetDurable(bool durable) override {
    if (durable == durable_) return Status::Ok();
    Status status = Run(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (status.ok()) {
      durable_ = durable;
    } else if (durable) {
      broken_ = true;  // never pool a connection left under NORMAL
    }
    return status;
  }
  bool durable() const override { return durable_; }

  void Rollback() override {
    if (!in_tx_) return;
    // Reset statements first: an unfinished read would otherwise keep the rollback pending.
    for (auto& [sql, stmt] : cache_) sqlite3_reset(stmt);
    Run("ROLLBACK").IgnoreError();
    in_tx_ = false;
    read_only_ = false;
    EndMigration().IgnoreError();
  }

  // After a kMigrate transaction: foreign keys on again (Begin switched them off).
  Status EndMigration() {
    if (!migrating_) return Status::Ok();
    migrating_ = false;
    return Execute("PRAGMA foreign_keys=ON", {}, false).status();
  }

  // Runs a statement without parameters or rows through the statement cache: the transaction
  // statements run several times per web request, and parsing them each time showed in
  // profiles.
  Status Run(std::string_view sql) {
    PALERMO_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql, {}, /*cache=*/true));
    const int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
      return FromSqlite(sqlite3_extended_errcode(db_), db_);
    return Status::Ok();
  }

  Result<int64_t> Execute(std::string_view sql, std::span<const Param> params,
                          bool cache) override {
    PALERMO_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql, params, cache));
    PALERMO_RETURN_IF_ERROR(CountIfWrite(sql, stmt.get()));
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return FromSqlite(sqlite3_extended_errcode(db_), db_);
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const Param> params,
                                    bool cache) override {
    PALERMO_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql, params, cache));
    PALERMO_RETURN_IF_ERROR(CountIfWrite(sql, stmt.get()));
    std::vector<SqlRow> rows;
    const int columns = sqlite3_column_count(stmt.get());
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      SqlRow& row = rows.emplace_back();
      row.reserve(columns);
      for (int i = 0; i < columns; ++i) {
        switch (sqlite3_column_type(stmt.get(), i)) {
          case SQLITE_INTEGER:
            row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt.get(), i)));
            break;
          case SQLITE_FLOAT:
            row.emplace_back(sqlite3_column_double(stmt.get(), i));
            break;
          case SQLITE_NULL:
            row.emplace_back(std::monostate{});
            break;
          case SQLITE_BLOB: {
            const void* data = sqlite3_column_blob(stmt.get(), i);
            const int size = sqlite3_column_bytes(stmt.get(), i);
            row.emplace_back(std::string(static_cast<const char*>(data), size));
            break;
          }
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), i));
            const int size = sqlite3_column_bytes(stmt.get(), i);
            row.emplace_back(std::string(text ? text : "", size));
          }
        }
      }
    }
    if (rc != SQLITE_DONE) return FromSqlite(sqlite3_extended_errcode(db_), db_);
    return rows;
  }

  Result<int64_t> LastInsertId() override { return sqlite3_last_insert_rowid(db_); }

 private:
  // A prepared statement in use: reset (and finalised if uncached) when it goes.
  class Statement {
   public:
    Statement(sqlite3_stmt* stmt, bool owned) : stmt_(stmt), owned_(owned) {}
    Statement(Statement&& other) noexcept : stmt_(other.stmt_), owned_(other.owned_) {
      other.stmt_ = nullptr;
    }
    Statement& operator=(Statement&&) = delete;
    ~Statement() {
      if (!stmt_) return;
      if (owned_) {
        sqlite3_finalize(stmt_);
      } else {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
      }
    }
    sqlite3_stmt* get() const { return stmt_; }

   private:
    sqlite3_stmt* stmt_;
    bool owned_;
  };

  // The fault injection seam (fault_injection.h): a statement that changes the database is a
  // write; PRAGMAs (connection settings) are not.
  static Status CountIfWrite(std::string_view sql, sqlite3_stmt* stmt) {
    if (!g_write_faults_on.load(std::memory_order_relaxed)) return Status::Ok();
    if (sqlite3_stmt_readonly(stmt) || sql.starts_with("PRAGMA")) return Status::Ok();
    return CountWriteSlow();
  }

  Result<Statement> Prepare(std::string_view sql, std::span<const Param> params, bool cache) {
    sqlite3_stmt* stmt = nullptr;
    bool owned = !cache;
    if (cache) {
      if (auto it = cache_.find(sql); it != cache_.end()) stmt = it->second;
    }
    if (!stmt) {
      const std::string translated = Translate(sql, Dialect::kSqlite);
      const int rc =
          sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()),
                             cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
      if (rc != SQLITE_OK) return FromSqlite(rc, db_);
      if (cache) cache_.emplace(std::string(sql), stmt);
    }
    Statement statement(stmt, owned);
    if (read_only_ && !sqlite3_stmt_readonly(stmt)) {
      return Status::FailedPrecondition("sqlite: a write in a read-only transaction");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              rc = sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              rc = sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              rc = sqlite3_bind_double(stmt, index, v);
            } else if constexpr (std::is_same_v<T, std::string_view>) {
              rc = sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
            } else {
              rc = sqlite3_bind_blob64(stmt, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return FromSqlite(rc, db_);
    }
    return statement;
  }

  std::shared_ptr<WalCheckpointer> checkpointer_;  // before db_: outlives the connection
  sqlite3* db_;
  bool in_tx_ = false;
  bool migrating_ = false;  // in a TxMode::kMigrate transaction: foreign keys are off
  bool broken_ = false;     // synchronous=FULL could not be restored: drop, do not pool
  bool durable_ = true;     // synchronous=FULL (SetDurable)
  bool read_only_ = false;  // in a TxMode::kRead transaction: only reading statements run
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, int busy_timeout_ms) {
  // SQLite's memory statistics take one process-wide mutex on every allocation, which
  // serialises a busy server's threads; Palermo never reads them. Only possible before SQLite
  // initialises, so the first open does it (a failure just leaves the statistics on).
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  // A new database file is created private to its owner; SQLite gives its -wal and -shm files
  // the same mode.
  if (::access(path.c_str(), F_OK) != 0) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status status = Status::Unavailable("cannot open database " + path + ": " + sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return status;
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  // cache_size is negative KiB: 256 MiB keeps the hot pages of the blind-index and unique-key
  // B-trees of a large import in memory. Checkpoints run in the background (WalCheckpointer);
  // if that cannot start, SQLite checkpoints every 16,384 pages of WAL (not its 1,000), so
  // pages rewritten by consecutive batches are copied to the database once. journal_size_limit
  // truncates the WAL back afterwards. mmap reads avoid a copy per page.
  // page_size only takes effect in a new, empty database (a WAL database keeps its own): 16 KiB
  // pages quarter the WAL write calls (one pwrite a page) of an import, whose batches dirty
  // nearly every leaf of the randomly keyed indexes whatever the page size (docs/store.md).
  constexpr const char* kPragmas =
      "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
      "PRAGMA synchronous=FULL; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; "
      "PRAGMA wal_autocheckpoint=16384; PRAGMA journal_size_limit=67108864; "
      "PRAGMA mmap_size=1073741824;";
  const int prc = sqlite3_exec(db, kPragmas, nullptr, nullptr, nullptr);
  if (prc != SQLITE_OK) {
    return FromSqlite(prc, db).WithContext("opening " + path);
  }
  // After the pragmas: setting wal_autocheckpoint installs SQLite's own hook, which this one
  // replaces (so the committing thread no longer checkpoints).
  if (std::shared_ptr<WalCheckpointer> checkpointer = WalCheckpointer::ForPath(path)) {
    connection->UseCheckpointer(std::move(checkpointer));
  }
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace palermo::store::internal
