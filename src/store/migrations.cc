// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/migrations.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

#include "store/portable_sql.h"

namespace palermo::store {
namespace internal {
namespace {

// Store schema v1. Only columns named `sealed`, `notes` and `raw` hold personal data, always
// sealed (crypto.h); everything a statistic needs (sex, citizenship, birth year, forms, dates of
// identification, routes) is plain so publish/estimate never decrypt.
//  * case_record: one row per agency record; (agency, local_id) and content_hash are unique.
//  * person: the victim as this case describes them, 1:1 with the case and sharing its id
//    (linkage across cases is the link module's job and never merges rows).
//  * person_identifiers: the sealed DirectIdentifiers; the row is bound to its person id.
//  * blind_index: keyed hashes of normalised identifiers for exact lookups, 64 bits (a
//    collision only adds a candidate; callers compare the decrypted values), one B-tree.
//    Derived data, written only with its person and rebuilt by key rotation: no foreign key,
//    whose check would cost a lookup per row on the import's hottest path.
//  * case_form, trafficking_event: child rows clustered by case (WITHOUT ROWID on SQLite:
//    one B-tree each, written in key order by an import).
//  * audit_log/audit_head: the hash chain (audit_chain.h); audit_head holds the last seq and
//    hash, so deleting the newest entries is detected too, and is the row PostgreSQL writers
//    lock to append one at a time.
constexpr const char* kStoreV1 = R"sql(
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE organisation (
  id {{id}}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '');
CREATE TABLE case_record (
  id {{id}},
  agency TEXT NOT NULL,
  local_id TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  victim_status TEXT NOT NULL,
  identification_date TEXT,
  age_at_identification INTEGER,
  country_of_exploitation TEXT NOT NULL DEFAULT '',
  notes {{blob}},
  created_at TEXT NOT NULL,
  UNIQUE (agency, local_id));
CREATE TABLE person (
  id {{id}} REFERENCES case_record (id),
  sex TEXT NOT NULL,
  gender_detail TEXT NOT NULL DEFAULT '',
  citizenship TEXT NOT NULL DEFAULT '',
  birth_year INTEGER);
CREATE TABLE person_identifiers (
  person_id {{id}} REFERENCES person (id),
  sealed {{blob}} NOT NULL);
CREATE TABLE blind_index (
  kind INTEGER NOT NULL,
  hash BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  PRIMARY KEY (kind, hash, person_id)){{without_rowid}};
CREATE TABLE case_form (
  case_id BIGINT NOT NULL REFERENCES case_record (id),
  ordinal INTEGER NOT NULL,
  form TEXT NOT NULL,
  PRIMARY KEY (case_id, ordinal)){{without_rowid}};
CREATE TABLE trafficking_event (
  case_id BIGINT NOT NULL REFERENCES case_record (id),
  ordinal INTEGER NOT NULL,
  type TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  start_date TEXT,
  end_date TEXT,
  means_of_control TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, ordinal)){{without_rowid}};
CREATE TABLE quarantine (
  id {{id}},
  source_file TEXT NOT NULL,
  agency TEXT NOT NULL,
  line BIGINT NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw {{blob}},
  content_hash TEXT UNIQUE,
  created_at TEXT NOT NULL,
  resolved INTEGER NOT NULL DEFAULT 0);
CREATE TABLE audit_log (
  seq {{id}},
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  detail TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
INSERT INTO meta (name, value) VALUES ('schema', 'palermo store v1')
)sql";

// Store schema v2: the index behind Transaction::ListCasesPage's per-agency pages (newest
// first, keyset on id), so a page costs a range scan of `limit` entries at any table size.
constexpr const char* kStoreV2 = R"sql(
CREATE INDEX case_record_agency_id ON case_record (agency, id);
UPDATE meta SET value = 'palermo store v2' WHERE name = 'schema'
)sql";

// Store schema v3: the content key. A 64-bit key (ContentKey) of content_hash is indexed in
// place of the 39-byte content_hash itself: every import batch rewrote nearly every leaf of
// that randomly keyed index, and the smaller index costs a third of the pages. content_hash
// stays, unindexed; InsertCase looks a duplicate up by key and compares the full hash, and no
// longer relies on a UNIQUE constraint (writers are serialised on both engines: Store::Begin).
// SQLite cannot drop a UNIQUE written inside CREATE TABLE: case_record is rebuilt (new table,
// copy, drop, rename), which ApplyMigrations runs with foreign keys off and checks after.
// content_key is filled by FillContentKeys, in C++, on both engines.
constexpr const char* kStoreV3Sqlite = R"sql(
CREATE TABLE case_record_v3 (
  id {{id}},
  agency TEXT NOT NULL,
  local_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  victim_status TEXT NOT NULL,
  identification_date TEXT,
  age_at_identification INTEGER,
  country_of_exploitation TEXT NOT NULL DEFAULT '',
  notes {{blob}},
  created_at TEXT NOT NULL,
  content_key BIGINT,
  UNIQUE (agency, local_id));
INSERT INTO case_record_v3 (id, agency, local_id, content_hash, victim_status,
  identification_date, age_at_identification, country_of_exploitation, notes, created_at)
  SELECT id, agency, local_id, content_hash, victim_status, identification_date,
  age_at_identification, country_of_exploitation, notes, created_at FROM case_record;
DROP TABLE case_record;
ALTER TABLE case_record_v3 RENAME TO case_record;
CREATE INDEX case_record_agency_id ON case_record (agency, id);
CREATE INDEX case_record_content_key ON case_record (content_key);
UPDATE meta SET value = 'palermo store v3' WHERE name = 'schema'
)sql";
constexpr const char* kStoreV3Postgres = R"sql(
ALTER TABLE case_record ADD COLUMN content_key BIGINT;
ALTER TABLE case_record DROP CONSTRAINT case_record_content_hash_key;
CREATE INDEX case_record_content_key ON case_record (content_key);
UPDATE meta SET value = 'palermo store v3' WHERE name = 'schema'
)sql";

// Store schema v4: content hashes are keyed (content_hash.h). The sealed digest beside each
// keyed hash lets RotateKey recompute it; the hashes an older palermo stored in clear are keyed
// by KeyLegacyContentHashes, which needs the key and so runs once Open has checked it.
constexpr const char* kStoreV4 = R"sql(
ALTER TABLE case_record ADD COLUMN content_sealed {{blob}};
ALTER TABLE quarantine ADD COLUMN content_sealed {{blob}};
INSERT INTO meta (name, value) VALUES ('content_hash_rekey', 'due');
UPDATE meta SET value = 'palermo store v4' WHERE name = 'schema'
)sql";

// Store schema v5: the sealed columns of modules above the store (RegisterSealedColumn) are
// recorded in the database itself, at every Open, so RotateKey re-encrypts them whichever
// process runs it (`palermo key rotate` never registers the web app's columns).
constexpr const char* kStoreV5 = R"sql(
CREATE TABLE sealed_column (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  id_column TEXT NOT NULL,
  context_prefix TEXT NOT NULL,
  PRIMARY KEY (table_name, column_name));
UPDATE meta SET value = 'palermo store v5' WHERE name = 'schema'
)sql";

// Store schema v6: how a quarantine entry left the list (imported, resolved, dismissed), with
// the reason code, who and when (Transaction::CloseQuarantine).
constexpr const char* kStoreV6 = R"sql(
ALTER TABLE quarantine ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN outcome_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN outcome_by TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN outcome_at TEXT NOT NULL DEFAULT '';
UPDATE quarantine SET outcome = 'imported' WHERE resolved <> 0;
UPDATE meta SET value = 'palermo store v6' WHERE name = 'schema'
)sql";

// A table or column name RotateKey may write into its statements: letters, digits and '_'.
bool IsSqlName(std::string_view name) {
  if (name.empty() || name.size() > 63 || std::isdigit(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Records every registered sealed column not yet in sealed_column. kFailedPrecondition if one
// is recorded with another id column or context (the values already sealed would no longer
// open after a rotation).
Status RecordSealedColumns(Connection& conn) {
  for (const SealedColumn& column : AllSealedColumns()) {
    const Param params[] = {std::string_view(column.table), std::string_view(column.column),
                            std::string_view(column.id_column),
                            std::string_view(column.context_prefix)};
    PALERMO_RETURN_IF_ERROR(
        conn.Execute("INSERT INTO sealed_column (table_name, column_name, id_column, "
                     "context_prefix) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                     params)
            .status());
    const Param key[] = {std::string_view(column.table), std::string_view(column.column)};
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        conn.Query("SELECT id_column, context_prefix FROM sealed_column WHERE table_name = $1 "
                   "AND column_name = $2",
                   key));
    if (rows.empty() || std::get<std::string>(rows[0][0]) != column.id_column ||
        std::get<std::string>(rows[0][1]) != column.context_prefix) {
      return Status::FailedPrecondition("sealed column " + column.table + "." + column.column +
                                        " is recorded in the database with another id column "
                                        "or context");
    }
  }
  return Status::Ok();
}

// Sets content_key on every case that has none, 1,000 cases per statement.
Status FillContentKeys(Connection& conn) {
  constexpr int kChunk = 1000;
  int64_t last_id = 0;
  while (true) {
    const Param params[] = {last_id, int64_t{kChunk}};
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        conn.Query("SELECT id, content_hash FROM case_record WHERE id > $1 ORDER BY id LIMIT $2",
                   params, false));
    if (rows.empty()) return Status::Ok();
    // Ids and keys are integers the store made, so they are written into the statement.
    std::string values;
    for (const SqlRow& row : rows) {
      last_id = std::get<int64_t>(row[0]);
      values += values.empty() ? "(" : ", (";
      values += std::to_string(last_id) + ", " +
                std::to_string(ContentKey(std::get<std::string>(row[1]))) + ")";
    }
    PALERMO_RETURN_IF_ERROR(
        conn.Execute("UPDATE case_record SET content_key = v.column2 FROM (VALUES " + values +
                         ") AS v WHERE case_record.id = v.column1",
                     {}, false)
            .status());
    if (rows.size() < static_cast<size_t>(kChunk)) return Status::Ok();
  }
}

struct Registry {
  std::mutex mu;
  std::vector<Migration> migrations;
  std::vector<SealedColumn> sealed_columns;
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();  // never destroyed: used from static initialisers
  return *registry;
}

[[noreturn]] void DieConflict(const std::string& what) {
  std::fprintf(stderr, "palermo store: conflicting registration of %s\n", what.c_str());
  std::abort();
}

}  // namespace

std::vector<Migration> AllMigrations() {
  std::vector<Migration> all = {{"store", 1, kStoreV1},
                                {"store", 2, kStoreV2},
                                {"store", 3, kStoreV3Sqlite},
                                {"store", 4, kStoreV4},
                                {"store", 5, kStoreV5},
                                {"store", 6, kStoreV6}};
  const size_t store_count = all.size();
  {
    Registry& registry = GetRegistry();
    std::lock_guard lock(registry.mu);
    all.insert(all.end(), registry.migrations.begin(), registry.migrations.end());
  }
  std::stable_sort(all.begin() + static_cast<std::ptrdiff_t>(store_count), all.end(),
                   [](const Migration& a, const Migration& b) {
                     return std::tie(a.module, a.version) < std::tie(b.module, b.version);
                   });
  return all;
}

std::vector<SealedColumn> AllSealedColumns() {
  Registry& registry = GetRegistry();
  std::lock_guard lock(registry.mu);
  return registry.sealed_columns;
}

Status ApplyMigrations(Connection& conn) {
  PALERMO_RETURN_IF_ERROR(
      conn.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, "
                   "version INTEGER NOT NULL, applied_at TEXT NOT NULL, "
                   "PRIMARY KEY (module, version))",
                   {}, false)
          .status());
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           conn.Query("SELECT module, version FROM schema_migrations", {}, false));
  std::set<std::pair<std::string, int64_t>> applied;
  for (const SqlRow& row : rows) {
    const auto& version = std::get<int64_t>(row[1]);
    applied.emplace(std::get<std::string>(row[0]), version);
    if (std::get<std::string>(row[0]) == "store" && version > kStoreSchemaVersion) {
      return Status::FailedPrecondition("the database has store schema version " +
                                        std::to_string(version) +
                                        ", newer than this palermo knows (" +
                                        std::to_string(kStoreSchemaVersion) + "); upgrade palermo");
    }
  }
  // Store v3 has one text per engine (SQLite cannot drop a UNIQUE written inside CREATE TABLE).
  const bool sqlite = conn.engine() == "sqlite";
  bool applied_any = false;
  for (const Migration& migration : AllMigrations()) {
    if (applied.contains({migration.module, migration.version})) continue;
    applied_any = true;
    const bool rebuild = migration.module == "store" && migration.version == 3;
    const std::string sql = rebuild && !sqlite ? kStoreV3Postgres : migration.sql;
    Status status = Status::Ok();
    for (const std::string& statement : SplitStatements(sql)) {
      status = conn.Execute(statement, {}, false).status();
      if (!status.ok()) break;
    }
    if (status.ok() && rebuild) {
      status = FillContentKeys(conn);
    }
    if (!status.ok()) {
      return status.WithContext("migration " + migration.module + " v" +
                                std::to_string(migration.version));
    }
    const Param params[] = {std::string_view(migration.module), int64_t{migration.version}};
    PALERMO_RETURN_IF_ERROR(
        conn.Execute("INSERT INTO schema_migrations (module, version, applied_at) "
                     "VALUES ($1, $2, {{now}})",
                     params, false)
            .status());
  }
  PALERMO_RETURN_IF_ERROR(RecordSealedColumns(conn));
  if (applied_any) {
    // Migrations run with SQLite's foreign keys off (see the header): check what they left.
    PALERMO_ASSIGN_OR_RETURN(const int64_t orphans, conn.ForeignKeyViolations());
    if (orphans > 0) {
      return Status::DataLoss("the schema migration left " + std::to_string(orphans) +
                              " rows whose parent row is missing; nothing was changed");
    }
  }
  return Status::Ok();
}

Result<std::vector<SealedColumn>> RecordedSealedColumns(Connection& conn) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      conn.Query("SELECT table_name, column_name, id_column, context_prefix FROM sealed_column "
                 "ORDER BY table_name, column_name",
                 {}, false));
  std::vector<SealedColumn> out;
  for (const SqlRow& row : rows) {
    SealedColumn column;
    column.table = std::get<std::string>(row[0]);
    column.column = std::get<std::string>(row[1]);
    column.id_column = std::get<std::string>(row[2]);
    column.context_prefix = std::get<std::string>(row[3]);
    if (!IsSqlName(column.table) || !IsSqlName(column.column) || !IsSqlName(column.id_column)) {
      return Status::FailedPrecondition(
          "the database records a sealed column whose name is not "
          "a plain SQL name: " +
          column.table + "." + column.column);
    }
    out.push_back(std::move(column));
  }
  return out;
}

int64_t ContentKey(std::string_view content_hash) {
  // 63 bits, so the key is never negative (it is also written as a literal by
  // FillContentKeys, where PostgreSQL would read -2^63 as a numeric).
  return static_cast<int64_t>(XXH3_64bits(content_hash.data(), content_hash.size()) >> 1);
}

}  // namespace internal

void RegisterMigration(Migration migration) {
  internal::Registry& registry = internal::GetRegistry();
  std::lock_guard lock(registry.mu);
  if (migration.module == "store") internal::DieConflict("a migration of module \"store\"");
  for (const Migration& known : registry.migrations) {
    if (known.module == migration.module && known.version == migration.version) {
      if (known.sql != migration.sql) {
        internal::DieConflict("migration " + migration.module + " v" +
                              std::to_string(migration.version));
      }
      return;
    }
  }
  registry.migrations.push_back(std::move(migration));
}

void RegisterSealedColumn(SealedColumn column) {
  internal::Registry& registry = internal::GetRegistry();
  std::lock_guard lock(registry.mu);
  for (const SealedColumn& known : registry.sealed_columns) {
    if (known.table == column.table && known.column == column.column) {
      if (known.id_column != column.id_column || known.context_prefix != column.context_prefix) {
        internal::DieConflict("sealed column " + column.table + "." + column.column);
      }
      return;
    }
  }
  registry.sealed_columns.push_back(std::move(column));
}

}  // namespace palermo::store
