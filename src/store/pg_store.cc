// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL engine, on libpq directly (libpq 15, for its pipeline mode). Each server error
// becomes a Status (STYLE.md §6): 40001/40P01 → kAborted (retry the transaction), a lost
// connection → kUnavailable (retry the call), 23505 → kAlreadyExists. Server messages are
// reduced to their primary line, and dropped for data exceptions (class 22), whose text can
// quote the offending value.
//
// Round trips are what a request pays for here (the server is a separate process), so:
//   - a statement is prepared once per connection, in the same round trip as its first run;
//   - BEGIN (and the lock a writer takes) is not sent on its own: it travels in one pipeline
//     with the transaction's first statement, which runs after it in the same order as if it
//     had been sent alone;
//   - a read-only transaction's COMMIT or ROLLBACK is sent without waiting for its answer,
//     which is read before the connection's next statement. A REPEATABLE READ READ ONLY
//     transaction has written nothing, so its end cannot fail in a way the caller could act
//     on; the server still ends it at once (no snapshot is held while the connection is idle),
//     and a connection lost meanwhile fails the next call with kUnavailable as it would have.
//   - the key check of a read transaction (BeginCheck) goes in the same round trip too;
//   - bytea parameters are sent in binary form (no hex text twice their size).
#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/connection.h"
#include "store/portable_sql.h"

namespace palermo::store::internal {
namespace {

// pg_type OIDs (src/include/catalog/pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Any number fits in an int64 key for pg_advisory_xact_lock; this one is "palermo" in ASCII.
constexpr int64_t kMigrationLockKey = 0x70616c65726d6fLL;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string FirstLine(const char* what) {
  std::string_view s(what == nullptr ? "" : what);
  if (s.starts_with("ERROR:")) s.remove_prefix(6);
  s = Trim(s);
  return std::string(Trim(s.substr(0, s.find('\n'))));
}

std::string HexDecodeBytea(std::string_view text) {
  // bytea output in hex format: "\x0a1b..." (the default since PostgreSQL 9.0).
  if (!text.starts_with("\\x")) return std::string(text);
  text.remove_prefix(2);
  std::string out(text.size() / 2, '\0');
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>(nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]));
  }
  return out;
}

int64_t ParseInt(std::string_view text) {
  int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  std::string_view engine() const override { return "postgresql"; }
  bool broken() const override { return broken_; }
  bool in_process() const override { return false; }
  bool single_writer() const override { return false; }
  Result<int64_t> ForeignKeyViolations() override { return int64_t{0}; }

  // Writers queue here, before their snapshot is taken: every writer moves the audit chain
  // head, and a REPEATABLE READ writer whose snapshot predates another's commit to the head
  // fails with a serialisation error when it appends (one in three writes aborted under eight
  // concurrent requests). LOCK TABLE takes no snapshot (the snapshot is frozen by the first
  // query), this mode conflicts with itself but not with readers, and the lock is released at
  // commit or rollback.
  static constexpr const char* kLockAuditHead = "LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE";

  // Sends nothing: BEGIN goes with the transaction's first statement (Run).
  Status Begin(TxMode mode) override {
    if (in_tx_) Rollback();
    if (broken_) return Lost();
    prologue_.clear();
    ClearCheck();
    switch (mode) {
      case TxMode::kRead:
        prologue_.emplace_back("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        break;
      case TxMode::kWrite:
        prologue_.emplace_back("BEGIN ISOLATION LEVEL REPEATABLE READ");
        prologue_.emplace_back(kLockAuditHead);
        break;
      case TxMode::kAppend:
        prologue_.emplace_back("BEGIN ISOLATION LEVEL READ COMMITTED");
        prologue_.emplace_back(kLockAuditHead);
        break;
      case TxMode::kMigrate:
        prologue_.emplace_back("BEGIN ISOLATION LEVEL READ COMMITTED");
        prologue_.emplace_back("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) +
                               ")");
        break;
    }
    in_tx_ = true;
    read_only_ = mode == TxMode::kRead;
    return Status::Ok();
  }

  Status Commit() override {
    if (!in_tx_) return Status::Internal("commit without a transaction");
    in_tx_ = false;
    if (!prologue_.empty()) {  // no statement ran: the server never saw the transaction
      prologue_.clear();
      ClearCheck();
      return Status::Ok();
    }
    if (read_only_) return SendUnanswered("COMMIT");
    PALERMO_RETURN_IF_ERROR(Settle());
    // One simple-protocol round trip for both statements.
    PgResult r(PQexec(conn_, durable_ ? "COMMIT" : "SET LOCAL synchronous_commit = off; COMMIT"));
    if (PQstatus(conn_) == CONNECTION_BAD) {
      broken_ = true;
      return Status::Unavailable(
          "postgresql: connection lost during commit; the transaction may or may not have been "
          "committed");
    }
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return ErrorStatus(r.get());
    // COMMIT of a transaction that failed earlier answers ROLLBACK, without an error.
    if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK") {
      return Status::Aborted("postgresql: the transaction was rolled back by an earlier error");
    }
    return Status::Ok();
  }

  // A later synchronous commit flushes the WAL up to its own record, so past every earlier
  // asynchronous commit's record too.
  Status SetDurable(bool durable) override {
    durable_ = durable;
    return Status::Ok();
  }
  bool durable() const override { return durable_; }

  void Rollback() override {
    if (!in_tx_) return;
    in_tx_ = false;
    if (!prologue_.empty()) {
      prologue_.clear();
      ClearCheck();
      return;
    }
    if (broken_) return;
    if (read_only_) {
      SendUnanswered("ROLLBACK").IgnoreError();
      return;
    }
    if (!Settle().ok()) return;
    PgResult r(PQexec(conn_, "ROLLBACK"));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) broken_ = true;
  }

  Result<int64_t> Execute(std::string_view sql, std::span<const Param> params,
                          bool cache) override {
    PALERMO_ASSIGN_OR_RETURN(PgResult r, Run(sql, params, cache));
    return ParseInt(PQcmdTuples(r.get()));
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const Param> params,
                                    bool cache) override {
    PALERMO_ASSIGN_OR_RETURN(PgResult r, Run(sql, params, cache));
    return Rows(r.get());
  }

  Result<std::vector<std::vector<SqlRow>>> QueryBatch(
      std::span<const Statement> statements) override {
    PALERMO_ASSIGN_OR_RETURN(std::vector<PgResult> results, RunPipeline(statements, true));
    std::vector<std::vector<SqlRow>> rows;
    rows.reserve(results.size());
    for (const PgResult& r : results) rows.push_back(Rows(r.get()));
    return rows;
  }

  Status BeginCheck(std::string_view sql, Check check) override {
    if (!in_tx_ || prologue_.empty()) return Connection::BeginCheck(sql, std::move(check));
    check_sql_ = std::string(sql);
    check_ = std::move(check);
    return Status::Ok();
  }

  Result<int64_t> LastInsertId() override {
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, Query("SELECT lastval()", {}, true));
    if (rows.empty() || !std::holds_alternative<int64_t>(rows[0][0])) {
      return Status::FailedPrecondition("no row was inserted into an {{id}} table yet");
    }
    return std::get<int64_t>(rows[0][0]);
  }

 private:
  // A result's rows. BLOB/bytea columns come back as raw bytes, integers (and booleans) as
  // int64_t, floating and non-integral numerics as double, everything else as text.
  static std::vector<SqlRow> Rows(const PGresult* res) {
    const int count = PQntuples(res);
    const int columns = PQnfields(res);
    std::vector<SqlRow> rows;
    rows.reserve(static_cast<size_t>(count));
    std::vector<Oid> types(static_cast<size_t>(columns));
    for (int i = 0; i < columns; ++i) types[static_cast<size_t>(i)] = PQftype(res, i);
    for (int n = 0; n < count; ++n) {
      SqlRow& row = rows.emplace_back();
      row.reserve(static_cast<size_t>(columns));
      for (int i = 0; i < columns; ++i) {
        if (PQgetisnull(res, n, i)) {
          row.emplace_back(std::monostate{});
          continue;
        }
        const std::string_view text(PQgetvalue(res, n, i),
                                    static_cast<size_t>(PQgetlength(res, n, i)));
        switch (types[static_cast<size_t>(i)]) {
          case kBoolOid:
            row.emplace_back(int64_t{text == "t" ? 1 : 0});
            break;
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid:
          case kOidOid:
            row.emplace_back(ParseInt(text));
            break;
          case kNumericOid:
            if (text.find_first_of(".eEN") == std::string_view::npos) {
              row.emplace_back(ParseInt(text));
            } else {
              row.emplace_back(std::stod(std::string(text)));
            }
            break;
          case kFloat4Oid:
          case kFloat8Oid:
            row.emplace_back(std::stod(std::string(text)));
            break;
          case kByteaOid:
            row.emplace_back(HexDecodeBytea(text));
            break;
          default:
            row.emplace_back(std::string(text));
        }
      }
    }
    return rows;
  }

  void ClearCheck() {
    check_sql_.clear();
    check_ = nullptr;
  }

  Status Lost() {
    broken_ = true;
    return Status::Unavailable("postgresql: connection lost: " + FirstLine(PQerrorMessage(conn_)));
  }

  // Sends `sql` (COMMIT or ROLLBACK of a read-only transaction) without reading the answer;
  // Settle reads it before the next statement.
  Status SendUnanswered(const char* sql) {
    if (broken_) return Lost();
    if (!Settle().ok()) return Lost();
    if (PQsendQuery(conn_, sql) != 1) return Lost();
    unanswered_ = true;
    return Status::Ok();
  }

  // Reads the answer to SendUnanswered's statement, if any.
  Status Settle() {
    if (!unanswered_) return Status::Ok();
    unanswered_ = false;
    bool failed = false;
    while (PGresult* r = PQgetResult(conn_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) failed = true;
      PQclear(r);
    }
    if (failed || PQstatus(conn_) == CONNECTION_BAD) return Lost();
    return Status::Ok();
  }

  Status ErrorStatus(const PGresult* r) {
    if (PQstatus(conn_) == CONNECTION_BAD) return Lost();
    const char* field = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const std::string state = field == nullptr ? "" : field;
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const std::string message = FirstLine(primary != nullptr ? primary : PQresultErrorMessage(r));
    if (state == "40001" || state == "40P01") {
      return Status::Aborted(
          "postgresql: serialisation conflict or deadlock with a concurrent transaction; retry "
          "the transaction");
    }
    if (state == "23505") return Status::AlreadyExists("postgresql: " + message);
    if (state == "23503") return Status::FailedPrecondition("postgresql: " + message);
    if (state.starts_with("08") || state.starts_with("57P")) {
      broken_ = true;
      return Status::Unavailable("postgresql: " + state + ": " + message);
    }
    if (state == "25006") {
      return Status::FailedPrecondition("postgresql: a write in a read-only transaction");
    }
    if (state.starts_with("22")) {
      return Status::InvalidArgument("postgresql: " + state + ": invalid value in a statement");
    }
    return Status::Internal("postgresql: " + state + ": " + message);
  }

  Result<PgResult> Run(std::string_view sql, std::span<const Param> params, bool cache) {
    const Statement statement{sql, params};
    PALERMO_ASSIGN_OR_RETURN(std::vector<PgResult> results,
                             RunPipeline(std::span<const Statement>(&statement, 1), cache));
    return std::move(results[0]);
  }

  // A statement's parameters as libpq takes them: numbers and text as text, bytea in binary
  // form (format 1: the raw bytes, no hex text twice their size).
  struct Bound {
    std::vector<std::string> storage;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
  };
  static Result<Bound> Bind(std::span<const Param> params) {
    Bound b;
    b.storage.reserve(params.size());
    b.values.assign(params.size(), nullptr);
    b.lengths.assign(params.size(), 0);
    b.formats.assign(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      if (std::holds_alternative<std::monostate>(p)) continue;
      if (const auto* n = std::get_if<int64_t>(&p)) {
        b.storage.push_back(std::to_string(*n));
      } else if (const auto* d = std::get_if<double>(&p)) {
        char buf[32];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        b.storage.emplace_back(buf, end);
      } else if (const auto* s = std::get_if<std::string_view>(&p)) {
        if (s->find('\0') != std::string_view::npos) {
          return Status::InvalidArgument("text parameter holds a NUL byte; bind it as binary");
        }
        b.storage.emplace_back(*s);
      } else {
        const std::string_view bytes = std::get<BlobView>(p).bytes;
        b.values[i] = bytes.data();
        b.lengths[i] = static_cast<int>(bytes.size());
        b.formats[i] = 1;
      }
    }
    // Pointers are taken once storage stops growing.
    for (size_t i = 0, s = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::monostate>(params[i]) || b.formats[i] == 1) continue;
      b.values[i] = b.storage[s].c_str();
      b.lengths[i] = static_cast<int>(b.storage[s].size());
      ++s;
    }
    return b;
  }

  // Sends the pending BEGIN (prologue_), the PREPARE of each statement not prepared yet on
  // this connection (with `cache`) and the statements, in one pipeline (one round trip), and
  // returns the statements' results, or the first failure (the server skips what follows it
  // up to the pipeline's end).
  Result<std::vector<PgResult>> RunPipeline(std::span<const Statement> statements, bool cache) {
    if (!in_tx_) return Status::Internal("statement outside a transaction");
    if (broken_) return Lost();
    PALERMO_RETURN_IF_ERROR(Settle());
    std::vector<Bound> bound;
    bound.reserve(statements.size());
    for (const Statement& s : statements) {
      PALERMO_ASSIGN_OR_RETURN(Bound b, Bind(s.params));
      bound.push_back(std::move(b));
    }

    // What was sent, in order: its results are read in the same order.
    enum class Sent { kPrologue, kPrepare, kCheck, kStatement };
    std::vector<Sent> sent;
    std::vector<std::string> new_statements;  // keys of prepared_ added by this pipeline
    if (PQenterPipelineMode(conn_) != 1) return Lost();
    bool ok = true;
    for (const std::string& statement : prologue_) {
      ok = ok && PQsendQueryParams(conn_, statement.c_str(), 0, nullptr, nullptr, nullptr,
                                   nullptr, 0) == 1;
      sent.push_back(Sent::kPrologue);
    }
    prologue_.clear();
    // BeginCheck's query, prepared like any other statement.
    const std::string check_sql = std::move(check_sql_);
    const Check check = std::move(check_);
    ClearCheck();
    if (!check_sql.empty()) {
      auto it = prepared_.find(check_sql);
      if (it == prepared_.end()) {
        std::string name = "p" + std::to_string(next_statement_++);
        ok = ok && PQsendPrepare(conn_, name.c_str(),
                                 Translate(check_sql, Dialect::kPostgres).c_str(), 0,
                                 nullptr) == 1;
        sent.push_back(Sent::kPrepare);
        it = prepared_.emplace(check_sql, std::move(name)).first;
        new_statements.push_back(check_sql);
      }
      ok = ok && PQsendQueryPrepared(conn_, it->second.c_str(), 0, nullptr, nullptr, nullptr,
                                     0) == 1;
      sent.push_back(Sent::kCheck);
    }
    for (size_t i = 0; i < statements.size() && ok; ++i) {
      const Statement& s = statements[i];
      const Bound& b = bound[i];
      const int n = static_cast<int>(s.params.size());
      if (cache) {
        auto it = prepared_.find(s.sql);
        if (it == prepared_.end()) {
          std::string name = "p" + std::to_string(next_statement_++);
          ok = ok && PQsendPrepare(conn_, name.c_str(),
                                   Translate(s.sql, Dialect::kPostgres).c_str(), 0, nullptr) == 1;
          sent.push_back(Sent::kPrepare);
          it = prepared_.emplace(std::string(s.sql), std::move(name)).first;
          new_statements.emplace_back(s.sql);
        }
        ok = ok && PQsendQueryPrepared(conn_, it->second.c_str(), n, b.values.data(),
                                       b.lengths.data(), b.formats.data(), 0) == 1;
      } else {
        ok = ok && PQsendQueryParams(conn_, Translate(s.sql, Dialect::kPostgres).c_str(), n,
                                     nullptr, b.values.data(), b.lengths.data(),
                                     b.formats.data(), 0) == 1;
      }
      sent.push_back(Sent::kStatement);
    }
    ok = ok && PQpipelineSync(conn_) == 1;
    if (!ok) return Lost();

    // Each query's results end with a null; the pipeline ends with PGRES_PIPELINE_SYNC. A
    // PREPARE that failed or did not run leaves no statement on the server: those added by
    // this pipeline are forgotten on any failure (the next call prepares them again).
    PgResult first_error;
    Status check_failure = Status::Ok();
    std::vector<PgResult> results;
    results.reserve(statements.size());
    for (const Sent what : sent) {
      PgResult r(PQgetResult(conn_));
      if (r == nullptr) return Lost();
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
      const ExecStatusType status = PQresultStatus(r.get());
      const bool good = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
      if (!good && status != PGRES_PIPELINE_ABORTED && first_error == nullptr) {
        first_error = std::move(r);
      } else if (what == Sent::kCheck && good && first_error == nullptr && check_failure.ok()) {
        check_failure = check(Rows(r.get()));
      } else if (what == Sent::kStatement) {
        results.push_back(std::move(r));
      }
    }
    PgResult sync(PQgetResult(conn_));
    if (sync == nullptr || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) return Lost();
    if (PQexitPipelineMode(conn_) != 1) return Lost();
    if (first_error != nullptr) {
      for (const std::string& sql : new_statements) prepared_.erase(sql);
      return ErrorStatus(first_error.get());
    }
    // The statements ran, but their results are not the caller's to see.
    if (!check_failure.ok()) return check_failure;
    return results;
  }

  PGconn* conn_;
  std::vector<std::string> prologue_;  // BEGIN and its lock, sent with the first statement
  std::string check_sql_;              // BeginCheck's query, sent after prologue_
  Check check_;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> prepared_;
  int64_t next_statement_ = 0;  // names prepared statements p0, p1, …
  bool in_tx_ = false;
  bool read_only_ = false;
  bool unanswered_ = false;  // SendUnanswered's answer is still to be read
  bool broken_ = false;
  bool durable_ = true;  // SetDurable
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Status::Unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names host and port, never the password.
    const std::string message = FirstLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Unavailable("cannot reach the PostgreSQL server: " + message);
  }
  // Our own DDL uses IF NOT EXISTS; its NOTICEs are noise on stderr.
  PgResult r(PQexec(conn, "SET client_min_messages TO warning"));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    const std::string message = FirstLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Unavailable("cannot connect to PostgreSQL: " + message);
  }
  return std::unique_ptr<Connection>(std::make_unique<PgConnection>(conn));
}

}  // namespace palermo::store::internal
