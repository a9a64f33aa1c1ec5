// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/backup.h: encrypted backups of a Palermo database, and their restore.
//
// Backup copies the database as one consistent snapshot while other processes keep writing
// (SQLite: the online backup API in one read transaction; PostgreSQL: pg_dump, which reads one
// REPEATABLE READ snapshot), compresses it with zstd and encrypts and authenticates it with
// libsodium's secretstream (XChaCha20-Poly1305) under a key derived from the database key with
// the context "backup01". The file starts with a small header (magic "PALERMOB", format
// version, engine, creation time, store id, the snapshot's audit chain head, a key check), which
// every encrypted chunk binds as associated data: a changed, removed or appended byte anywhere
// makes Restore refuse the file before anything is written to the target. The key file is
// never inside a backup: keep it apart (a backup is useless without it, and, after `palermo
// key rotate`, older backups need the older key file).
//
// Restore writes only into an EMPTY database (SQLite: a file that does not exist yet or is
// empty; PostgreSQL: a schema without tables), with the key file the backup was made under,
// then verifies the restored audit chain and that its head is the one recorded in the header,
// and appends a "restore" audit entry. SQLite: everything happens in a temporary file next to
// the target, moved into place only once verified. PostgreSQL: pg_restore in one transaction;
// if verification fails afterwards the restored tables are dropped again.
//
// Both write an audit entry (action "backup"/"restore", object the store id; detail without
// personal data). Messages are in `lang`.
//
//   PALERMO_ASSIGN_OR_RETURN(BackupInfo info, Backup(options, "cases.pbk", actor, Lang::kEn));
//   PALERMO_ASSIGN_OR_RETURN(BackupInfo info, Restore(target, "cases.pbk", actor, Lang::kEn));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/core.h"
#include "store/store.h"

namespace palermo::store {

struct BackupInfo {
  std::string engine;      // "sqlite" or "postgresql"
  std::string store_id;    // of the database backed up
  std::string created_at;  // ISO 8601 UTC, when the backup was taken
  int64_t audit_seq = 0;   // the audit chain head in the snapshot
  std::string audit_hash;
  int64_t bytes = 0;  // size of the backup file
};

// Writes a backup of the database `options` opens (key file required and checked) to
// `out_path`: first to a temporary file beside it (mode 0600), renamed over `out_path` only
// when complete and flushed, so a failure never leaves a partial backup under that name.
// kUnauthenticated if the key does not open the database; kUnavailable if the database or the
// output directory cannot be reached, or pg_dump fails. Audited ("backup").
Result<BackupInfo> Backup(const StoreOptions& options, const std::string& out_path,
                          const Actor& actor, Lang lang);

// Restores the backup at `in_path` into the empty database `options.url`, with the key file
// `options.key_file` (not created: the one the backup was made under). Errors, with nothing
// left in the target: kFailedPrecondition if the target is not empty or is of another engine
// than the backup; kUnauthenticated if the key is not the backup's; kDataLoss if the file is
// not a backup, was altered or truncated, or the restored audit chain does not verify;
// kFailedPrecondition if the key file is missing. Returns the backup's header. Audited
// ("restore", appended after verification).
Result<BackupInfo> Restore(const StoreOptions& options, const std::string& in_path,
                           const Actor& actor, Lang lang);

}  // namespace palermo::store
