// SPDX-License-Identifier: AGPL-3.0-or-later
// The Store over internal::Connection: the connection pool, Begin*, the audit reads, Init and
// Open. The transaction's methods are in transaction.cc, cases.cc, quarantine.cc and
// key_rotation.cc (sql_store_impl.h); engine differences stay behind the connection
// (connection.h), so both engines behave the same by construction and the contract test
// checks it.
#include "store/sql_store.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>

#include "store/content_hash.h"
#include "store/migrations.h"
#include "store/sql_store_impl.h"

namespace palermo::store::internal {

Result<Backend> ParseUrl(const StoreOptions& options) {
  std::string_view url = options.url;
  if (url.empty()) return Status::InvalidArgument("empty database URL");
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return Backend{true, std::string(url)};
  }
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  if (url.starts_with("//")) url.remove_prefix(2);
  if (url.empty()) return Status::InvalidArgument("empty SQLite database path");
  return Backend{false, std::string(url)};
}

Result<std::unique_ptr<Connection>> Connect(const Backend& backend, int busy_timeout_ms) {
  return backend.postgres ? OpenPostgres(backend.target)
                          : OpenSqlite(backend.target, busy_timeout_ms);
}

Result<std::optional<std::string>> StoredKeyCheck(Connection& conn) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           conn.Query("SELECT value FROM meta WHERE name = 'key_check'", {}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(AsText(rows[0][0])));
}

Lease::~Lease() {
  if (!conn_) return;
  conn_->Rollback();
  store_->Release(std::move(conn_));
}

Status CheckKeys(Connection& conn, const SqlStore& store, std::shared_ptr<const Keys>& keys) {
  PALERMO_ASSIGN_OR_RETURN(std::optional<std::string> stored, StoredKeyCheck(conn));
  return MatchKeys(stored, store, keys);
}

Status MatchKeys(const std::optional<std::string>& stored, const SqlStore& store,
                 std::shared_ptr<const Keys>& keys) {
  if (stored && *stored == keys->CheckValue()) return Status::Ok();
  keys = store.keys();
  if (stored && *stored == keys->CheckValue()) return Status::Ok();
  return Status::Unauthenticated(
      "the key no longer opens this database (it was rotated by another process); reopen it "
      "with the new key file");
}

Result<Lease> SqlStore::BeginRead(std::shared_ptr<const Keys>& keys) {
  PALERMO_ASSIGN_OR_RETURN(Lease lease, Acquire());
  PALERMO_RETURN_IF_ERROR(lease->Begin(TxMode::kRead));
  keys = this->keys();
  PALERMO_RETURN_IF_ERROR(CheckKeys(*lease, *this, keys));
  return lease;
}

Result<std::unique_ptr<Transaction>> SqlStore::Begin(const Actor& actor) {
  return BeginWriting(actor, /*durable=*/true);
}

Result<std::unique_ptr<Transaction>> SqlStore::BeginNotDurable(const Actor& actor) {
  return BeginWriting(actor, /*durable=*/false);
}

Result<std::unique_ptr<Transaction>> SqlStore::BeginWriting(const Actor& actor, bool durable) {
  PALERMO_ASSIGN_OR_RETURN(Lease lease, Acquire());
  // Before BEGIN: SQLite refuses to change synchronous inside a transaction. Release() sets
  // it back whatever happens to the transaction.
  if (!durable) PALERMO_RETURN_IF_ERROR(lease->SetDurable(false));
  PALERMO_ASSIGN_OR_RETURN(WriterGate::Turn writer, BeginWrite(*lease));
  std::shared_ptr<const Keys> keys = this->keys();
  PALERMO_RETURN_IF_ERROR(CheckKeys(*lease, *this, keys));
  return std::unique_ptr<Transaction>(std::make_unique<SqlTransaction>(
      this, std::move(writer), /*read_only=*/false, std::move(lease), std::move(keys), actor));
}

Result<std::unique_ptr<Transaction>> SqlStore::BeginRead(const Actor& actor) {
  PALERMO_ASSIGN_OR_RETURN(Lease lease, Acquire());
  PALERMO_RETURN_IF_ERROR(lease->Begin(TxMode::kRead));
  auto tx = std::make_unique<SqlTransaction>(this, WriterGate::Turn(), /*read_only=*/true,
                                             std::move(lease), keys(), actor);
  // With the first statement's round trip on PostgreSQL: nothing read is returned, and nothing
  // is decrypted, before the key is known to open the database.
  PALERMO_RETURN_IF_ERROR(tx->CheckKeysFirst());
  return std::unique_ptr<Transaction>(std::move(tx));
}

Status SqlStore::VerifyAudit() {
  std::shared_ptr<const Keys> keys;
  PALERMO_ASSIGN_OR_RETURN(Lease lease, BeginRead(keys));
  return WalkChain(*lease, *keys, [](const AuditEntry&) { return Status::Ok(); });
}

Result<std::vector<AuditEntry>> SqlStore::ReadAudit(int64_t from_seq, int64_t limit) {
  if (limit < 0) return Status::InvalidArgument("negative limit");
  std::shared_ptr<const Keys> keys;
  PALERMO_ASSIGN_OR_RETURN(Lease lease, BeginRead(keys));
  const Param params[] = {from_seq, limit};
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           lease->Query(std::string("SELECT ") + kAuditColumns +
                                            " FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
                                        params));
  std::vector<AuditEntry> entries;
  entries.reserve(rows.size());
  for (const SqlRow& row : rows) entries.push_back(AuditFromRow(row));
  return entries;
}

Result<AuditEntry> SqlStore::AuditHead() {
  std::shared_ptr<const Keys> keys;
  PALERMO_ASSIGN_OR_RETURN(Lease lease, BeginRead(keys));
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           lease->Query(std::string("SELECT ") + kAuditColumns +
                                            " FROM audit_log ORDER BY seq DESC LIMIT 1",
                                        {}));
  if (rows.empty()) return AuditEntry{};
  return AuditFromRow(rows[0]);
}

void CrashPoint(std::string_view name) {
  const char* at = std::getenv("PALERMO_CRASH_AT");
  if (at && name == at) ::_exit(86);
}

Status InitSqlStore(const StoreOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(Backend backend, ParseUrl(options));
  if (FileExists(options.key_file)) {
    return Status::AlreadyExists("key file " + options.key_file +
                                 " already exists; palermo init never overwrites a key");
  }
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                           Connect(backend, options.busy_timeout_ms));
  PALERMO_RETURN_IF_ERROR(conn->Begin(TxMode::kMigrate));
  Status status = [&]() -> Status {
    PALERMO_RETURN_IF_ERROR(ApplyMigrations(*conn));
    PALERMO_ASSIGN_OR_RETURN(std::optional<std::string> stored, StoredKeyCheck(*conn));
    if (stored) {
      return Status::AlreadyExists(
          "the database already holds a Palermo schema bound to another key");
    }
    std::unique_ptr<Keys> keys = Keys::Generate();
    PALERMO_RETURN_IF_ERROR(WriteKeyFile(options.key_file, *keys, /*exclusive=*/true));
    const std::string check = keys->CheckValue();
    const Param params[] = {std::string_view(check)};
    Status written =
        conn->Execute("INSERT INTO meta (name, value) VALUES ('key_check', $1)", params).status();
    if (written.ok()) written = conn->Commit();
    if (!written.ok()) RemoveFile(options.key_file);
    return written;
  }();
  if (!status.ok()) {
    conn->Rollback();
    return status;
  }
  conn.reset();
  // The chain's first entry records the creation.
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqlStore(options));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx,
                           store->Begin(Actor{"system", "", "administrator"}));
  PALERMO_RETURN_IF_ERROR(
      tx->Audit("init", "store", "", "", "schema store v" + std::to_string(kStoreSchemaVersion)));
  return tx->Commit();
}

Result<std::unique_ptr<Store>> OpenSqlStore(const StoreOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(Backend backend, ParseUrl(options));
  const std::string next_path = options.key_file + ".next";
  const bool has_key = FileExists(options.key_file);
  const bool has_next = FileExists(next_path);
  if (!has_key && !has_next) return LoadKeyFile(options.key_file).status();
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                           Connect(backend, options.busy_timeout_ms));
  PALERMO_RETURN_IF_ERROR(conn->Begin(TxMode::kMigrate));
  Result<std::shared_ptr<const Keys>> keys = [&]() -> Result<std::shared_ptr<const Keys>> {
    PALERMO_RETURN_IF_ERROR(ApplyMigrations(*conn));
    PALERMO_ASSIGN_OR_RETURN(std::optional<std::string> stored, StoredKeyCheck(*conn));
    std::shared_ptr<const Keys> current;
    if (has_key) {
      PALERMO_ASSIGN_OR_RETURN(current, LoadKeyFile(options.key_file));
    }
    if (!stored) {
      // A database created without Init (or whose Init crashed before committing) is bound to
      // the key it is first opened with.
      if (!current) return LoadKeyFile(options.key_file).status();
      const std::string check = current->CheckValue();
      const Param params[] = {std::string_view(check)};
      PALERMO_RETURN_IF_ERROR(
          conn->Execute("INSERT INTO meta (name, value) VALUES ('key_check', $1)", params)
              .status());
      return current;
    }
    if (current && current->CheckValue() == *stored) {
      // A leftover from a rotation that never committed: the database never used it.
      if (has_next) RemoveFile(next_path);
      return current;
    }
    if (has_next) {
      PALERMO_ASSIGN_OR_RETURN(std::shared_ptr<const Keys> next, LoadKeyFile(next_path));
      if (next->CheckValue() == *stored) {
        // A rotation committed but crashed before replacing the key file: finish it.
        if (std::rename(next_path.c_str(), options.key_file.c_str()) != 0) {
          return Status::Unavailable("cannot install the rotated key " + next_path + " as " +
                                     options.key_file);
        }
        PALERMO_RETURN_IF_ERROR(SyncParentDir(options.key_file));
        return next;
      }
    }
    return Status::Unauthenticated("this key does not open this database (key file " +
                                   options.key_file + ")");
  }();
  if (!keys.ok()) {
    conn->Rollback();
    return keys.status();
  }
  if (Status keyed = KeyLegacyContentHashes(*conn, **keys); !keyed.ok()) {
    conn->Rollback();
    return keyed.WithContext("migration store v4");
  }
  PALERMO_RETURN_IF_ERROR(conn->Commit());
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(options, std::move(backend), std::move(conn), *std::move(keys)));
}

}  // namespace palermo::store::internal
