// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/connection.h (internal to the store): one database connection, whichever engine.
//
// The Store contract is implemented once, over this interface (sql_store_impl.h and the files
// it names, migrations.cc, content_hash.cc); sqlite_store.cc and pg_store.cc implement it for
// each engine. Every difference between the engines is here: SQL given to a connection is the
// portable subset (portable_sql.h, e.g. {{for_update}}) with `$N` placeholders, which each
// engine translates once and caches as a prepared statement keyed by the SQL text; the
// properties below (in_process, single_writer) choose between two equivalent ways of doing one
// thing; and TxMode::kMigrate hides SQLite's foreign-key switch. The one exception is the text
// of store schema v3, which migrations.cc keeps per engine (engine()).
//
// Not thread-safe: one connection serves one Transaction at a time (the store keeps a pool).
#pragma once

#include <cstdint>
#include <functional>
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
  kMigrate,  // schema changes: SQLite BEGIN IMMEDIATE with foreign keys off (switched off
             // before, back on after the commit or rollback: rebuilding a parent table needs
             // them off; ForeignKeyViolations checks them); PostgreSQL READ COMMITTED under an
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

  // Adds `sql` (a query without parameters) to the transaction just begun, to run before the
  // transaction's first statement; `check` gets its rows before that statement's result is
  // returned, and a failure it returns is that statement's failure (the caller then rolls
  // back). A transaction that runs no statement never runs it. PostgreSQL sends it in the first
  // statement's round trip; SQLite (in_process) runs it at once.
  using Check = std::function<Status(const std::vector<SqlRow>&)>;
  virtual Status BeginCheck(std::string_view sql, Check check) {
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, Query(sql, {}));
    return check(rows);
  }

  // One statement of QueryBatch (prepared and cached like Query's).
  struct Statement {
    std::string_view sql;
    std::span<const Param> params;
  };
  // Runs `statements` in order, as Query would one after the other, and returns each one's
  // rows; the first failure is returned and the statements after it do not run. PostgreSQL
  // sends them in one round trip (pipeline); SQLite runs them one by one.
  virtual Result<std::vector<std::vector<SqlRow>>> QueryBatch(
      std::span<const Statement> statements) {
    std::vector<std::vector<SqlRow>> results;
    results.reserve(statements.size());
    for (const Statement& s : statements) {
      PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, Query(s.sql, s.params));
      results.push_back(std::move(rows));
    }
    return results;
  }

  // True once the connection is unusable (lost server); the pool then drops it.
  virtual bool broken() const = 0;

  // The engine runs in this process (SQLite): a statement costs no round trip, so a look-up
  // then an insert is cheaper than one INSERT … RETURNING (which SQLite materialises first).
  // Otherwise (PostgreSQL) the store prefers one statement per round trip.
  virtual bool in_process() const = 0;
  // One writing transaction at a time per database, a waiting writer sleeping in the engine's
  // busy handler (SQLite): the store then queues this process's writers itself (WriterGate).
  virtual bool single_writer() const = 0;
  // Rows whose parent row is missing, in a kMigrate transaction (SQLite checks foreign keys
  // there only when asked; PostgreSQL checks every statement, so 0).
  virtual Result<int64_t> ForeignKeyViolations() = 0;
};

// Opens a connection for `url` (see StoreOptions::url). kUnavailable if the server cannot be
// reached or the file cannot be opened.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, int busy_timeout_ms);
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

}  // namespace palermo::store::internal
