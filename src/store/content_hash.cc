// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/content_hash.h"

#include <variant>
#include <vector>

#include "store/migrations.h"
#include "store/sql_store.h"

namespace palermo::store::internal {
namespace {

constexpr int64_t kPage = 2000;
constexpr std::string_view kLegacyDigestPrefix = "xxh128:";  // ingest's digest before store v4

std::string_view Text(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}
int64_t Int(const SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  return 0;
}
bool Null(const SqlValue& v) { return std::holds_alternative<std::monostate>(v); }

// The local id the importer generated from an unkeyed digest before store v4.
bool IsLegacyGeneratedId(std::string_view local_id, std::string_view digest) {
  return digest.size() >= kLegacyDigestPrefix.size() + 16 &&
         digest.starts_with(kLegacyDigestPrefix) && local_id.size() == 18 &&
         local_id.starts_with("h:") &&
         local_id.substr(2) == digest.substr(kLegacyDigestPrefix.size(), 16);
}

}  // namespace

KeyedContent KeyContent(const Keys& keys, std::string_view digest, NonceSequence& nonces) {
  KeyedContent out;
  out.hash = keys.ContentHash(digest);
  out.key = ContentKey(out.hash);
  out.sealed = keys.Seal(digest, ContentContext(out.hash), nonces);
  return out;
}

std::string ContentContext(std::string_view keyed_hash) {
  return "content:" + std::string(keyed_hash);
}

std::string GeneratedLocalId(std::string_view keyed_hash) {
  // "k1:" then hex digits.
  return "h:" + std::string(keyed_hash.substr(3, 16));
}

Status KeyLegacyContentHashes(Connection& conn, const Keys& keys) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> due,
      conn.Query("SELECT value FROM meta WHERE name = 'content_hash_rekey'", {}, false));
  if (due.empty()) return Status::Ok();
  NonceSequence nonces;
  int64_t after = 0;
  while (true) {
    const Param page[] = {after, kPage};
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        conn.Query("SELECT id, agency, local_id, content_hash, notes FROM case_record WHERE id > "
                   "$1 AND content_sealed IS NULL ORDER BY id LIMIT $2",
                   page, false));
    for (const SqlRow& row : rows) {
      after = Int(row[0]);
      const std::string_view agency = Text(row[1]);
      const std::string_view local_id = Text(row[2]);
      const std::string_view digest = Text(row[3]);
      const KeyedContent keyed = KeyContent(keys, digest, nonces);
      const std::string new_local_id = IsLegacyGeneratedId(local_id, digest)
                                           ? GeneratedLocalId(keyed.hash)
                                           : std::string(local_id);
      std::string notes;
      if (!Null(row[4])) {
        // Notes are bound to (agency, local_id): resealed when the local id changes.
        PALERMO_ASSIGN_OR_RETURN(std::string plain,
                                 keys.Open(Text(row[4]), NotesContext(agency, local_id)));
        notes = keys.Seal(plain, NotesContext(agency, new_local_id), nonces);
      }
      const Param params[] = {std::string_view(keyed.hash),
                              keyed.key,
                              BlobView{keyed.sealed},
                              std::string_view(new_local_id),
                              Null(row[4]) ? Param() : Param(BlobView{notes}),
                              after};
      PALERMO_RETURN_IF_ERROR(
          conn.Execute("UPDATE case_record SET content_hash = $1, content_key = $2, "
                       "content_sealed = $3, local_id = $4, notes = $5 WHERE id = $6",
                       params)
              .status());
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  after = 0;
  while (true) {
    const Param page[] = {after, kPage};
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        conn.Query("SELECT id, content_hash FROM quarantine WHERE id > $1 AND content_sealed IS "
                   "NULL AND content_hash IS NOT NULL ORDER BY id LIMIT $2",
                   page, false));
    for (const SqlRow& row : rows) {
      after = Int(row[0]);
      const KeyedContent keyed = KeyContent(keys, Text(row[1]), nonces);
      const Param params[] = {std::string_view(keyed.hash), BlobView{keyed.sealed}, after};
      PALERMO_RETURN_IF_ERROR(
          conn.Execute("UPDATE quarantine SET content_hash = $1, content_sealed = $2 WHERE id = $3",
                       params)
              .status());
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  return conn.Execute("DELETE FROM meta WHERE name = 'content_hash_rekey'", {}, false).status();
}

Status RekeyContentHashes(Connection& conn, const Keys& current, const Keys& next) {
  NonceSequence nonces;
  struct Table {
    const char* select;
    const char* update;
    bool with_key;
  };
  const Table tables[] = {
      {"SELECT id, content_hash, content_sealed FROM case_record WHERE id > $1 ORDER BY id "
       "LIMIT $2",
       "UPDATE case_record SET content_hash = $1, content_sealed = $2, content_key = $3 WHERE "
       "id = $4",
       true},
      {"SELECT id, content_hash, content_sealed FROM quarantine WHERE id > $1 AND content_hash "
       "IS NOT NULL ORDER BY id LIMIT $2",
       "UPDATE quarantine SET content_hash = $1, content_sealed = $2 WHERE id = $3", false},
  };
  for (const Table& table : tables) {
    int64_t after = 0;
    while (true) {
      const Param page[] = {after, kPage};
      PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, conn.Query(table.select, page, false));
      for (const SqlRow& row : rows) {
        after = Int(row[0]);
        Result<std::string> digest =
            Null(row[2]) ? Result<std::string>(Status::DataLoss("no sealed content digest"))
                         : current.Open(Text(row[2]), ContentContext(Text(row[1])));
        if (!digest.ok()) {
          return digest.status().WithContext(std::string(table.with_key ? "case " : "quarantine ") +
                                             std::to_string(after));
        }
        const KeyedContent keyed = KeyContent(next, *digest, nonces);
        Status updated =
            table.with_key
                ? conn.Execute(table.update,
                               std::vector<Param>{std::string_view(keyed.hash),
                                                  BlobView{keyed.sealed}, keyed.key, after})
                      .status()
                : conn.Execute(table.update, std::vector<Param>{std::string_view(keyed.hash),
                                                                BlobView{keyed.sealed}, after})
                      .status();
        PALERMO_RETURN_IF_ERROR(updated);
      }
      if (static_cast<int64_t>(rows.size()) < kPage) break;
    }
  }
  return Status::Ok();
}

}  // namespace palermo::store::internal
