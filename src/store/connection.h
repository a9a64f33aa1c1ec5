// src/store/connection.h (internal to the store): one database connection, whichever engine.
//
// sql_store.cc implements the whole Store contract once, over this interface; sqlite_store.cc
// and pg_store.cc implement it for each engine. SQL given here is the portable subset
// (portable_sql.h) with `$N` placeholders; each engine translates it once and caches the
// prepared statement, keyed by the SQL text.
//
// Not thread-safe: one connection serves one Transaction at a time (the store keeps a pool).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/core.h"
#include "store/store.h"

namespace palermo::store::internal {

// Binary data, bound as BLOB (SQLite) or bytea (PostgreSQL).
struct BlobView {
  std::string_view bytes;
};
// A parameter: views are only read during the call.
using Param = std::variant<std::monostate, int64_t, double, std::string_view, BlobView>;

enum class TxMode {
  kRead,     // a consistent snapshot; SQLite BEGIN DEFERRED, PostgreSQL REPEATABLE READ READ ONLY
  kWrite,    // SQLite BEGIN IMMEDIATE, PostgreSQL REPEATABLE READ
  kAppend,   // only appends after locking the audit head FOR UPDATE: SQLite BEGIN IMMEDIATE,
             // PostgreSQL READ COMMITTED, where the lock waits for a concurrent writer and then
             // reads its head instead of aborting with a serialisation failure
  kMigrate,  // schema changes: SQLite BEGIN IMMEDIATE; PostgreSQL READ COMMITTED under an
             // advisory lock, so two processes opening a fresh database do not race
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::string_view engine() const = 0;

  virtual Status Begin(TxMode mode) = 0;
  // On failure the transaction is rolled back.
  virtual Status Commit() = 0;
  // Outside a transaction only. With false, later commits may be lost by a power cut (never
  // by a process crash, never partially) until a durable commit of the same database returns,
  // which makes them durable too. SQLite: PRAGMA synchronous=NORMAL instead of FULL (SQLite
  // refuses the change inside a transaction); PostgreSQL: SET LOCAL synchronous_commit = off
  // in each transaction. The store sets it back to true before pooling the connection.
  virtual Status SetDurable(bool durable) = 0;
  virtual bool durable() const = 0;
  // No-op when no transaction is open. Never fails visibly (a broken connection is dropped).
  virtual void Rollback() = 0;

  // Runs one statement; returns the number of rows changed. `cache` keeps the prepared
  // statement for the next call with the same text (hot paths); DDL passes false.
  virtual Result<int64_t> Execute(std::string_view sql, std::span<const Param> params,
                                  bool cache = true) = 0;
  // Runs one statement and returns every row. BLOB/bytea columns come back as raw bytes,
  // integers (and booleans) as int64_t, floating and non-integral numerics as double.
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const Param> params,
                                            bool cache = true) = 0;
  virtual Result<int64_t> LastInsertId() = 0;

  // True once the connection is unusable (lost server); the pool then drops it.
  virtual bool broken() const = 0;
};

// Opens a connection for `url` (see StoreOptions::url). kUnavailable if the server cannot be
// reached or the file cannot be opened.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, int busy_timeout_ms);
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

}  // namespace palermo::store::internal
