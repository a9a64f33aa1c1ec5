// SPDX-License-Identifier: AGPL-3.0-or-later
// Store::RotateKey: every sealed value, blind index, content hash and audit hash under a new key.
#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/content_hash.h"
#include "store/migrations.h"
#include "store/sql_store_impl.h"

namespace palermo::store::internal {

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

}  // namespace palermo::store::internal
