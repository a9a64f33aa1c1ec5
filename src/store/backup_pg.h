// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/backup_pg.h (internal to the store): backups of a PostgreSQL database through
// pg_dump and pg_restore, run by Palermo itself.
//
// The tools get the connection URL without its password; a password given in the URL goes to
// them through the PGPASSWORD environment variable, so it never shows in a process list, and
// neither it nor the URL's password is written to a message. The tools' error output is
// reduced to its first line. Tools: $PALERMO_PG_BIN/pg_dump (and pg_restore) if set, else
// /usr/lib/postgresql/15/bin, else the PATH.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/core.h"
#include "store/backup_format.h"
#include "store/store.h"

namespace palermo::store::internal {

// Writes a backup of the schema `store` works in (its current_schema) to `out_fd`: the facts of
// `header` (store id, audit head, schema) are read in a REPEATABLE READ transaction whose
// snapshot pg_dump then uses (--snapshot), so they describe exactly what is dumped, while
// other sessions keep writing. The payload is pg_dump's custom-format archive.
Status DumpPostgres(Store& store, const std::string& url, int out_fd, const BackupKey& key,
                    BackupHeader& header, Lang lang);

// Restores into the database `url`, whose current schema must be the backup's and hold no
// table (else `not_empty`): decrypts to a temporary file (mode 0600) first, so an altered or
// truncated backup is refused before pg_restore runs, then restores in one transaction and
// calls `verify`; if that fails the restored tables are dropped again.
Status RestorePostgres(const std::string& url, int in_fd, const BackupKey& key,
                       const BackupHeader& header, std::string_view raw_header,
                       const Status& not_empty, const std::function<Status()>& verify, Lang lang);

// "postgresql://user@host/db" for "postgresql://user:secret@host/db?password=x&sslmode=y"
// (the password removed, other parameters kept), and the password, percent-decoded, if any.
struct SplitUrl {
  std::string url;
  std::string password;
};
SplitUrl SplitPassword(std::string_view url);

}  // namespace palermo::store::internal
