// SPDX-License-Identifier: AGPL-3.0-or-later
// The import loop: batches, idempotence by content hash, quarantine, crash points.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "ingest/ingest.h"
#include "ingest/messages.h"
#include "ingest/reader.h"

namespace palermo::ingest {
namespace {

using store::Store;
using store::Transaction;

PartialDate TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return *PartialDate::FromParts(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

Status SaveMapping(Transaction& tx, const Mapping& mapping) {
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM ingest_mapping WHERE agency = $1", {mapping.agency}).status());
  return tx
      .Execute("INSERT INTO ingest_mapping (agency, mapping) VALUES ($1, $2)",
               {mapping.agency, mapping.text})
      .status();
}

Result<std::optional<Mapping>> SavedMapping(Transaction& tx, const std::string& agency) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT mapping FROM ingest_mapping WHERE agency = $1", {agency}));
  if (rows.empty() || !std::holds_alternative<std::string>(rows[0][0]))
    return std::optional<Mapping>();
  PALERMO_ASSIGN_OR_RETURN(Mapping m, ParseMapping(std::get<std::string>(rows[0][0]), agency));
  return std::optional<Mapping>(std::move(m));
}

// Cases need a local id; a file without one gets a stable one from the store's keyed hash of
// the content hash (never from the unkeyed hash itself, which anyone can compute from a guessed
// row: it would give the row's names and birth date away).
Status EnsureLocalId(Transaction& tx, CaseRecord& record, const std::string& hash) {
  if (!record.local_id.empty()) return Status::Ok();
  PALERMO_ASSIGN_OR_RETURN(record.local_id, tx.GeneratedLocalId(hash));
  return Status::Ok();
}

struct Counters {
  int64_t imported = 0;
  int64_t already_present = 0;
  int64_t quarantined = 0;
  std::map<std::string, int64_t> by_reason;
};

// Writes one converted (or failed) row inside `tx`. Store failures other than
// "already exists" are returned: the caller abandons the batch.
// `conversion` is consumed (its record completed and handed to the store).
Status WriteRow(Transaction& tx, const Mapping& mapping, const std::string& file_name,
                const RawRow& row, const internal::RowSource& source, const std::string& hash,
                Conversion& conversion, Counters& counters) {
  if (conversion.record) {
    PALERMO_RETURN_IF_ERROR(EnsureLocalId(tx, *conversion.record, hash));
    Result<CaseId> id = tx.InsertCase(*conversion.record, hash);
    if (id.ok()) {
      ++counters.imported;
      return Status::Ok();
    }
    if (id.status().code() != StatusCode::kAlreadyExists) return id.status();
    PALERMO_ASSIGN_OR_RETURN(bool same_content, tx.HasContentHash(hash));
    if (same_content) {
      ++counters.already_present;
      return Status::Ok();
    }
    conversion.problem = {"local_id",
                          "already used by another record of this agency with different content"};
  } else {
    PALERMO_ASSIGN_OR_RETURN(bool known, tx.HasContentHash(hash));
    if (known) {
      ++counters.already_present;
      return Status::Ok();
    }
  }
  store::QuarantineEntry entry;
  entry.source_file = file_name;
  entry.agency = mapping.agency;
  entry.line = row.line;
  entry.field = conversion.problem.field;
  entry.reason = conversion.problem.reason;
  entry.raw = source.RawJson(row);
  entry.content_hash = hash;
  PALERMO_RETURN_IF_ERROR(tx.AddQuarantine(entry).status());
  ++counters.quarantined;
  ++counters.by_reason[entry.field.empty() ? entry.reason : entry.field + ": " + entry.reason];
  return Status::Ok();
}

// A row read, hashed and validated, ready for the store.
struct PreparedRow {
  RawRow row;
  std::string hash;
  Conversion conversion;
  uint64_t bytes_done = 0;  // of the source, after this row
};

// Reads, hashes and validates rows on a second thread, a few chunks ahead of the writer, so
// the writer's thread spends its time in the store. Rows come out in file order. A chunk the
// writer has finished with goes back to this thread, which frees its rows and reuses the
// vector: the writer's thread never frees row memory (cross-thread frees were 5% of its time).
// The source is used by this thread only until destruction.
class Prefetcher {
 public:
  Prefetcher(internal::RowSource& source, const Mapping& mapping, PartialDate today)
      : source_(source), mapping_(mapping), today_(today), thread_([this] { Run(); }) {}
  ~Prefetcher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    room_.notify_one();
    thread_.join();
  }
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The next row, nullptr at the end of the file. The row stays valid, and may be modified,
  // until the next call.
  PreparedRow* Next() {
    if (next_ == chunk_.size()) {
      std::unique_lock lock(mu_);
      if (chunk_.capacity() > 0) spent_.push_back(std::move(chunk_));
      chunk_ = {};
      next_ = 0;
      ready_.wait(lock, [this] { return !chunks_.empty() || finished_; });
      if (chunks_.empty()) return nullptr;
      chunk_ = std::move(chunks_.front());
      chunks_.pop_front();
      room_.notify_one();
    }
    return &chunk_[next_++];
  }

 private:
  static constexpr size_t kChunkRows = 512;
  static constexpr size_t kMaxChunks = 16;  // rows in flight: at most 8,192

  void Run() {
    bool end = false;
    std::vector<std::vector<PreparedRow>> recycled;
    while (!end) {
      std::vector<PreparedRow> chunk;
      if (!recycled.empty()) {
        chunk = std::move(recycled.back());
        recycled.pop_back();
        chunk.clear();  // frees the rows' memory here, not on the writer's thread
      }
      chunk.reserve(kChunkRows);
      while (chunk.size() < kChunkRows) {
        std::optional<RawRow> row = source_.Next();
        if (!row) {
          end = true;
          break;
        }
        PreparedRow& prepared = chunk.emplace_back();
        prepared.hash = ContentHash(mapping_.agency, *row);
        prepared.conversion = ConvertRow(mapping_, *row, today_);
        prepared.row = *std::move(row);
        prepared.bytes_done = source_.bytes_done();
      }
      std::unique_lock lock(mu_);
      room_.wait(lock, [this] { return stop_ || chunks_.size() < kMaxChunks; });
      if (stop_) return;
      if (!chunk.empty()) chunks_.push_back(std::move(chunk));
      finished_ = end;
      for (std::vector<PreparedRow>& spent : spent_) recycled.push_back(std::move(spent));
      spent_.clear();
      ready_.notify_one();
    }
  }

  internal::RowSource& source_;
  const Mapping& mapping_;
  const PartialDate today_;
  std::mutex mu_;
  std::condition_variable ready_;                // a chunk or the end
  std::condition_variable room_;                 // room for a chunk, or stop
  std::deque<std::vector<PreparedRow>> chunks_;  // guarded by mu_
  std::vector<std::vector<PreparedRow>> spent_;  // guarded by mu_: chunks the writer is done with
  bool finished_ = false;                        // guarded by mu_
  bool stop_ = false;                            // guarded by mu_
  std::vector<PreparedRow> chunk_;               // the consumer's current chunk
  size_t next_ = 0;
  std::thread thread_;  // last: starts once everything above is constructed
};

}  // namespace

void RegisterIngestMigrations() {
  static std::once_flag once;
  std::call_once(once, [] {
    store::RegisterMigration(
        {"ingest", 1,
         "CREATE TABLE ingest_mapping (agency TEXT PRIMARY KEY, mapping TEXT NOT NULL)"});
  });
}

void CrashPoint(std::string_view name) {
  static const std::pair<std::string, int64_t> target = [] {
    const char* env = std::getenv("PALERMO_CRASH_AT");
    if (!env || !*env) return std::pair<std::string, int64_t>();
    std::string spec = env;
    const size_t colon = spec.rfind(':');
    if (colon == std::string::npos) return std::pair<std::string, int64_t>(spec, 1);
    return std::pair<std::string, int64_t>(spec.substr(0, colon),
                                           std::atoll(spec.c_str() + colon + 1));
  }();
  if (target.first.empty() || target.first != name) return;
  static int64_t hits = 0;
  if (++hits == target.second) _exit(137);
}

Result<FileReport> ImportFile(Store& store, const Mapping& mapping,
                              const std::filesystem::path& file, const ImportOptions& options) {
  const std::string file_name = file.filename().string();
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<internal::RowSource> source,
                           internal::RowSource::Open(file, mapping));
  const PartialDate today = options.today.value_or(TodayUtc());
  store::Actor actor = options.actor;
  if (actor.organisation.empty()) actor.organisation = mapping.agency;

  {
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin(actor));
    Organisation org;
    org.code = mapping.agency;
    org.name = mapping.agency_name;
    org.type = mapping.agency_type;
    org.country = mapping.country;
    PALERMO_RETURN_IF_ERROR(tx->UpsertOrganisation(org).status());
    PALERMO_RETURN_IF_ERROR(SaveMapping(*tx, mapping));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
  }

  FileReport report;
  report.file = file_name;
  report.agency = mapping.agency;
  Counters committed;
  const int64_t batch_rows = std::max<int64_t>(1, options.batch_rows);
  uint64_t bytes_done = 0;
  Prefetcher rows(*source, mapping, today);
  bool done = false;
  // Batches commit without a flush to disk (the per-batch WAL fsync was most of the 5 s the
  // writing thread of a 1 M-row import spent blocked); the durable commit at the end makes
  // them all durable, so what this returns survives a power cut as before. A power cut
  // mid-import may lose recent batches: the import is idempotent, run it again.
  bool any_batch = false;
  while (!done) {
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.BeginNotDurable(actor));
    Counters batch = committed;
    int64_t rows_in_batch = 0;
    while (rows_in_batch < batch_rows) {
      PreparedRow* prepared = rows.Next();
      if (!prepared) {
        done = true;
        break;
      }
      ++rows_in_batch;
      ++report.rows_read;
      bytes_done = prepared->bytes_done;
      Status s = WriteRow(*tx, mapping, file_name, prepared->row, *source, prepared->hash,
                          prepared->conversion, batch);
      if (!s.ok()) {
        return s.WithContext(file_name + ": line " + std::to_string(prepared->row.line));
      }
      CrashPoint("ingest.after_row");
      if (options.progress && report.rows_read % 1000 == 0)
        options.progress(bytes_done, source->bytes_total());
    }
    if (rows_in_batch == 0) break;
    CrashPoint("ingest.before_batch_commit");
    PALERMO_RETURN_IF_ERROR(tx->Commit().WithContext(file_name));
    CrashPoint("ingest.after_batch_commit");
    committed = batch;
    any_batch = true;
    if (options.progress) options.progress(bytes_done, source->bytes_total());
  }
  if (any_batch) {
    // Saving the mapping again always writes (DELETE then INSERT), so this commit flushes.
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin(actor));
    PALERMO_RETURN_IF_ERROR(SaveMapping(*tx, mapping));
    PALERMO_RETURN_IF_ERROR(tx->Commit().WithContext(file_name));
  }
  report.imported = committed.imported;
  report.already_present = committed.already_present;
  report.quarantined = committed.quarantined;
  report.quarantined_by_reason = committed.by_reason;
  return report;
}

std::string FormatReport(const FileReport& r, Lang lang) {
  constexpr Msg kSummary{
      "{file} ({agency}): {read, plural, one {# row} other {# rows}} read, {imported} imported, "
      "{present} already present, {quarantined} quarantined",
      "{file} ({agency}) : {read, plural, one {# ligne lue} other {# lignes lues}}, "
      "{imported, plural, one {# importée} other {# importées}}, "
      "{present, plural, one {# déjà présente} other {# déjà présentes}}, "
      "{quarantined, plural, one {# mise} other {# mises}} en quarantaine"};
  constexpr Msg kReason{"  {rows, plural, one {# row} other {# rows}}: {reason}",
                        "  {rows, plural, one {# ligne} other {# lignes}} : {reason}"};
  std::string out = palermo::Format(kSummary, lang,
                                    {{"file", r.file},
                                     {"agency", r.agency},
                                     {"read", r.rows_read},
                                     {"imported", r.imported},
                                     {"present", r.already_present},
                                     {"quarantined", r.quarantined}}) +
                    "\n";
  for (const auto& [reason, rows] : r.quarantined_by_reason)
    out += palermo::Format(kReason, lang,
                           {{"rows", rows}, {"reason", LocalizeLimitMessage(reason, lang)}}) +
           "\n";
  return out;
}

Result<RetryReport> RetryQuarantine(Store& store, const std::vector<Mapping>& mappings,
                                    const ImportOptions& options) {
  const PartialDate today = options.today.value_or(TodayUtc());
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin(options.actor));
  PALERMO_RETURN_IF_ERROR(
      tx->Audit("quarantine_retry", "quarantine", "", "re-validate quarantined rows", ""));
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::QuarantineEntry> entries,
                           tx->ListQuarantine(/*all=*/false, /*with_raw=*/true));
  std::map<std::string, std::optional<Mapping>> by_agency;
  for (const Mapping& m : mappings) by_agency[m.agency] = m;
  RetryReport report;
  for (const store::QuarantineEntry& entry : entries) {
    if (entry.resolved) continue;
    ++report.examined;
    auto it = by_agency.find(entry.agency);
    if (it == by_agency.end()) {
      PALERMO_ASSIGN_OR_RETURN(std::optional<Mapping> saved, SavedMapping(*tx, entry.agency));
      it = by_agency.emplace(entry.agency, std::move(saved)).first;
    }
    if (!it->second) {
      ++report.no_mapping;
      continue;
    }
    PALERMO_ASSIGN_OR_RETURN(RawRow row, internal::RawRowFromJson(entry.raw, entry.line));
    Conversion conversion = ConvertRow(*it->second, row, today);
    if (!conversion.record) {
      ++report.still_bad;
      continue;
    }
    // The store keeps only a keyed hash of the row's digest: the digest is computed again from
    // the raw row, as the import did.
    const std::string hash = ContentHash(entry.agency, row);
    PALERMO_RETURN_IF_ERROR(EnsureLocalId(*tx, *conversion.record, hash));
    Result<CaseId> id = tx->InsertCase(*conversion.record, hash);
    if (id.ok()) {
      PALERMO_RETURN_IF_ERROR(tx->ResolveQuarantine(entry.id));
      ++report.imported;
    } else if (id.status().code() == StatusCode::kAlreadyExists) {
      ++report.still_bad;  // its local_id is taken by another record
    } else {
      return id.status();
    }
  }
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return report;
}

}  // namespace palermo::ingest
