// The Store contract over internal::Connection. Engine differences stay in sqlite_store.cc and
// pg_store.cc; everything here (encryption, blind indexes, audit chain, rotation) is written
// once, so both engines behave the same by construction and the contract test checks it.
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

#include "store/audit_chain.h"
#include "store/content_hash.h"
#include "store/migrations.h"

namespace palermo::store::internal {

// The unit separator cannot occur in an agency code, so (agency, local_id) maps to one context.
std::string NotesContext(std::string_view agency, std::string_view local_id) {
  std::string context = "case_notes:";
  context.append(agency);
  context.push_back('\x1f');
  context.append(local_id);
  return context;
}

namespace {

constexpr int64_t kPageRows = 2000;
constexpr int kMaxPageCases = 1000;  // Transaction::ListCasesPage

// ---------------------------------------------------------------------------------------------
// Small helpers.

std::string_view AsText(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}
int64_t AsInt(const SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  return 0;
}
bool IsNull(const SqlValue& v) { return std::holds_alternative<std::monostate>(v); }

Param TextOrNull(const std::optional<std::string>& s) {
  if (!s) return std::monostate{};
  return std::string_view(*s);
}

std::optional<std::string> DateText(const std::optional<PartialDate>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

Result<std::optional<PartialDate>> ParseDateColumn(const SqlValue& v, std::string_view column) {
  if (IsNull(v)) return std::optional<PartialDate>();
  Result<PartialDate> date = PartialDate::Parse(AsText(v));
  if (!date.ok()) return Status::DataLoss("stored " + std::string(column) + " is not a date");
  return std::optional<PartialDate>(*date);
}

// Stored in blind_index.kind; part of the schema, never renumber.
int64_t IdentifierKindCode(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kFamilyName:
      return 1;
    case IdentifierKind::kGivenName:
      return 2;
    case IdentifierKind::kFullName:
      return 3;
    case IdentifierKind::kBirthDate:
      return 4;
    case IdentifierKind::kDocument:
      return 5;
    case IdentifierKind::kPhone:
      return 6;
  }
  return 0;
}

std::string PersonContext(int64_t person_id) { return "person:" + std::to_string(person_id); }
std::string QuarantineContext(int64_t id) { return "quarantine:" + std::to_string(id); }

std::string JoinCodes(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out.push_back('|');
    out += v;
  }
  return out;
}
std::vector<std::string> SplitCodes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t bar = text.find('|');
    out.emplace_back(text.substr(0, bar));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return out;
}

// The blind-index entries of one person: (kind, normalised value), empty values skipped.
std::vector<std::pair<IdentifierKind, std::string>> BlindEntries(const DirectIdentifiers& ids) {
  std::vector<std::pair<IdentifierKind, std::string>> out;
  auto add = [&](IdentifierKind kind, std::string_view value) {
    std::string normalised = NormaliseIdentifier(kind, value);
    if (normalised.empty()) return;
    for (const auto& [k, v] : out) {
      if (k == kind && v == normalised) return;
    }
    out.emplace_back(kind, std::move(normalised));
  };
  add(IdentifierKind::kFamilyName, ids.family_name);
  add(IdentifierKind::kGivenName, ids.given_name);
  if (!ids.full_name.empty()) {
    add(IdentifierKind::kFullName, ids.full_name);
  } else if (!ids.given_name.empty() || !ids.family_name.empty()) {
    add(IdentifierKind::kFullName, ids.given_name + " " + ids.family_name);
  }
  if (ids.birth_date) add(IdentifierKind::kBirthDate, ids.birth_date->ToString());
  for (const std::string& document : ids.document_numbers) add(IdentifierKind::kDocument, document);
  for (const std::string& phone : ids.phones) add(IdentifierKind::kPhone, phone);
  return out;
}

// Plain-text columns must be valid UTF-8 on both engines (PostgreSQL rejects anything else).
Status CheckText(std::string_view value, std::string_view field) {
  if (!IsValidUtf8(value) || value.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) + " is not valid UTF-8 text");
  }
  return Status::Ok();
}

Status CheckCaseText(const CaseRecord& r, std::string_view content_hash) {
  if (r.agency.empty()) return Status::InvalidArgument("case has no agency");
  if (r.local_id.empty()) return Status::InvalidArgument("case has no local id");
  if (content_hash.empty()) return Status::InvalidArgument("case has no content hash");
  PALERMO_RETURN_IF_ERROR(CheckText(r.agency, "agency"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.local_id, "local_id"));
  PALERMO_RETURN_IF_ERROR(CheckText(content_hash, "content_hash"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.country_of_exploitation, "country_of_exploitation"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.person.gender_detail, "gender_detail"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.person.citizenship, "citizenship"));
  for (const std::string& form : r.forms) PALERMO_RETURN_IF_ERROR(CheckText(form, "forms"));
  for (const TraffickingEvent& e : r.events) {
    PALERMO_RETURN_IF_ERROR(CheckText(e.country, "event country"));
    PALERMO_RETURN_IF_ERROR(CheckText(e.place, "event place"));
    for (const std::string& m : e.means_of_control) {
      PALERMO_RETURN_IF_ERROR(CheckText(m, "means_of_control"));
    }
  }
  return Status::Ok();
}

constexpr size_t kMaxRowsPerInsert = 64;

// "INSERT INTO blind_index (kind, hash, person_id) VALUES ($1, $2, $3), ($4, $5, $6)…"
const std::string& BlindInsertSql(size_t rows) {
  static const std::vector<std::string> statements = [] {
    std::vector<std::string> all(kMaxRowsPerInsert + 1);
    for (size_t n = 1; n <= kMaxRowsPerInsert; ++n) {
      std::string sql = "INSERT INTO blind_index (kind, hash, person_id) VALUES ";
      for (size_t row = 0; row < n; ++row) {
        if (row) sql += ", ";
        // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict on
        // "literal" + std::string.
        sql += "($";
        sql += std::to_string(3 * row + 1);
        sql += ", $";
        sql += std::to_string(3 * row + 2);
        sql += ", $";
        sql += std::to_string(3 * row + 3);
        sql += ")";
      }
      all[n] = std::move(sql);
    }
    return all;
  }();
  return statements[rows];
}

constexpr size_t kAuditRowColumns = 11;
constexpr size_t kAuditRowsPerInsert = 16;

// "INSERT INTO audit_log (seq, …, hash) VALUES ($1, …, $11), …" for 1..kAuditRowsPerInsert rows.
const std::string& AuditInsertSql(size_t rows) {
  static const std::vector<std::string> statements = [] {
    std::vector<std::string> all(kAuditRowsPerInsert + 1);
    for (size_t n = 1; n <= kAuditRowsPerInsert; ++n) {
      std::string sql =
          "INSERT INTO audit_log (seq, at, user_name, organisation, role, action, object_type, "
          "object_id, purpose, detail, hash) VALUES ";
      for (size_t row = 0; row < n; ++row) {
        sql += row ? ", (" : "(";
        for (size_t col = 1; col <= kAuditRowColumns; ++col) {
          if (col > 1) sql += ", ";
          sql += '$';
          sql += std::to_string(kAuditRowColumns * row + col);
        }
        sql += ")";
      }
      all[n] = std::move(sql);
    }
    return all;
  }();
  return statements[rows];
}

// Rows of one table waiting to be inserted with multi-row INSERT statements of up to
// kQueuedRowsPerInsert rows. Text and blob values are copied into one arena (the caller's may
// be gone by the time the rows are written): no allocation per value.
class RowQueue {
 public:
  RowQueue(std::string_view table_and_columns, size_t columns)
      : table_and_columns_(table_and_columns), columns_(columns) {}

  size_t rows() const { return params_.size() / columns_; }

  void Add(std::span<const Param> row) {
    PALERMO_DCHECK(row.size() == columns_, "a queued row has the wrong number of columns");
    for (const Param& value : row) {
      if (const auto* text = std::get_if<std::string_view>(&value)) {
        Copy(*text, /*blob=*/false);
      } else if (const auto* blob = std::get_if<BlobView>(&value)) {
        Copy(blob->bytes, /*blob=*/true);
      } else {
        params_.push_back(value);
      }
    }
  }

  // Inserts every queued row through `exec(sql, params)`, in the order added.
  template <typename Exec>
  Status Flush(Exec&& exec) {
    if (params_.empty()) return Status::Ok();
    if (statements_.empty()) BuildStatements();
    // The arena no longer grows: its bytes can be viewed now.
    for (const Copied& copied : copied_) {
      const std::string_view bytes(arena_.data() + copied.offset, copied.size);
      params_[copied.index] = copied.blob ? Param(BlobView{bytes}) : Param(bytes);
    }
    const size_t chunk = columns_ * kQueuedRowsPerInsert;
    for (size_t first = 0; first < params_.size(); first += chunk) {
      const size_t n = std::min(chunk, params_.size() - first);
      PALERMO_RETURN_IF_ERROR(
          exec(statements_[n / columns_], std::span<const Param>(params_).subspan(first, n)));
    }
    Clear();
    return Status::Ok();
  }

  // Inserts rows whose values the caller keeps alive until this returns (`params` holds whole
  // rows, in order), with the same statements as Flush, without copying them.
  template <typename Exec>
  Status InsertRows(std::span<const Param> params, Exec&& exec) {
    if (params.empty()) return Status::Ok();
    if (statements_.empty()) BuildStatements();
    const size_t chunk = columns_ * kQueuedRowsPerInsert;
    for (size_t first = 0; first < params.size(); first += chunk) {
      const size_t n = std::min(chunk, params.size() - first);
      PALERMO_RETURN_IF_ERROR(exec(statements_[n / columns_], params.subspan(first, n)));
    }
    return Status::Ok();
  }

  void Clear() {
    params_.clear();
    copied_.clear();
    arena_.clear();
  }

 private:
  // A text or blob value: params_[index] is a placeholder until Flush.
  struct Copied {
    size_t index;
    size_t offset;
    size_t size;
    bool blob;
  };

  void Copy(std::string_view bytes, bool blob) {
    copied_.push_back({params_.size(), arena_.size(), bytes.size(), blob});
    arena_.append(bytes);
    params_.emplace_back(std::monostate{});
  }

  // "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)…" for 1..kQueuedRowsPerInsert rows, built
  // on first use (a transaction that inserts no case never needs them).
  void BuildStatements() {
    statements_.resize(kQueuedRowsPerInsert + 1);
    for (size_t n = 1; n <= kQueuedRowsPerInsert; ++n) {
      std::string sql = "INSERT INTO " + std::string(table_and_columns_) + " VALUES ";
      for (size_t row = 0; row < n; ++row) {
        sql += row ? ", (" : "(";
        for (size_t col = 1; col <= columns_; ++col) {
          if (col > 1) sql += ", ";
          sql += '$';
          sql += std::to_string(columns_ * row + col);
        }
        sql += ")";
      }
      statements_[n] = std::move(sql);
    }
  }

  static constexpr size_t kQueuedRowsPerInsert = 32;
  const std::string_view table_and_columns_;  // a literal
  const size_t columns_;
  std::vector<std::string> statements_;
  std::vector<Param> params_;
  std::vector<Copied> copied_;
  std::string arena_;  // every copied value's bytes, back to back
};

// A blind-index row: (kind code, keyed hash, person id), the table's key order.
struct BlindRow {
  int64_t kind;
  int64_t hash;
  int64_t person_id;
  auto operator<=>(const BlindRow&) const = default;
};

// Appends the blind-index rows of one person to `out` (BlindEntries, hashed with `keys`).
void AddBlindRows(const Keys& keys, PersonId person_id, const DirectIdentifiers& ids,
                  std::vector<BlindRow>& out);

// The part of a large insert that needs the key but not the database: sealing identifiers,
// blind-index hashes and audit-chain hashes. A transaction that inserts many cases hands it to
// this second thread, which works while the first goes on writing rows (an import is then
// limited by SQLite, not by libsodium). Jobs are done in the order given, so the audit chain
// comes out exactly as if hashed inline. Not thread-safe itself: one owner thread calls it.
class CryptoLane {
 public:
  struct Output {
    std::vector<std::pair<PersonId, std::string>> sealed;  // person id, sealed identifiers
    std::vector<BlindRow> blind;
    std::vector<AuditEntry> audit;  // hashed
    std::string head_hash;          // of the last audit entry given so far
  };

  CryptoLane(std::shared_ptr<const Keys> keys, std::string head_hash)
      : keys_(std::move(keys)), head_hash_(std::move(head_hash)), thread_([this] { Run(); }) {}
  ~CryptoLane() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  CryptoLane(const CryptoLane&) = delete;
  CryptoLane& operator=(const CryptoLane&) = delete;

  void Seal(PersonId person_id, const DirectIdentifiers& ids) { Stage(SealJob{person_id, ids}); }
  // `entry.hash` is computed by the lane.
  void Audit(AuditEntry entry) { Stage(std::move(entry)); }
  size_t queued() const { return queued_; }

  // Hands over the results of the jobs finished so far, without waiting for the others (and
  // without head_hash, which only Drain gives). For a flush that only bounds memory: waiting
  // for a lane that is behind (descheduled on a busy machine) stalled the writing thread.
  Output TakeFinished() {
    Hand(/*wait=*/false);
    std::lock_guard lock(mu_);
    Output out = std::move(out_);
    out_ = Output{};
    queued_ = staged_.size();
    return out;
  }

  // Waits for every job given so far and hands over their results.
  Output Drain() {
    Hand();
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [this] { return jobs_.empty() && !busy_; });
    Output out = std::move(out_);
    out_ = Output{};
    out.head_hash = head_hash_;
    queued_ = 0;
    return out;
  }

 private:
  struct SealJob {
    PersonId person_id = 0;
    DirectIdentifiers ids;
  };
  using Job = std::variant<SealJob, AuditEntry>;

  // Jobs are handed over kHandJobs at a time: one lock and one wake-up per group, not per job.
  static constexpr size_t kHandJobs = 256;

  // Not inlined: GCC 12 then reports the variant's inactive SealJob as maybe-uninitialized
  // when an AuditEntry is staged (a false positive under -Werror).
  [[gnu::noinline]] void Stage(Job job) {
    staged_.push_back(std::move(job));
    ++queued_;
    if (staged_.size() >= kHandJobs) Hand(/*wait=*/false);
  }

  // Moves the staged jobs to the lane. Without `wait`, gives up when the lane holds the lock
  // (the jobs stay staged for the next try): when the machine has more runnable threads than
  // cores, the lane can be descheduled while holding it, and the writing thread used to sleep
  // a whole time slice here (about 2 s per million cases).
  void Hand(bool wait = true) {
    if (staged_.empty()) return;
    {
      std::unique_lock lock(mu_, std::defer_lock);
      if (wait) {
        lock.lock();
      } else if (!lock.try_lock()) {
        return;
      }
      if (jobs_.empty()) {
        jobs_.swap(staged_);
      } else {
        jobs_.insert(jobs_.end(), std::make_move_iterator(staged_.begin()),
                     std::make_move_iterator(staged_.end()));
      }
    }
    staged_.clear();
    staged_.reserve(kHandJobs);
    wake_.notify_one();
  }

  void Run() {
    std::vector<Job> batch;
    Output local;
    while (true) {
      {
        std::unique_lock lock(mu_);
        busy_ = false;
        // Results are published under the lock, together with busy_ = false, so Drain sees
        // every result of every job it waited for.
        Append(std::move(local));
        local = Output{};
        if (jobs_.empty()) done_cv_.notify_all();
        wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stop_
        batch.swap(jobs_);
        busy_ = true;
      }
      for (Job& job : batch) {
        if (auto* seal = std::get_if<SealJob>(&job)) {
          local.sealed.emplace_back(seal->person_id,
                                    keys_->Seal(SerializeIdentifiers(seal->ids),
                                                PersonContext(seal->person_id), nonces_));
          AddBlindRows(*keys_, seal->person_id, seal->ids, local.blind);
        } else {
          AuditEntry& entry = std::get<AuditEntry>(job);
          entry.hash = AuditHash(*keys_, head_hash_, entry);
          head_hash_ = entry.hash;  // read by Drain only when the lane is idle
          local.audit.push_back(std::move(entry));
        }
      }
      batch.clear();
    }
  }

  // REQUIRES: mu_ held.
  void Append(Output&& local) {
    auto move_all = [](auto& to, auto& from) {
      if (to.empty()) {
        to.swap(from);
      } else {
        to.insert(to.end(), std::make_move_iterator(from.begin()),
                  std::make_move_iterator(from.end()));
      }
    };
    move_all(out_.sealed, local.sealed);
    move_all(out_.blind, local.blind);
    move_all(out_.audit, local.audit);
  }

  const std::shared_ptr<const Keys> keys_;
  std::mutex mu_;
  std::condition_variable wake_;     // jobs or stop
  std::condition_variable done_cv_;  // the lane went idle
  std::vector<Job> jobs_;            // guarded by mu_
  bool busy_ = false;                // guarded by mu_: a batch is being worked on
  bool stop_ = false;                // guarded by mu_
  Output out_;                       // guarded by mu_
  std::string head_hash_;            // the lane thread's; read by Drain when idle
  NonceSequence nonces_;             // the lane thread's
  size_t queued_ = 0;                // owner thread's: jobs since the last Drain
  std::vector<Job> staged_;          // owner thread's: jobs not yet handed over
  std::thread thread_;               // last: starts once everything above is constructed
};

void AddBlindRows(const Keys& keys, PersonId person_id, const DirectIdentifiers& ids,
                  std::vector<BlindRow>& out) {
  for (const auto& [kind, normalised] : BlindEntries(ids)) {
    const int64_t kind_code = IdentifierKindCode(kind);
    out.push_back({kind_code, keys.BlindHash(static_cast<int>(kind_code), normalised), person_id});
  }
}

// ---------------------------------------------------------------------------------------------
// Identifier serialisation: version byte 1, then u32-LE-length-prefixed strings.

void PutString(std::string& out, std::string_view s) {
  const auto n = static_cast<uint32_t>(s.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool Get(std::string& out) {
    uint32_t n = 0;
    if (!GetU32(n) || rest_.size() < n) return false;
    out.assign(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return true;
  }
  bool GetList(std::vector<std::string>& out) {
    uint32_t count = 0;
    if (!GetU32(count) || count > rest_.size()) return false;
    out.resize(count);
    for (std::string& s : out) {
      if (!Get(s)) return false;
    }
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  bool GetU32(uint32_t& n) {
    if (rest_.size() < 4) return false;
    n = 0;
    for (int i = 0; i < 4; ++i)
      n |= static_cast<uint32_t>(static_cast<unsigned char>(rest_[i])) << (8 * i);
    rest_.remove_prefix(4);
    return true;
  }
  std::string_view rest_;
};

// ---------------------------------------------------------------------------------------------
// Audit chain verification over a connection with an open transaction.

constexpr const char* kAuditColumns =
    "seq, at, user_name, organisation, role, action, object_type, object_id, purpose, detail, "
    "hash";

AuditEntry AuditFromRow(const SqlRow& row) {
  AuditEntry e;
  e.seq = AsInt(row[0]);
  e.at = AsText(row[1]);
  e.user = AsText(row[2]);
  e.organisation = AsText(row[3]);
  e.role = AsText(row[4]);
  e.action = AsText(row[5]);
  e.object_type = AsText(row[6]);
  e.object_id = AsText(row[7]);
  e.purpose = AsText(row[8]);
  e.detail = AsText(row[9]);
  e.hash = AsText(row[10]);
  return e;
}

Result<std::pair<int64_t, std::string>> ReadHead(Connection& conn, bool for_update) {
  const std::string_view sql = for_update && conn.engine() == "postgresql"
                                   ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                                   : "SELECT seq, hash FROM audit_head WHERE id = 1";
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, conn.Query(sql, {}));
  if (rows.empty()) return Status::DataLoss("the audit chain head row is missing");
  return std::make_pair(AsInt(rows[0][0]), std::string(AsText(rows[0][1])));
}

// Walks the chain in pages. `visit` is called for each intact entry (with its recomputed
// hash) and may rewrite it (key rotation).
template <typename Visit>
Status WalkChain(Connection& conn, const Keys& keys, Visit&& visit) {
  PALERMO_ASSIGN_OR_RETURN(auto head, ReadHead(conn, /*for_update=*/false));
  int64_t expected = 1;
  std::string prev;
  const std::string sql = std::string("SELECT ") + kAuditColumns +
                          " FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2";
  while (true) {
    const Param params[] = {expected, kPageRows};
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, conn.Query(sql, params));
    for (const SqlRow& row : rows) {
      const AuditEntry entry = AuditFromRow(row);
      if (entry.seq != expected) {
        return Status::DataLoss("audit entry " + std::to_string(expected) + " is missing");
      }
      if (AuditHash(keys, prev, entry) != entry.hash) {
        return Status::DataLoss("audit entry " + std::to_string(entry.seq) +
                                " does not match its hash");
      }
      PALERMO_RETURN_IF_ERROR(visit(entry));
      prev = entry.hash;
      ++expected;
    }
    if (static_cast<int64_t>(rows.size()) < kPageRows) break;
  }
  const int64_t last = expected - 1;
  if (head.first > last) {
    return Status::DataLoss("audit entry " + std::to_string(last + 1) + " is missing");
  }
  if (head.first < last) {
    return Status::DataLoss("audit entry " + std::to_string(head.first + 1) +
                            " is not covered by the chain head");
  }
  if (head.second != prev) {
    return Status::DataLoss("the audit chain head does not match audit entry " +
                            std::to_string(last));
  }
  return Status::Ok();
}

void RemoveFile(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

bool FileExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

// ---------------------------------------------------------------------------------------------

struct Backend {
  bool postgres = false;
  std::string target;  // file path or libpq URL
};

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
    if (!backend_.postgres) {
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

Lease::~Lease() {
  if (!conn_) return;
  conn_->Rollback();
  store_->Release(std::move(conn_));
}

// Checks, inside the transaction just begun on `conn`, that `keys` match the database; when
// they do not, the store's current keys are tried (another thread may have rotated them).
Status CheckKeys(Connection& conn, const SqlStore& store, std::shared_ptr<const Keys>& keys) {
  PALERMO_ASSIGN_OR_RETURN(std::optional<std::string> stored, StoredKeyCheck(conn));
  if (stored && *stored == keys->CheckValue()) return Status::Ok();
  keys = store.keys();
  if (stored && *stored == keys->CheckValue()) return Status::Ok();
  return Status::Unauthenticated(
      "the key no longer opens this database (it was rotated by another process); reopen it "
      "with the new key file");
}

// ---------------------------------------------------------------------------------------------

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

  Status Commit() override {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (read_only_) {
      PALERMO_RETURN_IF_ERROR(EndRead());
      if (deferred_audit_.empty()) {
        done_ = true;
        return Status::Ok();
      }
      PALERMO_RETURN_IF_ERROR(ReopenForAudit());
    }
    PALERMO_RETURN_IF_ERROR(FlushPending());
    done_ = true;
    if (head_dirty_) {
      const Param params[] = {head_seq_, std::string_view(head_hash_)};
      Status status =
          lease_->Execute("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", params)
              .status();
      if (!status.ok()) {
        lease_->Rollback();
        writer_.Release();
        return status;
      }
    }
    Status committed = lease_->Commit();
    writer_.Release();
    return committed;
  }

  Result<OrganisationId> UpsertOrganisation(const Organisation& o) override {
    PALERMO_RETURN_IF_ERROR(Writable());
    if (o.code.empty()) return Status::InvalidArgument("organisation has no code");
    for (const std::string* s : {&o.code, &o.name, &o.type, &o.country}) {
      PALERMO_RETURN_IF_ERROR(CheckText(*s, "organisation"));
    }
    const Param params[] = {std::string_view(o.code), std::string_view(o.name),
                            std::string_view(o.type), std::string_view(o.country)};
    auto rows = lease_->Query(
        "INSERT INTO organisation (code, name, type, country) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, "
        "country = excluded.country RETURNING id",
        params);
    if (!rows.ok()) return Poison(rows.status());
    const int64_t id = AsInt((*rows)[0][0]);
    PALERMO_RETURN_IF_ERROR(
        AppendAudit("upsert_organisation", "organisation", std::to_string(id), "", o.code));
    return id;
  }

  Result<CaseId> InsertCase(const CaseRecord& r, std::string_view content_hash) override {
    PALERMO_RETURN_IF_ERROR(Writable());
    PALERMO_RETURN_IF_ERROR(CheckCaseText(r, content_hash));
    const std::optional<std::string> identification = DateText(r.identification_date);
    const std::optional<std::string> sealed_notes =
        r.notes.empty() ? std::nullopt
                        : std::optional(keys_->Seal(r.notes, NotesContext(r.agency, r.local_id)));
    if (now_.empty()) now_ = NowIso8601();
    // Only the keyed hash and the sealed digest are stored (content_hash.h).
    const KeyedContent content = KeyContent(*keys_, content_hash, nonces_);
    const int64_t content_key = content.key;
    const Param case_params[] = {
        std::string_view(r.agency),
        std::string_view(r.local_id),
        std::string_view(content.hash),
        VictimStatusCode(r.victim_status),
        TextOrNull(identification),
        r.age_at_identification ? Param(int64_t{*r.age_at_identification}) : Param(),
        std::string_view(r.country_of_exploitation),
        sealed_notes ? Param(BlobView{*sealed_notes}) : Param(),
        std::string_view(now_),
        content_key,
        BlobView{content.sealed}};
    // A case with this content is looked up by its key and confirmed on the full hash (no
    // UNIQUE constraint since store v3, and none needed: writers are serialised on both
    // engines). A taken local id is refused by ON CONFLICT DO NOTHING: no SQL error, which on
    // PostgreSQL would end the transaction.
    CaseId case_id = 0;
    if (lease_->engine() == "sqlite") {
      // Two statements, no round trip: a look-up, then the insert. The new id comes without
      // RETURNING, which would materialise the row in a temporary table first.
      PALERMO_ASSIGN_OR_RETURN(const bool same, SameContentStored(content_key, content.hash));
      if (same) return ContentStored();
      auto changed = lease_->Execute(
          "INSERT INTO case_record (agency, local_id, content_hash, victim_status, "
          "identification_date, age_at_identification, country_of_exploitation, notes, "
          "created_at, content_key, content_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, $11) ON CONFLICT DO NOTHING",
          case_params);
      if (!changed.ok()) return Poison(changed.status());
      if (*changed == 0) return LocalIdTaken(r);
      auto id = lease_->LastInsertId();
      if (!id.ok()) return Poison(id.status());
      case_id = *id;
    } else {
      // One round trip: the look-up is part of the insert (its parameters typed, since an
      // INSERT ... SELECT does not type them from the target columns). Nothing returned means
      // a duplicate of either kind, told apart by a second look-up on that rare path only.
      auto inserted = lease_->Query(
          "INSERT INTO case_record (agency, local_id, content_hash, victim_status, "
          "identification_date, age_at_identification, country_of_exploitation, notes, "
          "created_at, content_key, content_sealed) SELECT $1::text, $2::text, $3::text, "
          "$4::text, $5::text, $6::integer, $7::text, $8::bytea, $9::text, $10::bigint, "
          "$11::bytea WHERE NOT EXISTS (SELECT 1 "
          "FROM case_record WHERE content_key = $10::bigint AND content_hash = $3::text) "
          "ON CONFLICT DO NOTHING RETURNING id",
          case_params);
      if (!inserted.ok()) return Poison(inserted.status());
      if (inserted->empty()) {
        PALERMO_ASSIGN_OR_RETURN(const bool same, SameContentStored(content_key, content.hash));
        return same ? ContentStored() : LocalIdTaken(r);
      }
      case_id = AsInt((*inserted)[0][0]);
    }

    // The person shares the case's id: one row each, no second unique index to maintain.
    const PersonId person_id = case_id;
    const Param person_params[] = {
        person_id, SexCode(r.person.sex), std::string_view(r.person.gender_detail),
        std::string_view(r.person.citizenship),
        r.person.birth_year ? Param(int64_t{*r.person.birth_year}) : Param()};
    // Child rows are queued (FlushPending): one multi-row statement per table and 32 rows.
    person_queue_.Add(person_params);

    if (!lane_ && ++inserted_ > kLaneAfterCases && head_loaded_) {
      lane_ = std::make_unique<CryptoLane>(keys_, head_hash_);
    }
    if (!r.person.identifiers.empty()) {
      if (lane_) {
        lane_->Seal(person_id, r.person.identifiers);
      } else {
        PALERMO_RETURN_IF_ERROR(
            WriteIdentifiers(person_id, r.person.identifiers, /*update=*/false));
      }
    }
    int64_t ordinal = 0;
    for (size_t form_idx = 0; form_idx < r.forms.size(); ++form_idx) {
      const std::string& form = r.forms[form_idx];
      if (std::find(r.forms.begin(), r.forms.begin() + form_idx, form) !=
          r.forms.begin() + form_idx) {
        continue;  // a form is recorded once per case
      }
      const Param params[] = {case_id, ordinal++, std::string_view(form)};
      form_queue_.Add(params);
    }
    for (size_t event_idx = 0; event_idx < r.events.size(); ++event_idx) {
      const TraffickingEvent& e = r.events[event_idx];
      const std::optional<std::string> start = DateText(e.start);
      const std::optional<std::string> end = DateText(e.end);
      const std::string means = JoinCodes(e.means_of_control);
      const Param params[] = {case_id,
                              static_cast<int64_t>(event_idx),
                              EventTypeCode(e.type),
                              std::string_view(e.country),
                              std::string_view(e.place),
                              TextOrNull(start),
                              TextOrNull(end),
                              std::string_view(means)};
      event_queue_.Add(params);
    }
    PALERMO_RETURN_IF_ERROR(
        AppendAudit("insert_case", "case", std::to_string(case_id), "", "agency=" + r.agency));
    if (person_queue_.rows() >= kMaxQueuedCases) {
      PALERMO_RETURN_IF_ERROR(FlushPending(/*wait_for_lane=*/false));
    }
    return case_id;
  }

  Result<bool> HasContentHash(std::string_view content_hash) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    PALERMO_RETURN_IF_ERROR(CheckText(content_hash, "content_hash"));
    const std::string keyed = keys_->ContentHash(content_hash);
    const Param params[] = {std::string_view(keyed), ContentKey(keyed)};
    auto rows = lease_->Query(
        "SELECT 1 FROM case_record WHERE content_key = $2 AND content_hash = $1 UNION ALL "
        "SELECT 1 FROM quarantine WHERE content_hash = $1 LIMIT 1",
        params);
    if (!rows.ok()) return Poison(rows.status());
    return !rows->empty();
  }

  Result<std::string> GeneratedLocalId(std::string_view content_hash) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (content_hash.empty()) return Status::InvalidArgument("empty content hash");
    return internal::GeneratedLocalId(keys_->ContentHash(content_hash));
  }

  Result<CaseRecord> GetCase(CaseId id, bool with_identifiers, std::string_view purpose) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (with_identifiers && purpose.empty()) {
      return Status::InvalidArgument("reading identifiers needs a purpose");
    }
    const Param filter[] = {id};
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<CaseRecord> cases,
        ReadCases("case_record c", " WHERE c.id = $1", filter, false, with_identifiers));
    if (cases.empty()) return Status::NotFound("no case " + std::to_string(id));
    if (with_identifiers) {
      PALERMO_RETURN_IF_ERROR(
          AppendAudit("read_identifiers", "case", std::to_string(id), purpose, ""));
    }
    return std::move(cases[0]);
  }

  Result<std::vector<CaseRecord>> ListCases(std::string_view agency, bool with_identifiers,
                                            std::string_view purpose) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (with_identifiers && purpose.empty()) {
      return Status::InvalidArgument("reading identifiers needs a purpose");
    }
    PALERMO_RETURN_IF_ERROR(CheckText(agency, "agency"));
    const Param filter[] = {agency};
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<CaseRecord> cases,
        agency.empty()
            ? ReadCases("case_record c", "", {}, false, with_identifiers)
            : ReadCases("case_record c", " WHERE c.agency = $1", filter, false, with_identifiers));
    if (with_identifiers) {
      PALERMO_RETURN_IF_ERROR(AppendAudit("read_identifiers", "case",
                                          agency.empty() ? "*" : std::string(agency), purpose,
                                          "cases=" + std::to_string(cases.size())));
    }
    return cases;
  }

  Result<std::vector<CaseRecord>> ListCasesPage(std::string_view agency, CaseId before,
                                                int limit) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (limit < 1 || limit > kMaxPageCases) {
      return Status::InvalidArgument("a page holds 1 to " + std::to_string(kMaxPageCases) +
                                     " cases, not " + std::to_string(limit));
    }
    if (before < 0) return Status::InvalidArgument("a page cannot start before a negative id");
    PALERMO_RETURN_IF_ERROR(CheckText(agency, "agency"));
    const int64_t below = before == 0 ? std::numeric_limits<int64_t>::max() : before;
    // The page's ids come from one index range scan (case_record_agency_id, or the primary key
    // for every agency); the rows, forms and events are then fetched by key for those ids only.
    if (agency.empty()) {
      const Param params[] = {below, int64_t{limit}};
      return ReadCases(
          "(SELECT id FROM case_record WHERE id < $1 ORDER BY id DESC LIMIT $2) s "
          "JOIN case_record c ON c.id = s.id",
          "", params, /*newest_first=*/true, /*with_identifiers=*/false);
    }
    const Param params[] = {agency, below, int64_t{limit}};
    return ReadCases(
        "(SELECT id FROM case_record WHERE agency = $1 AND id < $2 ORDER BY id DESC LIMIT $3) s "
        "JOIN case_record c ON c.id = s.id",
        "", params, /*newest_first=*/true, /*with_identifiers=*/false);
  }

  Result<int64_t> CountCases() override {
    PALERMO_RETURN_IF_ERROR(Usable());
    auto rows = lease_->Query("SELECT count(*) FROM case_record", {});
    if (!rows.ok()) return Poison(rows.status());
    return AsInt((*rows)[0][0]);
  }

  Result<std::vector<CaseId>> FindCasesByIdentifier(IdentifierKind kind,
                                                    std::string_view value) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    const std::string normalised = NormaliseIdentifier(kind, value);
    std::vector<CaseId> ids;
    if (normalised.empty()) return ids;
    const int64_t kind_code = IdentifierKindCode(kind);
    DrainLane();
    PALERMO_RETURN_IF_ERROR(FlushBlindIndex());
    const Param params[] = {kind_code, keys_->BlindHash(static_cast<int>(kind_code), normalised)};
    // A person's id is its case's id.
    auto rows = lease_->Query(
        "SELECT person_id FROM blind_index WHERE kind = $1 AND hash = $2 ORDER BY person_id",
        params);
    if (!rows.ok()) return Poison(rows.status());
    for (const SqlRow& row : *rows) {
      if (ids.empty() || ids.back() != AsInt(row[0])) ids.push_back(AsInt(row[0]));
    }
    return ids;
  }

  Result<int64_t> AddQuarantine(const QuarantineEntry& e) override {
    PALERMO_RETURN_IF_ERROR(Writable());
    for (const std::string* s : {&e.source_file, &e.agency, &e.field, &e.reason, &e.content_hash}) {
      PALERMO_RETURN_IF_ERROR(CheckText(*s, "quarantine entry"));
    }
    const std::string now = NowIso8601();
    const std::optional<KeyedContent> content =
        e.content_hash.empty() ? std::nullopt
                               : std::optional(KeyContent(*keys_, e.content_hash, nonces_));
    const Param params[] = {std::string_view(e.source_file),
                            std::string_view(e.agency),
                            e.line,
                            std::string_view(e.field),
                            std::string_view(e.reason),
                            content ? Param(std::string_view(content->hash)) : Param(),
                            std::string_view(now),
                            content ? Param(BlobView{content->sealed}) : Param()};
    auto rows = lease_->Query(
        "INSERT INTO quarantine (source_file, agency, line, field, reason, content_hash, "
        "created_at, content_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO "
        "NOTHING RETURNING id",
        params);
    if (!rows.ok()) return Poison(rows.status());
    if (rows->empty()) {
      return Status::AlreadyExists("a quarantine entry with this content hash is already stored");
    }
    const int64_t id = AsInt((*rows)[0][0]);
    if (!e.raw.empty()) {
      const std::string sealed = keys_->Seal(e.raw, QuarantineContext(id));
      const Param update[] = {BlobView{sealed}, id};
      PALERMO_RETURN_IF_ERROR(Exec("UPDATE quarantine SET raw = $1 WHERE id = $2", update));
    }
    PALERMO_RETURN_IF_ERROR(
        AppendAudit("add_quarantine", "quarantine", std::to_string(id), "", "agency=" + e.agency));
    return id;
  }

  Result<std::vector<QuarantineEntry>> ListQuarantine(bool all, bool with_raw) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    auto rows = lease_->Query(
        all ? "SELECT id, source_file, agency, line, field, reason, raw, content_hash, "
              "created_at, resolved FROM quarantine ORDER BY id"
            : "SELECT id, source_file, agency, line, field, reason, raw, content_hash, "
              "created_at, resolved FROM quarantine WHERE resolved = 0 ORDER BY id",
        {});
    if (!rows.ok()) return Poison(rows.status());
    std::vector<QuarantineEntry> entries;
    entries.reserve(rows->size());
    for (const SqlRow& row : *rows) {
      QuarantineEntry& e = entries.emplace_back();
      e.id = AsInt(row[0]);
      e.source_file = AsText(row[1]);
      e.agency = AsText(row[2]);
      e.line = AsInt(row[3]);
      e.field = AsText(row[4]);
      e.reason = AsText(row[5]);
      if (with_raw && !IsNull(row[6])) {
        PALERMO_ASSIGN_OR_RETURN(e.raw, keys_->Open(AsText(row[6]), QuarantineContext(e.id)));
      }
      e.content_hash = AsText(row[7]);
      e.created_at = AsText(row[8]);
      e.resolved = AsInt(row[9]) != 0;
    }
    if (with_raw) {
      PALERMO_RETURN_IF_ERROR(AppendAudit("read_quarantine_raw", "quarantine",
                                          all ? "*" : "unresolved", "quarantine review",
                                          "entries=" + std::to_string(entries.size())));
    }
    return entries;
  }

  Status ResolveQuarantine(int64_t id) override {
    PALERMO_RETURN_IF_ERROR(Writable());
    const Param params[] = {id};
    auto changed = lease_->Execute("UPDATE quarantine SET resolved = 1 WHERE id = $1", params);
    if (!changed.ok()) return Poison(changed.status());
    if (*changed == 0) return Status::NotFound("no quarantine entry " + std::to_string(id));
    return AppendAudit("resolve_quarantine", "quarantine", std::to_string(id), "", "");
  }

  Status Audit(std::string_view action, std::string_view object_type, std::string_view object_id,
               std::string_view purpose, std::string_view detail) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    if (action.empty()) return Status::InvalidArgument("audit entry has no action");
    for (std::string_view s : {action, object_type, object_id, purpose, detail}) {
      PALERMO_RETURN_IF_ERROR(CheckText(s, "audit entry"));
    }
    return AppendAudit(action, object_type, object_id, purpose, detail);
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<SqlValue>& params) override {
    PALERMO_RETURN_IF_ERROR(Writable());
    PALERMO_RETURN_IF_ERROR(FlushPending());
    const std::vector<Param> bound = Bind(params);
    auto changed = lease_->Execute(sql, bound);
    if (!changed.ok()) return Poison(changed.status());
    return *changed;
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql,
                                    const std::vector<SqlValue>& params) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    PALERMO_RETURN_IF_ERROR(FlushPending());
    const std::vector<Param> bound = Bind(params);
    auto rows = lease_->Query(sql, bound);
    if (!rows.ok()) return Poison(rows.status());
    return rows;
  }

  Result<int64_t> LastInsertId() override {
    PALERMO_RETURN_IF_ERROR(Usable());
    return lease_->LastInsertId();
  }

  Result<std::string> Seal(std::string_view plaintext, std::string_view context) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    return keys_->Seal(plaintext, context);
  }

  Result<std::string> Open(std::string_view sealed, std::string_view context) override {
    PALERMO_RETURN_IF_ERROR(Usable());
    return keys_->Open(sealed, context);
  }

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
  Status EndRead() {
    PALERMO_RETURN_IF_ERROR(FlushPending());
    const Status ended = lease_->Commit();
    if (!ended.ok()) return Poison(ended);
    read_only_ = false;
    return Status::Ok();
  }

  // Turns an ended read transaction into a write transaction that appends the audit entries
  // kept while reading (Store::BeginRead). The key is checked again: it may have been rotated
  // since the snapshot was taken. The append needs no snapshot (TxMode::kAppend), so on
  // PostgreSQL it waits for the head's lock rather than failing when another writer moved it.
  Status ReopenForAudit() {
    Result<WriterGate::Turn> writer = store_->BeginWrite(*lease_, TxMode::kAppend);
    if (!writer.ok()) return Poison(writer.status());
    writer_ = std::move(*writer);
    const Status keys = CheckKeys(*lease_, *store_, keys_);
    if (!keys.ok()) return Poison(keys);
    const std::vector<DeferredAudit> entries = std::move(deferred_audit_);
    deferred_audit_.clear();
    for (const DeferredAudit& e : entries) {
      PALERMO_RETURN_IF_ERROR(
          AppendAudit(e.action, e.object_type, e.object_id, e.purpose, e.detail));
    }
    return Status::Ok();
  }

  // Records a failure after which the transaction cannot continue (a half-written case, an
  // SQL error, which on PostgreSQL aborts the transaction anyway) and returns it.
  Status Poison(Status status) {
    poison_ = status.WithContext("transaction rolled back");
    lease_->Rollback();
    writer_.Release();
    return status;
  }

  Status Exec(std::string_view sql, std::span<const Param> params) {
    auto changed = lease_->Execute(sql, params);
    if (!changed.ok()) return Poison(changed.status());
    return Status::Ok();
  }

  static std::vector<Param> Bind(const std::vector<SqlValue>& params) {
    std::vector<Param> bound;
    bound.reserve(params.size());
    for (const SqlValue& v : params) {
      if (const auto* s = std::get_if<std::string>(&v)) {
        if (IsValidUtf8(*s) && s->find('\0') == std::string::npos) {
          bound.emplace_back(std::string_view(*s));
        } else {
          bound.emplace_back(BlobView{*s});
        }
      } else if (const auto* i = std::get_if<int64_t>(&v)) {
        bound.emplace_back(*i);
      } else if (const auto* d = std::get_if<double>(&v)) {
        bound.emplace_back(*d);
      } else {
        bound.emplace_back(std::monostate{});
      }
    }
    return bound;
  }

  Result<bool> SameContentStored(int64_t content_key, std::string_view content_hash) {
    const Param params[] = {content_key, content_hash};
    auto rows = lease_->Query(
        "SELECT 1 FROM case_record WHERE content_key = $1 AND content_hash = $2 LIMIT 1", params);
    if (!rows.ok()) return Poison(rows.status());
    return !rows->empty();
  }

  static Status ContentStored() {
    return Status::AlreadyExists("a case with this content hash is already stored");
  }

  static Status LocalIdTaken(const CaseRecord& r) {
    return Status::AlreadyExists("agency " + r.agency + " already has a case with this local id");
  }

  Status WriteIdentifiers(PersonId person_id, const DirectIdentifiers& ids, bool update) {
    const std::string sealed = keys_->Seal(SerializeIdentifiers(ids), PersonContext(person_id));
    const Param params[] = {person_id, BlobView{sealed}};
    if (update) {
      PALERMO_RETURN_IF_ERROR(
          Exec("UPDATE person_identifiers SET sealed = $2 WHERE person_id = $1", params));
    } else {
      identifiers_queue_.Add(params);
    }
    // The index rows wait in memory until the transaction next reads blind_index or commits
    // (FlushBlindIndex): written then in key order, a batch's random keys touch each B-tree page
    // once, in order, instead of once per row at random.
    AddBlindRows(*keys_, person_id, ids, pending_blind_);
    if (pending_blind_.size() >= kMaxPendingBlindRows) return FlushBlindIndex();
    return Status::Ok();
  }

  // Writes the pending blind-index rows sorted by key, kMaxRowsPerInsert per statement.
  Status FlushBlindIndex() {
    if (pending_blind_.empty()) return Status::Ok();
    std::sort(pending_blind_.begin(), pending_blind_.end());
    std::vector<Param> params;
    params.reserve(3 * kMaxRowsPerInsert);
    for (size_t i = 0; i < pending_blind_.size(); ++i) {
      const BlindRow& row = pending_blind_[i];
      params.push_back(row.kind);
      params.push_back(row.hash);
      params.push_back(row.person_id);
      if (params.size() == 3 * kMaxRowsPerInsert || i + 1 == pending_blind_.size()) {
        PALERMO_RETURN_IF_ERROR(Exec(BlindInsertSql(params.size() / 3), params));
        params.clear();
      }
    }
    pending_blind_.clear();
    return Status::Ok();
  }

  // The cases of `from` (SQL naming the case rows `c`, e.g. "case_record c") filtered by `where`
  // (empty or " WHERE …" on `c`) with `filter` bound, in id order (descending if
  // `newest_first`). Three queries (cases with persons, forms, events), four with identifiers.
  Result<std::vector<CaseRecord>> ReadCases(std::string_view from, std::string_view where,
                                            std::span<const Param> filter, bool newest_first,
                                            bool with_identifiers) {
    PALERMO_RETURN_IF_ERROR(FlushPending());
    const std::string source = std::string(from) + " ";
    auto rows = lease_->Query(
        "SELECT c.id, c.agency, c.local_id, c.victim_status, c.identification_date, "
        "c.age_at_identification, c.country_of_exploitation, c.notes, p.id, p.sex, "
        "p.gender_detail, p.citizenship, p.birth_year FROM " +
            source + "JOIN person p ON p.id = c.id" + std::string(where) +
            (newest_first ? " ORDER BY c.id DESC" : " ORDER BY c.id"),
        filter);
    if (!rows.ok()) return Poison(rows.status());
    std::vector<CaseRecord> cases;
    cases.reserve(rows->size());
    std::unordered_map<CaseId, size_t> index;
    std::unordered_map<PersonId, size_t> by_person;
    for (const SqlRow& row : *rows) {
      CaseRecord& c = cases.emplace_back();
      c.id = AsInt(row[0]);
      c.agency = AsText(row[1]);
      c.local_id = AsText(row[2]);
      PALERMO_ASSIGN_OR_RETURN(c.victim_status, ParseVictimStatusCode(AsText(row[3])));
      PALERMO_ASSIGN_OR_RETURN(c.identification_date,
                               ParseDateColumn(row[4], "identification_date"));
      if (!IsNull(row[5])) c.age_at_identification = static_cast<int>(AsInt(row[5]));
      c.country_of_exploitation = AsText(row[6]);
      if (with_identifiers && !IsNull(row[7])) {
        PALERMO_ASSIGN_OR_RETURN(c.notes,
                                 keys_->Open(AsText(row[7]), NotesContext(c.agency, c.local_id)));
      }
      c.person.id = AsInt(row[8]);
      PALERMO_ASSIGN_OR_RETURN(c.person.sex, ParseSexCode(AsText(row[9])));
      c.person.gender_detail = AsText(row[10]);
      c.person.citizenship = AsText(row[11]);
      if (!IsNull(row[12])) c.person.birth_year = static_cast<int>(AsInt(row[12]));
      index.emplace(c.id, cases.size() - 1);
      by_person.emplace(c.person.id, cases.size() - 1);
    }
    if (cases.empty()) return cases;

    auto forms = lease_->Query("SELECT f.case_id, f.form FROM " + source +
                                   "JOIN case_form f ON f.case_id = c.id" + std::string(where) +
                                   " ORDER BY f.case_id, f.ordinal",
                               filter);
    if (!forms.ok()) return Poison(forms.status());
    for (const SqlRow& row : *forms) {
      if (auto it = index.find(AsInt(row[0])); it != index.end()) {
        cases[it->second].forms.emplace_back(AsText(row[1]));
      }
    }

    auto events = lease_->Query(
        "SELECT e.case_id, e.type, e.country, e.place, e.start_date, e.end_date, "
        "e.means_of_control FROM " +
            source + "JOIN trafficking_event e ON e.case_id = c.id" + std::string(where) +
            " ORDER BY e.case_id, e.ordinal",
        filter);
    if (!events.ok()) return Poison(events.status());
    for (const SqlRow& row : *events) {
      auto it = index.find(AsInt(row[0]));
      if (it == index.end()) continue;
      TraffickingEvent e;
      PALERMO_ASSIGN_OR_RETURN(e.type, ParseEventTypeCode(AsText(row[1])));
      e.country = AsText(row[2]);
      e.place = AsText(row[3]);
      PALERMO_ASSIGN_OR_RETURN(e.start, ParseDateColumn(row[4], "event start"));
      PALERMO_ASSIGN_OR_RETURN(e.end, ParseDateColumn(row[5], "event end"));
      e.means_of_control = SplitCodes(AsText(row[6]));
      cases[it->second].events.push_back(std::move(e));
    }

    if (with_identifiers) {
      auto sealed = lease_->Query("SELECT i.person_id, i.sealed FROM " + source +
                                      "JOIN person_identifiers i ON i.person_id = c.id" +
                                      std::string(where) + " ORDER BY i.person_id",
                                  filter);
      if (!sealed.ok()) return Poison(sealed.status());
      for (const SqlRow& row : *sealed) {
        const PersonId person_id = AsInt(row[0]);
        auto it = by_person.find(person_id);
        if (it == by_person.end()) continue;
        PALERMO_ASSIGN_OR_RETURN(std::string plain,
                                 keys_->Open(AsText(row[1]), PersonContext(person_id)));
        PALERMO_ASSIGN_OR_RETURN(cases[it->second].person.identifiers, ParseIdentifiers(plain));
      }
    }
    return cases;
  }

  Status AppendAudit(std::string_view action, std::string_view object_type,
                     std::string_view object_id, std::string_view purpose,
                     std::string_view detail) {
    if (read_only_) {  // appended by Commit (ReopenForAudit)
      deferred_audit_.push_back({std::string(action), std::string(object_type),
                                 std::string(object_id), std::string(purpose),
                                 std::string(detail)});
      return Status::Ok();
    }
    if (!head_loaded_) {
      auto head = ReadHead(*lease_, /*for_update=*/true);
      if (!head.ok()) return Poison(head.status());
      head_seq_ = head->first;
      head_hash_ = std::move(head->second);
      head_loaded_ = true;
    }
    AuditEntry entry;
    entry.seq = head_seq_ + 1;
    entry.at = NowIso8601();
    entry.user = actor_.user;
    entry.organisation = actor_.organisation;
    entry.role = actor_.role;
    entry.action = action;
    entry.object_type = object_type;
    entry.object_id = object_id;
    entry.purpose = purpose;
    entry.detail = detail;
    head_seq_ = entry.seq;
    head_dirty_ = true;
    if (lane_) {
      // head_hash_ is stale until the lane is drained (DrainLane).
      lane_->Audit(std::move(entry));
      if (lane_->queued() >= kMaxQueuedCases) return FlushPending(/*wait_for_lane=*/false);
      return Status::Ok();
    }
    entry.hash = AuditHash(*keys_, head_hash_, entry);
    head_hash_ = entry.hash;
    pending_audit_.push_back(std::move(entry));
    if (pending_audit_.size() >= kMaxPendingAuditRows) return FlushAudit();
    return Status::Ok();
  }

  // Inserts the queued audit entries in seq order, kAuditRowsPerInsert per statement.
  Status FlushAudit() {
    std::vector<Param> params;
    params.reserve(kAuditRowColumns * kAuditRowsPerInsert);
    for (size_t i = 0; i < pending_audit_.size(); ++i) {
      const AuditEntry& e = pending_audit_[i];
      for (const std::string* field :
           {&e.at, &e.user, &e.organisation, &e.role, &e.action, &e.object_type, &e.object_id,
            &e.purpose, &e.detail, &e.hash}) {
        if (field == &e.at) params.push_back(e.seq);
        params.push_back(std::string_view(*field));
      }
      if (params.size() == kAuditRowColumns * kAuditRowsPerInsert ||
          i + 1 == pending_audit_.size()) {
        PALERMO_RETURN_IF_ERROR(Exec(AuditInsertSql(params.size() / kAuditRowColumns), params));
        params.clear();
      }
    }
    pending_audit_.clear();
    return Status::Ok();
  }

  // Writes every queued row: before the transaction reads tables other than the case tables
  // and before it commits.
  // Moves the lane's finished work into the queues (identifiers, blind index, audit) and brings
  // head_hash_ up to date. Must precede any use of those queues or of head_hash_.
  // Without `wait`, only what the lane has finished moves, and head_hash_ stays stale.
  void DrainLane(bool wait = true) {
    if (!lane_) return;
    CryptoLane::Output out = wait ? lane_->Drain() : lane_->TakeFinished();
    // Kept as they are (no copy into the queue's arena) until FlushPending inserts them.
    if (pending_sealed_.empty()) {
      pending_sealed_.swap(out.sealed);
    } else {
      pending_sealed_.insert(pending_sealed_.end(), std::make_move_iterator(out.sealed.begin()),
                             std::make_move_iterator(out.sealed.end()));
    }
    if (pending_blind_.empty()) {
      pending_blind_.swap(out.blind);
    } else {
      pending_blind_.insert(pending_blind_.end(), out.blind.begin(), out.blind.end());
    }
    if (pending_audit_.empty()) {
      pending_audit_.swap(out.audit);
    } else {
      pending_audit_.reserve(pending_audit_.size() + out.audit.size());
      pending_audit_.insert(pending_audit_.end(), std::make_move_iterator(out.audit.begin()),
                            std::make_move_iterator(out.audit.end()));
    }
    if (wait) head_hash_ = std::move(out.head_hash);
  }

  // `wait_for_lane` false: a flush that only bounds the queues' memory writes what the lane has
  // finished and leaves the rest for the next flush (rows of one table may then be inserted in
  // several groups; the audit entries still go in in seq order, identifiers after their person).
  Status FlushPending(bool wait_for_lane = true) {
    DrainLane(wait_for_lane);
    // Parents before children: the foreign keys are checked row by row.
    auto exec = [this](std::string_view sql, std::span<const Param> params) {
      return Exec(sql, params);
    };
    PALERMO_RETURN_IF_ERROR(person_queue_.Flush(exec));
    PALERMO_RETURN_IF_ERROR(identifiers_queue_.Flush(exec));
    if (!pending_sealed_.empty()) {
      std::vector<Param> params;
      params.reserve(2 * pending_sealed_.size());
      for (const auto& [person_id, sealed] : pending_sealed_) {
        params.emplace_back(person_id);
        params.emplace_back(BlobView{sealed});
      }
      PALERMO_RETURN_IF_ERROR(identifiers_queue_.InsertRows(params, exec));
      pending_sealed_.clear();
    }
    PALERMO_RETURN_IF_ERROR(form_queue_.Flush(exec));
    PALERMO_RETURN_IF_ERROR(event_queue_.Flush(exec));
    PALERMO_RETURN_IF_ERROR(FlushBlindIndex());
    return FlushAudit();
  }

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

Status SqlTransaction::Rekey(std::shared_ptr<const Keys> next) {
  PALERMO_RETURN_IF_ERROR(FlushPending());
  lane_.reset();  // it holds the old key; what follows seals and hashes inline
  // Every sealed column recorded in the database, also those this process never registered
  // (the web app's documents when `palermo key rotate` runs): each must be readable, or the
  // rotation would leave its values under a discarded key.
  auto recorded = RecordedSealedColumns(*lease_);
  if (!recorded.ok()) return Poison(recorded.status().WithContext("key not rotated"));
  for (const SealedColumn& column : *recorded) {
    auto readable = lease_->Query("SELECT " + column.id_column + ", " + column.column + " FROM " +
                                      column.table + " WHERE 1 = 0",
                                  {}, /*cache=*/false);
    if (!readable.ok()) {
      return Poison(Status::FailedPrecondition(
          "key not rotated, nothing changed: the database records sealed column " + column.table +
          "." + column.column + ", which cannot be read (" + readable.status().message() + ")"));
    }
  }
  auto head = ReadHead(*lease_, /*for_update=*/true);  // PostgreSQL: writers now wait for us
  if (!head.ok()) return Poison(head.status());
  // Refuse to re-key a broken chain: recomputing it would hide the tampering.
  PALERMO_RETURN_IF_ERROR(WalkChain(*lease_, *keys_, [](const AuditEntry&) {
                            return Status::Ok();
                          }).WithContext("key not rotated"));

  // Person identifiers and their blind indexes.
  PALERMO_RETURN_IF_ERROR(Exec("DELETE FROM blind_index", {}));
  int64_t after = 0;
  while (true) {
    const Param page[] = {after, kPageRows};
    auto rows = lease_->Query(
        "SELECT person_id, sealed FROM person_identifiers WHERE person_id > $1 "
        "ORDER BY person_id LIMIT $2",
        page, /*cache=*/false);
    if (!rows.ok()) return Poison(rows.status());
    for (const SqlRow& row : *rows) {
      const PersonId person_id = AsInt(row[0]);
      auto plain = keys_->Open(AsText(row[1]), PersonContext(person_id));
      if (!plain.ok())
        return Poison(plain.status().WithContext("person " + std::to_string(person_id)));
      auto ids = ParseIdentifiers(*plain);
      if (!ids.ok()) return Poison(ids.status());
      std::shared_ptr<const Keys> old = std::exchange(keys_, next);
      Status written = WriteIdentifiers(person_id, *ids, /*update=*/true);
      keys_ = std::move(old);
      PALERMO_RETURN_IF_ERROR(written);
      after = person_id;
    }
    if (static_cast<int64_t>(rows->size()) < kPageRows) break;
  }

  // Case notes: their context is (agency, local_id), read with the row.
  {
    int64_t after_case = 0;
    while (true) {
      const Param page[] = {after_case, kPageRows};
      auto rows = lease_->Query(
          "SELECT id, agency, local_id, notes FROM case_record WHERE id > $1 AND notes IS NOT "
          "NULL ORDER BY id LIMIT $2",
          page, /*cache=*/false);
      if (!rows.ok()) return Poison(rows.status());
      for (const SqlRow& row : *rows) {
        const int64_t id = AsInt(row[0]);
        const std::string ctx = NotesContext(AsText(row[1]), AsText(row[2]));
        auto plain = keys_->Open(AsText(row[3]), ctx);
        if (!plain.ok()) return Poison(plain.status().WithContext("case " + std::to_string(id)));
        const std::string sealed = next->Seal(*plain, ctx);
        const Param params[] = {BlobView{sealed}, id};
        PALERMO_RETURN_IF_ERROR(Exec("UPDATE case_record SET notes = $1 WHERE id = $2", params));
        after_case = id;
      }
      if (static_cast<int64_t>(rows->size()) < kPageRows) break;
    }
  }

  PALERMO_RETURN_IF_ERROR(Reseal(*next, "quarantine", "id", "raw", QuarantineContext));
  if (Status content = RekeyContentHashes(*lease_, *keys_, *next); !content.ok()) {
    return Poison(content);
  }
  for (const SealedColumn& column : *recorded) {
    PALERMO_RETURN_IF_ERROR(
        Reseal(*next, column.table, column.id_column, column.column,
               [&](int64_t id) { return column.context_prefix + std::to_string(id); }));
  }

  // The audit chain, recomputed under the new key (it was verified above).
  std::string prev;
  Status chain = WalkChain(*lease_, *keys_, [&](const AuditEntry& entry) -> Status {
    std::string hash = AuditHash(*next, prev, entry);
    const Param params[] = {std::string_view(hash), entry.seq};
    // The page being walked was read before these updates; later pages read `seq >= n`,
    // which the updates do not move.
    PALERMO_RETURN_IF_ERROR(Exec("UPDATE audit_log SET hash = $1 WHERE seq = $2", params));
    prev = std::move(hash);
    return Status::Ok();
  });
  // WalkChain compares each stored hash with the old key's hash before the visitor rewrites
  // it, so a failure here means a concurrent change: give up.
  if (!chain.ok()) return Poison(chain);
  head_loaded_ = true;
  head_seq_ = head->first;
  head_hash_ = prev;
  head_dirty_ = true;
  keys_ = std::move(next);
  const std::string check_value = keys_->CheckValue();
  const Param check_param[] = {std::string_view(check_value)};
  PALERMO_RETURN_IF_ERROR(Exec("UPDATE meta SET value = $1 WHERE name = 'key_check'", check_param));
  return AppendAudit("key_rotate", "store", "", "",
                     "all sealed values, blind indexes, content hashes and "
                     "audit hashes moved to a new key");
}

// ---------------------------------------------------------------------------------------------

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
  std::shared_ptr<const Keys> keys;
  PALERMO_ASSIGN_OR_RETURN(Lease lease, BeginRead(keys));
  return std::unique_ptr<Transaction>(std::make_unique<SqlTransaction>(
      this, WriterGate::Turn(), /*read_only=*/true, std::move(lease), std::move(keys), actor));
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

Status SqlStore::RotateKey() {
  std::lock_guard rotate_lock(rotate_mu_);
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx,
                           Begin(Actor{"system", "", "administrator"}));
  auto& sql_tx = static_cast<SqlTransaction&>(*tx);
  std::shared_ptr<const Keys> next = Keys::Generate();
  PALERMO_RETURN_IF_ERROR(sql_tx.Rekey(next));

  // The new key must be on disk before the commit that makes the database need it.
  const std::string next_path = options_.key_file + ".next";
  PALERMO_RETURN_IF_ERROR(WriteKeyFile(next_path, *next, /*exclusive=*/false));
  CrashPoint("store.rotate.before_commit");
  if (Status status = tx->Commit(); !status.ok()) {
    RemoveFile(next_path);
    return status.WithContext("key not rotated");
  }
  {
    std::lock_guard lock(mu_);
    keys_ = next;
  }
  CrashPoint("store.rotate.after_commit");
  if (std::rename(next_path.c_str(), options_.key_file.c_str()) != 0) {
    return Status::Unavailable("the database now uses the new key, kept in " + next_path +
                               ", but it could not replace " + options_.key_file +
                               "; the next open installs it");
  }
  return SyncParentDir(options_.key_file);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string SerializeIdentifiers(const DirectIdentifiers& ids) {
  std::string out;
  out.reserve(64 + ids.given_name.size() + ids.family_name.size() + ids.full_name.size() +
              ids.address.size());
  out.push_back('\x01');
  PutString(out, ids.given_name);
  PutString(out, ids.family_name);
  PutString(out, ids.full_name);
  PutString(out, ids.birth_date ? ids.birth_date->ToString() : std::string());
  const auto put_list = [&](const std::vector<std::string>& list) {
    const auto n = static_cast<uint32_t>(list.size());
    for (int shift = 0; shift < 32; shift += 8)
      out.push_back(static_cast<char>((n >> shift) & 0xff));
    for (const std::string& s : list) PutString(out, s);
  };
  put_list(ids.document_numbers);
  put_list(ids.phones);
  PutString(out, ids.address);
  return out;
}

Result<DirectIdentifiers> ParseIdentifiers(std::string_view bytes) {
  const Status bad = Status::DataLoss("sealed identifiers are not in a known format");
  if (bytes.empty() || bytes[0] != '\x01') return bad;
  Reader reader(bytes.substr(1));
  DirectIdentifiers ids;
  std::string birth;
  if (!reader.Get(ids.given_name) || !reader.Get(ids.family_name) || !reader.Get(ids.full_name) ||
      !reader.Get(birth) || !reader.GetList(ids.document_numbers) || !reader.GetList(ids.phones) ||
      !reader.Get(ids.address) || !reader.done()) {
    return bad;
  }
  if (!birth.empty()) {
    Result<PartialDate> date = PartialDate::Parse(birth);
    if (!date.ok()) return bad;
    ids.birth_date = *date;
  }
  return ids;
}

void CrashPoint(std::string_view name) {
  const char* at = std::getenv("PALERMO_CRASH_AT");
  if (at && name == at) ::_exit(86);
}

// Migrations run with SQLite's foreign keys off, which only takes effect outside a
// transaction; ApplyMigrations checks them itself before the commit (migrations.h).
namespace {

Status BeginMigration(Connection& conn) {
  if (conn.engine() == "sqlite") {
    PALERMO_RETURN_IF_ERROR(conn.Execute("PRAGMA foreign_keys=OFF", {}, false).status());
  }
  return conn.Begin(TxMode::kMigrate);
}

Status CommitMigration(Connection& conn) {
  PALERMO_RETURN_IF_ERROR(conn.Commit());
  if (conn.engine() != "sqlite") return Status::Ok();
  return conn.Execute("PRAGMA foreign_keys=ON", {}, false).status();
}

}  // namespace

Status InitSqlStore(const StoreOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(Backend backend, ParseUrl(options));
  if (FileExists(options.key_file)) {
    return Status::AlreadyExists("key file " + options.key_file +
                                 " already exists; palermo init never overwrites a key");
  }
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                           Connect(backend, options.busy_timeout_ms));
  PALERMO_RETURN_IF_ERROR(BeginMigration(*conn));
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
    if (written.ok()) written = CommitMigration(*conn);
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
  PALERMO_RETURN_IF_ERROR(BeginMigration(*conn));
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
  PALERMO_RETURN_IF_ERROR(CommitMigration(*conn));
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(options, std::move(backend), std::move(conn), *std::move(keys)));
}

}  // namespace palermo::store::internal
