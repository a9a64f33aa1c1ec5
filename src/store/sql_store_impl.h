// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/sql_store_impl.h (internal to the store): the classes behind OpenSqlStore: the
// connection pool (SqlStore, Lease), this process's queue of SQLite writers (WriterGate) and
// the transaction (SqlTransaction), whose methods live in files named after what they do:
//   transaction.cc   commit, rollback on failure, portable SQL, sealing, audit appends, queues
//   cases.cc         cases, persons, identifiers and their blind index
//   quarantine.cc    quarantined rows
//   key_rotation.cc  RotateKey
//   sql_store.cc     the pool, Begin*, the audit reads, Init and Open
#pragma once

#include <chrono>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/audit_log.h"
#include "store/blind_index.h"
#include "store/connection.h"
#include "store/crypto.h"
#include "store/crypto_lane.h"
#include "store/row_queue.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"
#include "store/store.h"

namespace palermo::store::internal {

struct Backend {
  bool postgres = false;
  std::string target;  // file path or libpq URL
};

// The engine and target of StoreOptions::url. kInvalidArgument if empty.
Result<Backend> ParseUrl(const StoreOptions& options);
Result<std::unique_ptr<Connection>> Connect(const Backend& backend, int busy_timeout_ms);
// The key check value recorded in meta, if any.
Result<std::optional<std::string>> StoredKeyCheck(Connection& conn);

class SqlStore;

// A pooled connection, rolled back and returned to its store when the lease ends.
class Lease {
 public:
  Lease(SqlStore* store, std::unique_ptr<Connection> conn)
      : store_(store), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_.get(); }

 private:
  SqlStore* store_;
  std::unique_ptr<Connection> conn_;
};

// This process's SQLite writers take turns here (SqlStore::BeginWrite). A mutex and a
// condition variable rather than std::timed_mutex, whose timed lock GCC 12's ThreadSanitizer
// does not see (it then reports every unlock).
class WriterGate {
 public:
  // The turn, held until Release() or destruction.
  class Turn {
   public:
    Turn() = default;
    explicit Turn(WriterGate* gate) : gate_(gate) {}
    Turn(Turn&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Turn& operator=(Turn&& other) noexcept {
      if (this != &other) {
        Release();
        gate_ = std::exchange(other.gate_, nullptr);
      }
      return *this;
    }
    ~Turn() { Release(); }
    void Release() {
      if (gate_) std::exchange(gate_, nullptr)->Leave();
    }

   private:
    WriterGate* gate_ = nullptr;
  };

  // Waits up to `timeout` for the turn; nullopt when it did not come.
  std::optional<Turn> Enter(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!free_.wait_for(lock, timeout, [this] { return !held_; })) return std::nullopt;
    held_ = true;
    return Turn(this);
  }

 private:
  void Leave() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    free_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable free_;
  bool held_ = false;  // guarded by mu_
};

class SqlTransaction;

class SqlStore final : public Store {
 public:
  SqlStore(StoreOptions options, Backend backend, std::unique_ptr<Connection> first,
           std::shared_ptr<const Keys> keys)
      : options_(std::move(options)), backend_(std::move(backend)), keys_(std::move(keys)) {
    engine_ = std::string(first->engine());
    idle_.push_back(std::move(first));
  }

  Result<std::unique_ptr<Transaction>> Begin(const Actor& actor) override;
  Result<std::unique_ptr<Transaction>> BeginNotDurable(const Actor& actor) override;
  Result<std::unique_ptr<Transaction>> BeginRead(const Actor& actor) override;
  Status VerifyAudit() override;
  Result<std::vector<AuditEntry>> ReadAudit(int64_t from_seq, int64_t limit) override;
  Result<AuditEntry> AuditHead() override;
  Status RotateKey() override;
  std::string_view engine() const override { return engine_; }

  Result<Lease> Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        std::unique_ptr<Connection> conn = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(conn));
      }
    }
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                             Connect(backend_, options_.busy_timeout_ms));
    return Lease(this, std::move(conn));
  }

  void Release(std::unique_ptr<Connection> conn) {
    // Every pooled connection commits durably (BeginNotDurable is for its own transaction).
    if (!conn->durable() && !conn->SetDurable(true).ok()) return;
    if (conn->broken()) return;
    std::lock_guard lock(mu_);
    if (std::cmp_less(idle_.size(), std::max(options_.pooled_connections, 1))) {
      idle_.push_back(std::move(conn));
    }
  }

  // Opens a write transaction on `lease`. SQLite: the returned lock (held until commit or
  // rollback) queues this process's writers on a mutex, which wakes the next one as soon as
  // the lock is free, instead of SQLite's busy handler, which sleeps up to 100 ms per retry;
  // other processes still meet busy_timeout_ms. PostgreSQL handles concurrency itself.
  // `mode` is kWrite, or kAppend for a transaction that only appends to the audit chain.
  Result<WriterGate::Turn> BeginWrite(Connection& conn, TxMode mode = TxMode::kWrite) {
    WriterGate::Turn turn;
    if (conn.single_writer()) {
      std::optional<WriterGate::Turn> entered =
          writer_gate_.Enter(std::chrono::milliseconds(options_.busy_timeout_ms));
      if (!entered) {
        return Status::Unavailable(
            "sqlite: database is locked (another writer of this process holds the database)");
      }
      turn = std::move(*entered);
    }
    PALERMO_RETURN_IF_ERROR(conn.Begin(mode));
    return turn;
  }

  std::shared_ptr<const Keys> keys() const {
    std::lock_guard lock(mu_);
    return keys_;
  }

 private:
  // Begin and BeginNotDurable: a write transaction whose commit flushes to disk or not.
  Result<std::unique_ptr<Transaction>> BeginWriting(const Actor& actor, bool durable);
  // Opens a read snapshot and checks that the store's key still opens the database.
  Result<Lease> BeginRead(std::shared_ptr<const Keys>& keys);

  const StoreOptions options_;
  const Backend backend_;
  std::string engine_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  std::shared_ptr<const Keys> keys_;               // guarded by mu_
  std::mutex rotate_mu_;                           // one rotation at a time
  WriterGate writer_gate_;                         // SQLite: this process's writers queue here
};

// Checks, inside the transaction just begun on `conn`, that `keys` match the database; when
// they do not, the store's current keys are tried (another thread may have rotated them).
Status CheckKeys(Connection& conn, const SqlStore& store, std::shared_ptr<const Keys>& keys);
// The same check on `stored`, the key check value read from meta (nullopt: none recorded).
Status MatchKeys(const std::optional<std::string>& stored, const SqlStore& store,
                 std::shared_ptr<const Keys>& keys);

class SqlTransaction final : public Transaction {
 public:
  // `writer` is BeginWrite's turn for a write transaction (empty for PostgreSQL and reads).
  SqlTransaction(SqlStore* store, WriterGate::Turn writer, bool read_only, Lease lease,
                 std::shared_ptr<const Keys> keys, Actor actor)
      : store_(store),
        writer_(std::move(writer)),
        read_only_(read_only),
        lease_(std::move(lease)),
        keys_(std::move(keys)),
        actor_(std::move(actor)) {}
  ~SqlTransaction() override = default;  // the lease rolls back unless committed

  Status Commit() override;

  Result<OrganisationId> UpsertOrganisation(const Organisation& o) override;

  Result<CaseId> InsertCase(const CaseRecord& r, std::string_view content_hash) override;
  Status UpdateCase(const CaseRecord& r) override;  // case_update.cc

  Result<bool> HasContentHash(std::string_view content_hash) override;

  Result<std::string> GeneratedLocalId(std::string_view content_hash) override;

  Result<CaseRecord> GetCase(CaseId id, bool with_identifiers, std::string_view purpose) override;

  Result<std::vector<CaseRecord>> ListCases(std::string_view agency, bool with_identifiers,
                                            std::string_view purpose) override;

  Result<std::vector<CaseRecord>> ListCasesPage(std::string_view agency, CaseId before,
                                                int limit) override;

  Result<int64_t> CountCases() override;

  Result<std::vector<CaseId>> FindCasesByIdentifier(IdentifierKind kind,
                                                    std::string_view value) override;

  Result<int64_t> AddQuarantine(const QuarantineEntry& e) override;

  Result<std::vector<QuarantineEntry>> ListQuarantine(bool all, bool with_raw) override;

  Status ResolveQuarantine(int64_t id) override;
  Status CloseQuarantine(int64_t id, std::string_view outcome, std::string_view reason) override;

  Status Audit(std::string_view action, std::string_view object_type, std::string_view object_id,
               std::string_view purpose, std::string_view detail) override;

  Result<int64_t> Execute(std::string_view sql, const std::vector<SqlValue>& params) override;

  Result<std::vector<SqlRow>> Query(std::string_view sql,
                                    const std::vector<SqlValue>& params) override;

  Result<int64_t> LastInsertId() override;

  Result<std::string> Seal(std::string_view plaintext, std::string_view context) override;

  Result<std::string> Open(std::string_view sealed, std::string_view context) override;

  // For a read transaction just begun: CheckKeys, run with the transaction's first statement
  // (Connection::BeginCheck), whose result is refused if the key does not open the database.
  Status CheckKeysFirst();

  // Key rotation inside this transaction (see Store::RotateKey). Leaves the transaction ready to
  // commit with every sealed value, blind index and audit hash under `next`.
  Status Rekey(std::shared_ptr<const Keys> next);

 private:
  Status Usable() const {
    if (!poison_.ok()) return poison_;
    if (done_) return Status::FailedPrecondition("the transaction has already been committed");
    return Status::Ok();
  }
  Status Writable() const {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (read_only_) {
      return Status::FailedPrecondition("a write in a read-only transaction (Store::BeginRead)");
    }
    return Status::Ok();
  }

  // Ends a read transaction's snapshot. Anything queued for writing reaches the engine here and
  // is refused there, so a read transaction can never write.
  Status EndRead();

  // Turns an ended read transaction into a write transaction that appends the audit entries
  // kept while reading (Store::BeginRead). The key is checked again: it may have been rotated
  // since the snapshot was taken. The append needs no snapshot (TxMode::kAppend), so on
  // PostgreSQL it waits for the head's lock rather than failing when another writer moved it.
  Status ReopenForAudit();

  // Records a failure after which the transaction cannot continue (a half-written case, an
  // SQL error, which on PostgreSQL aborts the transaction anyway) and returns it.
  Status Poison(Status status);

  Status Exec(std::string_view sql, std::span<const Param> params);

  static std::vector<Param> Bind(const std::vector<SqlValue>& params);

  Result<bool> SameContentStored(int64_t content_key, std::string_view content_hash);

  static Status ContentStored();

  static Status LocalIdTaken(const CaseRecord& r);

  Status WriteIdentifiers(PersonId person_id, const DirectIdentifiers& ids, bool update);

  // Writes the pending blind-index rows sorted by key, kMaxRowsPerInsert per statement.
  Status FlushBlindIndex();

  // The cases of `from` (SQL naming the case rows `c`, e.g. "case_record c") filtered by `where`
  // (empty or " WHERE …" on `c`) with `filter` bound, in id order (descending if
  // `newest_first`). Three queries (cases with persons, forms, events), four with identifiers.
  Result<std::vector<CaseRecord>> ReadCases(std::string_view from, std::string_view where,
                                            std::span<const Param> filter, bool newest_first,
                                            bool with_identifiers);

  Status AppendAudit(std::string_view action, std::string_view object_type,
                     std::string_view object_id, std::string_view purpose, std::string_view detail);

  // Inserts the queued audit entries in seq order, kAuditRowsPerInsert per statement.
  Status FlushAudit();

  // Writes every queued row: before the transaction reads tables other than the case tables
  // and before it commits.
  // Moves the lane's finished work into the queues (identifiers, blind index, audit) and brings
  // head_hash_ up to date. Must precede any use of those queues or of head_hash_.
  // Without `wait`, only what the lane has finished moves, and head_hash_ stays stale.
  void DrainLane(bool wait = true);

  // `wait_for_lane` false: a flush that only bounds the queues' memory writes what the lane has
  // finished and leaves the rest for the next flush (rows of one table may then be inserted in
  // several groups; the audit entries still go in in seq order, identifiers after their person).
  Status FlushPending(bool wait_for_lane = true);

  // Re-seals every value of `column` in `table` (rows keyed by `id_column`), in pages.
  template <typename Context>
  Status Reseal(const Keys& next, std::string_view table, std::string_view id_column,
                std::string_view column, Context&& context) {
    const std::string select = "SELECT " + std::string(id_column) + ", " + std::string(column) +
                               " FROM " + std::string(table) + " WHERE " + std::string(id_column) +
                               " > $1 AND " + std::string(column) + " IS NOT NULL ORDER BY " +
                               std::string(id_column) + " LIMIT $2";
    const std::string update = "UPDATE " + std::string(table) + " SET " + std::string(column) +
                               " = $1 WHERE " + std::string(id_column) + " = $2";
    int64_t after = std::numeric_limits<int64_t>::min();
    while (true) {
      const Param page[] = {after, kPageRows};
      auto rows = lease_->Query(select, page, /*cache=*/false);
      if (!rows.ok()) return Poison(rows.status());
      for (const SqlRow& row : *rows) {
        const int64_t id = AsInt(row[0]);
        const std::string ctx = context(id);
        auto plain = keys_->Open(AsText(row[1]), ctx);
        if (!plain.ok()) {
          return Poison(
              plain.status().WithContext(std::string(table) + " row " + std::to_string(id)));
        }
        const std::string sealed = next.Seal(*plain, ctx);
        const Param params[] = {BlobView{sealed}, id};
        PALERMO_RETURN_IF_ERROR(Exec(update, params));
        after = id;
      }
      if (static_cast<int64_t>(rows->size()) < kPageRows) return Status::Ok();
    }
  }

  struct DeferredAudit {
    std::string action, object_type, object_id, purpose, detail;
  };

  SqlStore* const store_;
  // Declared before lease_ so that it is released after the lease has rolled back.
  WriterGate::Turn writer_;
  bool read_only_;
  std::vector<DeferredAudit> deferred_audit_;  // read-only: appended by Commit
  Lease lease_;
  std::shared_ptr<const Keys> keys_;
  const Actor actor_;
  Status poison_;
  bool done_ = false;
  std::string now_;       // creation time of the cases inserted by this transaction
  NonceSequence nonces_;  // for the sealed content digests of this transaction's rows
  bool head_loaded_ = false;
  bool head_dirty_ = false;
  int64_t head_seq_ = 0;
  std::string head_hash_;
  // Blind-index rows written by WriteIdentifiers and not yet inserted (FlushBlindIndex).
  static constexpr size_t kMaxPendingBlindRows = size_t{1} << 20;  // 24 MiB
  std::vector<BlindRow> pending_blind_;
  // Identifiers sealed by the lane (person id, sealed bytes), not yet inserted.
  std::vector<std::pair<PersonId, std::string>> pending_sealed_;
  // Audit entries appended (head_seq_/head_hash_ already include them) and not yet inserted.
  static constexpr size_t kMaxPendingAuditRows = 65536;
  static constexpr size_t kMaxQueuedCases = 65536;  // bounds the queues' memory
  std::vector<AuditEntry> pending_audit_;
  // Past kLaneAfterCases inserted cases, sealing and hashing move to a second thread.
  static constexpr int64_t kLaneAfterCases = 64;
  int64_t inserted_ = 0;
  std::unique_ptr<CryptoLane> lane_;  // declared after keys_: destroyed (joined) before them
  RowQueue person_queue_{"person (id, sex, gender_detail, citizenship, birth_year)", 5};
  RowQueue identifiers_queue_{"person_identifiers (person_id, sealed)", 2};
  RowQueue form_queue_{"case_form (case_id, ordinal, form)", 3};
  RowQueue event_queue_{
      "trafficking_event (case_id, ordinal, type, country, place, start_date, end_date, "
      "means_of_control)",
      8};

  friend class SqlStore;
};

}  // namespace palermo::store::internal
