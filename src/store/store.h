// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/store.h: Palermo's case database.
//
// One interface, two engines: SQLite (embedded default: one file, WAL, foreign keys on) and
// PostgreSQL 15 (many users, via libpq). Both pass tests/store/store_contract_test.cc, one
// typed test suite run against each, so the engines cannot drift apart.
//
// What the store promises:
//  * Every write happens inside a Transaction; nothing is visible or durable before Commit(),
//    and a Transaction destroyed without Commit() rolls back. A crash at any moment leaves the
//    database as of the last commit.
//  * Direct identifiers (model.h DirectIdentifiers: names, birth date, documents, phones,
//    address, plus case notes and quarantined raw rows) are encrypted at rest with libsodium
//    XChaCha20-Poly1305 under keys derived from the key file made by `palermo init` (mode 0600).
//    Exact lookups use keyed BLAKE2b blind indexes; no plaintext identifier is ever written to
//    the database, a log or an error message. A missing key file is kFailedPrecondition; a key
//    that does not open this database is kUnauthenticated.
//  * Every write and every read of a person's identifiers appends an entry to an append-only
//    audit log (who, when, action, object, purpose); each entry carries a keyed hash chained to
//    the previous one, so VerifyAudit() finds the first altered, inserted or deleted entry.
//  * Schema changes are versioned migrations, applied in order at Open(); modules above the
//    store (screen, referral, server, publish) register their own tables through Migration and
//    use them through Execute()/Query(), written in the portable SQL subset described below.
//
// Thread safety: a Store may be shared between threads; a Transaction may not. SQLite allows
// one writing Transaction at a time (others wait up to StoreOptions::busy_timeout_ms).
//
//   StoreOptions options{.url = "palermo.db", .key_file = "palermo.db.key"};
//   PALERMO_RETURN_IF_ERROR(Store::Init(options));          // creates key + schema (palermo init)
//   PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
//   PALERMO_ASSIGN_OR_RETURN(auto tx, store->Begin(Actor{"import", "police", "system"}));
//   PALERMO_ASSIGN_OR_RETURN(CaseId id, tx->InsertCase(record, content_hash));
//   PALERMO_RETURN_IF_ERROR(tx->Commit());
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/core.h"

namespace palermo::store {

struct StoreOptions {
  // "palermo.db", "sqlite:/path/x.db" or "postgresql://user@host:port/db" (libpq URL).
  std::string url = "palermo.db";
  // 32-byte key file; see Store::Init. Required for every Open.
  std::string key_file = "palermo.db.key";
  int busy_timeout_ms = 10000;
  // Connections kept open for reuse (each keeps its prepared statements). A server should set
  // its worker count: a smaller pool reconnects under load.
  int pooled_connections = 8;
};

// `url` as it may be printed: without the password a PostgreSQL URL may carry
// ("postgresql://user:***@host/db") nor its parameters (which may hold one too); a file path
// unchanged.
std::string RedactUrl(std::string_view url);

// Who acts, for the audit log and for organisation scoping in the layers above.
struct Actor {
  std::string user = "system";
  std::string organisation;  // organisation code; empty for system tasks
  std::string role = "system";
};

// A bad input row kept with its reason; never dropped. `raw` may hold personal data and is
// encrypted at rest.
struct QuarantineEntry {
  int64_t id = 0;
  std::string source_file;  // file name as given to the import (basename)
  std::string agency;
  int64_t line = 0;          // 1-based line of the record in the file; 0 for a whole-file problem
  std::string field;         // the column or model field at fault; empty when the whole row is
  std::string reason;        // plain words, no personal data: "not a date (expected YYYY-MM-DD)"
  std::string raw;           // the original record (CSV line or JSON object) — encrypted at rest
  // Given: the caller's digest of the raw record, so re-importing does not duplicate it. The
  // store keeps only a keyed hash of it ("k1:…", see Transaction::InsertCase), which is what
  // ListQuarantine returns here.
  std::string content_hash;
  std::string created_at;    // ISO 8601 UTC
  bool resolved = false;     // no longer waiting: imported by a retry, resolved or dismissed
  // How it left the list: "imported" (a retry imported it), "resolved" (a person dealt with it
  // elsewhere) or "dismissed" (not to be imported); empty while waiting. With the reason code
  // (kQuarantineReasons), who and when; empty for entries closed before schema v6.
  std::string outcome;
  std::string outcome_reason;
  std::string outcome_by;
  std::string outcome_at;
};

// Why a person resolves or dismisses a quarantine entry: codes, never free text (a note about
// a row would soon hold the name in it).
//   resolved:  entered_manually (the case was typed in by hand), corrected_at_source (the
//              agency sent a corrected file, imported under another line)
//   dismissed: duplicate (the same case is already stored), test_row, not_a_case (a header,
//              a total, a row about someone who is not a presumed victim), out_of_scope
inline constexpr std::string_view kQuarantineResolveReasons[] = {"entered_manually",
                                                                  "corrected_at_source"};
inline constexpr std::string_view kQuarantineDismissReasons[] = {"duplicate", "test_row",
                                                                  "not_a_case", "out_of_scope"};
// The reason codes of `outcome` ("resolved" or "dismissed"), comma-separated for a message
// ("duplicate, test_row, …"); empty for any other outcome.
std::string QuarantineReasonList(std::string_view outcome);

struct AuditEntry {
  int64_t seq = 0;
  std::string at;  // ISO 8601 UTC
  std::string user;
  std::string organisation;
  std::string role;
  std::string action;       // "insert_case", "read_identifiers", "key_rotate", ...
  std::string object_type;  // "case", "person", "quarantine", ...
  std::string object_id;
  std::string purpose;  // why a sensitive read happened
  std::string detail;   // never personal data
  std::string hash;     // hex
};

// Kinds of blind index kept for exact lookups. The value is normalised before hashing
// (case- and accent-folded, separators stripped), so "Okafor" and "OKAFOR" match.
enum class IdentifierKind { kFamilyName, kGivenName, kFullName, kBirthDate, kDocument, kPhone };

// A versioned schema change for one module. `sql` uses the portable subset: standard types
// INTEGER/BIGINT/TEXT/REAL, `{{id}}` for an auto-increment BIGINT primary key, `{{blob}}` for
// binary, `{{now}}` for the current UTC timestamp as ISO 8601 text, `{{without_rowid}}` after a
// CREATE TABLE's closing parenthesis to store the table as one B-tree on its primary key
// (SQLite's WITHOUT ROWID; ignored on PostgreSQL); statements separated by ';'.
struct Migration {
  std::string module;  // "store", "screen", "referral", ...
  int version = 0;     // applied in increasing order per module, once
  std::string sql;
};
// Registers migrations of a module above the store; call before Open (e.g. from a static
// initialiser or the module's own Open wrapper). Idempotent for an identical migration;
// registering a different migration under the same (module, version) is a programmer error.
// On PostgreSQL, INTEGER is 32-bit: use BIGINT for counts and ids that may grow.
void RegisterMigration(Migration migration);

// A column of a module's own table holding Transaction::Seal output, declared so RotateKey can
// re-encrypt it. Every non-NULL value in `table.column` must have been sealed with context
// `context_prefix + <the row's id_column value in decimal>` (e.g. prefix "document:" and id 42
// give "document:42"). Register before Open, like migrations; idempotent.
struct SealedColumn {
  std::string table;
  std::string id_column;  // an integer column identifying the row, usually the {{id}} column
  std::string column;     // a {{blob}} column
  std::string context_prefix;
};
void RegisterSealedColumn(SealedColumn column);

// A value bound to a `$1`, `$2`… placeholder in Execute/Query, or read from a result row.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
using SqlRow = std::vector<SqlValue>;

class Transaction {
 public:
  virtual ~Transaction() = default;  // rolls back unless Commit() succeeded

  // Makes every change durable. kAborted on a serialisation conflict (retry the whole
  // transaction); kUnavailable if the connection was lost. After a failed Commit the
  // transaction is rolled back.
  virtual Status Commit() = 0;

  // Adds or updates an organisation by its code.
  virtual Result<OrganisationId> UpsertOrganisation(const Organisation& organisation) = 0;

  // Inserts a case with its person. `content_hash` identifies the source record's content (a
  // digest the caller computes, e.g. ingest::ContentHash). It is never stored as given: the
  // database keeps a keyed BLAKE2b hash of it (a subkey of the store key), recomputed by
  // RotateKey, so a dictionary of guessed records cannot be matched against the database.
  // kAlreadyExists if a case with the same hash, or the same (agency, local_id), is stored;
  // the store is then unchanged and the transaction usable. Identifiers are encrypted and
  // blind-indexed here. The case's person gets the case's id (record.person.id is ignored).
  // kInvalidArgument if agency, local_id or content_hash is empty, or a text is not UTF-8.
  // Audited. Cost (SQLite): about eight prepared statements, no SELECT.
  virtual Result<CaseId> InsertCase(const CaseRecord& record, std::string_view content_hash) = 0;
  // Replaces the stored case `record.id` with `record` (case correction, src/casework): status,
  // dates, age, country, forms, events, notes, and the person's sex, gender detail,
  // citizenship, birth year and identifiers, re-sealed, with the blind-index entries of the old
  // identifiers removed and those of the new ones added. `agency` and `local_id` must be those
  // stored (kInvalidArgument: the sealed notes are bound to them); the content hash is kept.
  // kNotFound without such a case. Audited ("update_case", no values).
  virtual Status UpdateCase(const CaseRecord& record) = 0;
  // True when a case or a quarantine entry with this content hash (as given to InsertCase or
  // AddQuarantine) exists.
  virtual Result<bool> HasContentHash(std::string_view content_hash) = 0;
  // A local id for a record whose source has none: "h:" + 16 hex digits of the keyed hash of
  // `content_hash`. The same for the same content under one key; reveals nothing computable
  // without the key. kInvalidArgument if `content_hash` is empty.
  virtual Result<std::string> GeneratedLocalId(std::string_view content_hash) = 0;

  // Reads a case. Identifiers are decrypted only when `with_identifiers` is set, and that read
  // is audited with `purpose` (required then: kInvalidArgument if empty). kNotFound if absent.
  virtual Result<CaseRecord> GetCase(CaseId id, bool with_identifiers,
                                     std::string_view purpose) = 0;
  // All cases (optionally of one agency), in id order. Same identifier rule as GetCase; a read
  // with identifiers is audited once for the whole list.
  virtual Result<std::vector<CaseRecord>> ListCases(std::string_view agency, bool with_identifiers,
                                                    std::string_view purpose) = 0;
  // At most `limit` cases (1..1000) of `agency` ("" = all agencies), newest first, with
  // id < before (0 = from the newest). No identifiers, not audited (no identifiers are read).
  // One indexed query: cost independent of the number of cases stored.
  // kInvalidArgument if limit is outside 1..1000, before is negative or agency is not UTF-8.
  // The next page starts at `before` = the last returned case's id; an empty result ends.
  virtual Result<std::vector<CaseRecord>> ListCasesPage(std::string_view agency, CaseId before,
                                                        int limit) = 0;
  virtual Result<int64_t> CountCases() = 0;
  // Cases whose identifier of `kind` equals `value` after normalisation (blind index).
  virtual Result<std::vector<CaseId>> FindCasesByIdentifier(IdentifierKind kind,
                                                            std::string_view value) = 0;

  // Stores `entry` (its id and created_at are assigned; `raw` is sealed) and returns its id.
  // kAlreadyExists if an entry with the same non-empty content_hash is stored (the store is
  // then unchanged). Audited.
  virtual Result<int64_t> AddQuarantine(const QuarantineEntry& entry) = 0;
  // Entries (raw decrypted only when `with_raw`, audited), unresolved only unless `all`.
  virtual Result<std::vector<QuarantineEntry>> ListQuarantine(bool all, bool with_raw) = 0;
  // Marks an entry imported (a retry imported its row). kNotFound if there is no entry `id`.
  // Audited.
  virtual Status ResolveQuarantine(int64_t id) = 0;
  // A person closes an entry: `outcome` "resolved" or "dismissed" with a reason code of that
  // outcome (kQuarantineResolveReasons / kQuarantineDismissReasons), kept with the actor and
  // the time. kInvalidArgument for another outcome or reason, kNotFound without entry `id`,
  // kFailedPrecondition if it is already closed. Audited (the reason code, no row content).
  virtual Status CloseQuarantine(int64_t id, std::string_view outcome,
                                 std::string_view reason) = 0;

  // Appends an audit entry for an action done by a module above the store (e.g. a referral
  // transition, a denied request). Writes done through the methods above audit themselves.
  virtual Status Audit(std::string_view action, std::string_view object_type,
                       std::string_view object_id, std::string_view purpose,
                       std::string_view detail) = 0;

  // Portable SQL for modules' own tables (see Migration). Placeholders `$1`, `$2`…
  // Execute returns the number of rows changed; Query returns all rows.
  // Binding: a std::string that is valid UTF-8 without NUL bytes is bound as text, any other
  // (e.g. Seal output, which never is valid UTF-8) as binary for a {{blob}} column. Reading:
  // integers come back as int64_t (also PostgreSQL bigint, numeric without fraction and
  // boolean), {{blob}} columns as raw bytes, NULL as std::monostate. Statements are prepared
  // once per connection and cached by their text: keep the text constant, vary the parameters.
  // An SQL error ends the transaction on both engines (PostgreSQL aborts it; SQLite is made to
  // match): it is rolled back, and every later call, Commit included, returns the error.
  virtual Result<int64_t> Execute(std::string_view sql,
                                  const std::vector<SqlValue>& params = {}) = 0;
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql,
                                            const std::vector<SqlValue>& params = {}) = 0;
  // Id given to the last row inserted by Execute into a table with an `{{id}}` column.
  virtual Result<int64_t> LastInsertId() = 0;

  // Encrypts/decrypts a module's own sensitive value with the store key (AEAD; `context`
  // binds it to its place, e.g. "document:42", so it cannot be moved to another row). Open is
  // kDataLoss if the value was altered, sealed for another context or under another key.
  // Declare the column with RegisterSealedColumn so RotateKey re-encrypts it.
  virtual Result<std::string> Seal(std::string_view plaintext, std::string_view context) = 0;
  virtual Result<std::string> Open(std::string_view sealed, std::string_view context) = 0;

  // The database's stable id (32 hex characters): created at Init, kept in the database, the
  // same whatever address or engine connection reaches it, never changed (a copy of the
  // database keeps it). A database created before store ids gets one at the first call in a
  // writing transaction (kFailedPrecondition in a read-only one). Same on both engines
  // (store_id.cc, written with Query/Execute).
  Result<std::string> StoreId();
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates the key file (32 random bytes, mode 0600; kAlreadyExists if present) and the
  // database with every migration applied. kAlreadyExists if the database already holds a
  // Palermo schema bound to another key.
  static Status Init(const StoreOptions& options);

  // Opens the database and applies pending migrations. kFailedPrecondition if the key file is
  // missing (with a hint to run `palermo init`), kUnauthenticated if the key does not match the
  // database, kUnavailable if a PostgreSQL server cannot be reached. On OK never null.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);

  // Starts a transaction acting as `actor`. The Transaction must not outlive the Store.
  // SQLite: BEGIN IMMEDIATE (kUnavailable after busy_timeout_ms if another writer holds the
  // file); writers of one Store queue in the process first, so they wait for the lock without
  // SQLite's sleeping retries (which, under load, add hundreds of milliseconds).
  // PostgreSQL: REPEATABLE READ; writers queue on a lock of the audit chain head taken before
  // their snapshot, so they do not abort each other over it (kAborted remains possible, e.g.
  // on a deadlock detected by the server: retry).
  virtual Result<std::unique_ptr<Transaction>> Begin(const Actor& actor) = 0;
  // Starts a read-only transaction: a consistent snapshot that takes no write lock, so reads
  // run in parallel with each other and with one writer (SQLite WAL; PostgreSQL REPEATABLE
  // READ READ ONLY). Writes (UpsertOrganisation, InsertCase, AddQuarantine, ResolveQuarantine,
  // Execute, a writing Query) fail with kFailedPrecondition; a writing Query also ends the
  // transaction. Audit entries (Audit, and the audited reads GetCase/ListCases with
  // identifiers, ListQuarantine with raw) are kept and appended by Commit() in a short write
  // transaction of their own: exactly as with Begin, they are durable when Commit() returns OK
  // and dropped without it. That append needs no snapshot: on PostgreSQL it runs at READ
  // COMMITTED and waits for the chain head's lock, so a concurrent writer does not make it
  // fail with kAborted.
  virtual Result<std::unique_ptr<Transaction>> BeginRead(const Actor& actor) = 0;
  // Like Begin, but Commit() skips the flush to stable storage: once it returns OK the
  // changes are visible and survive a process crash, and a crash never leaves part of them,
  // but a power cut or OS crash may lose them (with later such commits) until a Begin
  // transaction's Commit() on this database returns, which makes them durable too. For
  // idempotent work that ends with such a commit (an import's batches). SQLite: synchronous=
  // NORMAL for this transaction (FULL otherwise); PostgreSQL: synchronous_commit = off.
  virtual Result<std::unique_ptr<Transaction>> BeginNotDurable(const Actor& actor) = 0;

  // Walks the whole audit chain. OK if intact; kDataLoss naming the first entry (by seq) that
  // was altered, inserted or deleted ("audit entry 17 does not match its hash", "audit entry
  // 12 is missing"). Deleting the newest entries together with the chain head row cannot be
  // detected from inside the database: record AuditHead() elsewhere to catch that too.
  virtual Status VerifyAudit() = 0;
  // Up to `limit` entries with seq >= from_seq, in seq order.
  virtual Result<std::vector<AuditEntry>> ReadAudit(int64_t from_seq, int64_t limit) = 0;
  // The newest entry (seq 0 and empty fields when the log is empty). Its seq and hash are the
  // chain head an auditor can note down to detect later truncation.
  virtual Result<AuditEntry> AuditHead() = 0;

  // Generates a new key, re-encrypts every sealed value (the store's own and every
  // RegisterSealedColumn column) and recomputes every blind index, every keyed content hash and
  // the audit chain's key binding in ONE transaction, then replaces the key file atomically.
  // If anything fails the database and key file are as before. A crash between the commit and
  // the key file replacement is recovered at the next Open (the new key is kept beside the
  // old file as "<key_file>.next" until then). kDataLoss (and nothing changed) if the audit
  // chain is broken: re-keying would hide the tampering. REQUIRES: no Transaction of this
  // Store is open in the calling thread (it would wait for itself up to the busy timeout).
  // Other processes that have the database open must reopen it with the new key file; until
  // then their transactions fail with kUnauthenticated.
  virtual Status RotateKey() = 0;

  virtual std::string_view engine() const = 0;  // "sqlite" or "postgresql"
};

// Normalises an identifier for its blind index (exposed for tests and for the import's
// duplicate check): folded to lower-case ASCII, separators removed; documents also map O→0.
std::string NormaliseIdentifier(IdentifierKind kind, std::string_view value);

}  // namespace palermo::store
