// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL engine, through libpqxx 6.4. Every libpqxx exception is caught here and
// becomes a Status (STYLE.md §6): 40001/40P01 → kAborted (retry the transaction), a lost
// connection → kUnavailable (retry the call), 23505 → kAlreadyExists. Server messages are
// reduced to their first line, and dropped for data exceptions (class 22), whose text can
// quote the offending value.
#include <charconv>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>

#include "store/connection.h"
#include "store/portable_sql.h"

namespace palermo::store::internal {
namespace {

// pg_type OIDs (src/include/catalog/pg_type.dat).
constexpr pqxx::oid kBoolOid = 16;
constexpr pqxx::oid kByteaOid = 17;
constexpr pqxx::oid kInt8Oid = 20;
constexpr pqxx::oid kInt2Oid = 21;
constexpr pqxx::oid kInt4Oid = 23;
constexpr pqxx::oid kOidOid = 26;
constexpr pqxx::oid kFloat4Oid = 700;
constexpr pqxx::oid kFloat8Oid = 701;
constexpr pqxx::oid kNumericOid = 1700;

// Any number fits in an int64 key for pg_advisory_xact_lock; this one is "palermo" in ASCII.
constexpr int64_t kMigrationLockKey = 0x70616c65726d6fLL;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

std::string FirstLine(const char* what) {
  std::string_view s(what);
  if (s.starts_with("ERROR:")) s.remove_prefix(6);
  s = Trim(s);
  return std::string(s.substr(0, s.find('\n')));
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

std::string HexEncodeBytea(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(std::unique_ptr<pqxx::connection> conn) : conn_(std::move(conn)) {}
  ~PgConnection() override {
    try {
      tx_.reset();
      conn_.reset();
    } catch (...) {  // destructors of libpqxx objects do not throw; be sure anyway
    }
  }

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

  Status Begin(TxMode mode) override {
    return Guard([&]() -> Status {
      tx_.reset();
      switch (mode) {
        case TxMode::kRead:
          tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(*conn_);
          break;
        case TxMode::kWrite:
          tx_ =
              std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_write>>(*conn_);
          tx_->exec(kLockAuditHead);
          break;
        case TxMode::kAppend:
          tx_ = std::make_unique<pqxx::transaction<pqxx::read_committed, pqxx::read_write>>(*conn_);
          tx_->exec(kLockAuditHead);
          break;
        case TxMode::kMigrate:
          tx_ = std::make_unique<pqxx::transaction<pqxx::read_committed, pqxx::read_write>>(*conn_);
          tx_->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
          break;
      }
      return Status::Ok();
    });
  }

  Status Commit() override {
    if (!tx_) return Status::Internal("commit without a transaction");
    Status status = Guard([&]() -> Status {
      if (!durable_) tx_->exec("SET LOCAL synchronous_commit = off");
      tx_->commit();
      return Status::Ok();
    });
    tx_.reset();
    return status;
  }

  // A later synchronous commit flushes the WAL up to its own record, so past every earlier
  // asynchronous commit's record too.
  Status SetDurable(bool durable) override {
    durable_ = durable;
    return Status::Ok();
  }
  bool durable() const override { return durable_; }

  void Rollback() override {
    if (!tx_) return;
    try {
      tx_->abort();
    } catch (...) {
      broken_ = true;
    }
    tx_.reset();
  }

  Result<int64_t> Execute(std::string_view sql, std::span<const Param> params,
                          bool cache) override {
    PALERMO_ASSIGN_OR_RETURN(pqxx::result r, Run(sql, params, cache));
    return static_cast<int64_t>(r.affected_rows());
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const Param> params,
                                    bool cache) override {
    PALERMO_ASSIGN_OR_RETURN(pqxx::result r, Run(sql, params, cache));
    std::vector<SqlRow> rows;
    rows.reserve(r.size());
    const auto columns = r.columns();
    std::vector<pqxx::oid> types(columns);
    for (pqxx::row::size_type i = 0; i < columns; ++i) types[i] = r.column_type(i);
    for (const pqxx::row& pg_row : r) {
      SqlRow& row = rows.emplace_back();
      row.reserve(columns);
      for (pqxx::row::size_type i = 0; i < columns; ++i) {
        const pqxx::field f = pg_row[i];
        if (f.is_null()) {
          row.emplace_back(std::monostate{});
          continue;
        }
        const std::string_view text(f.c_str(), f.size());
        switch (types[i]) {
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

  Result<int64_t> LastInsertId() override {
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, Query("SELECT lastval()", {}, true));
    if (rows.empty() || !std::holds_alternative<int64_t>(rows[0][0])) {
      return Status::FailedPrecondition("no row was inserted into an {{id}} table yet");
    }
    return std::get<int64_t>(rows[0][0]);
  }

 private:
  static int64_t ParseInt(std::string_view text) {
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
  }

  Result<pqxx::result> Run(std::string_view sql, std::span<const Param> params, bool cache) {
    if (!tx_) return Status::Internal("statement outside a transaction");
    // Text-format parameters: libpq takes NUL-terminated strings, so bytea goes as "\x…" hex.
    std::vector<std::string> storage;
    storage.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) {
      if (std::holds_alternative<std::monostate>(p)) {
        values.push_back(nullptr);
        continue;
      }
      if (const auto* i = std::get_if<int64_t>(&p)) {
        storage.push_back(std::to_string(*i));
      } else if (const auto* d = std::get_if<double>(&p)) {
        char buf[32];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        storage.emplace_back(buf, end);
      } else if (const auto* s = std::get_if<std::string_view>(&p)) {
        if (s->find('\0') != std::string_view::npos) {
          return Status::InvalidArgument("text parameter holds a NUL byte; bind it as binary");
        }
        storage.emplace_back(*s);
      } else {
        storage.push_back(HexEncodeBytea(std::get<BlobView>(p).bytes));
      }
      values.push_back(nullptr);  // pointers are taken once storage stops growing
    }
    for (size_t i = 0, s = 0; i < params.size(); ++i) {
      if (!std::holds_alternative<std::monostate>(params[i])) values[i] = storage[s++].c_str();
    }
    Result<pqxx::result> result = Status::Internal("unset");
    Status status = Guard([&]() -> Status {
      const auto dynamic = pqxx::prepare::make_dynamic_params(values);
      if (cache) {
        auto it = prepared_.find(sql);
        if (it == prepared_.end()) {
          std::string name = "p" + std::to_string(prepared_.size());
          conn_->prepare(name, Translate(sql, Dialect::kPostgres));
          it = prepared_.emplace(std::string(sql), std::move(name)).first;
        }
        result = tx_->exec_prepared(it->second, dynamic);
      } else {
        result = tx_->exec_params(Translate(sql, Dialect::kPostgres), dynamic);
      }
      return Status::Ok();
    });
    if (!status.ok()) return status;
    return result;
  }

  // Runs `body`, turning every libpqxx exception into a Status.
  template <typename Body>
  Status Guard(Body&& body) {
    try {
      return body();
    } catch (const pqxx::broken_connection& e) {
      broken_ = true;
      return Status::Unavailable("postgresql: connection lost: " + FirstLine(e.what()));
    } catch (const pqxx::in_doubt_error& e) {
      broken_ = true;
      return Status::Unavailable(
          "postgresql: connection lost during commit; the transaction "
          "may or may not have been committed");
    } catch (const pqxx::serialization_failure& e) {
      return Status::Aborted(
          "postgresql: serialisation conflict with a concurrent transaction; "
          "retry the transaction");
    } catch (const pqxx::deadlock_detected& e) {
      return Status::Aborted(
          "postgresql: deadlock with a concurrent transaction; retry the "
          "transaction");
    } catch (const pqxx::unique_violation& e) {
      return Status::AlreadyExists("postgresql: " + FirstLine(e.what()));
    } catch (const pqxx::foreign_key_violation& e) {
      return Status::FailedPrecondition("postgresql: " + FirstLine(e.what()));
    } catch (const pqxx::sql_error& e) {
      const std::string& state = e.sqlstate();
      if (state == "40001" || state == "40P01") {
        return Status::Aborted("postgresql: serialisation conflict; retry the transaction");
      }
      if (state.starts_with("08") || state.starts_with("57P")) {
        broken_ = true;
        return Status::Unavailable("postgresql: " + state + ": " + FirstLine(e.what()));
      }
      if (state == "25006") {
        return Status::FailedPrecondition("postgresql: a write in a read-only transaction");
      }
      if (state.starts_with("22")) {
        return Status::InvalidArgument("postgresql: " + state + ": invalid value in a statement");
      }
      return Status::Internal("postgresql: " + state + ": " + FirstLine(e.what()));
    } catch (const std::exception& e) {
      return Status::Internal(std::string("postgresql: ") + FirstLine(e.what()));
    }
  }

  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::dbtransaction> tx_;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> prepared_;
  bool broken_ = false;
  bool durable_ = true;  // SetDurable
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  try {
    auto conn = std::make_unique<pqxx::connection>(url);
    {
      // Our own DDL uses IF NOT EXISTS; its NOTICEs are noise on stderr.
      pqxx::nontransaction setup(*conn);
      setup.exec("SET client_min_messages TO warning");
    }
    return std::unique_ptr<Connection>(std::make_unique<PgConnection>(std::move(conn)));
  } catch (const pqxx::broken_connection& e) {
    // libpq's message names host and port, never the password.
    return Status::Unavailable("cannot reach the PostgreSQL server: " + FirstLine(e.what()));
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot connect to PostgreSQL: " + FirstLine(e.what()));
  }
}

}  // namespace palermo::store::internal
