// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/migrations.h (internal to the store): the store's own schema and the registry of
// modules' migrations.
#pragma once

#include <vector>

#include "store/connection.h"
#include "store/store.h"

namespace palermo::store::internal {

// The store's schema version this build knows.
inline constexpr int kStoreSchemaVersion = 6;

// The store's migrations, then every registered module's, by module name and version.
std::vector<Migration> AllMigrations();
// Sealed columns registered in this process (RegisterSealedColumn).
std::vector<SealedColumn> AllSealedColumns();
// Every sealed column recorded in the database (store v5 table sealed_column), whichever process
// registered it: what RotateKey re-encrypts. kFailedPrecondition if a recorded name is not a
// plain SQL name (letters, digits, '_').
Result<std::vector<SealedColumn>> RecordedSealedColumns(Connection& conn);

// Applies every migration not yet recorded in schema_migrations, in order, each recorded as it
// goes. REQUIRES: a transaction opened with TxMode::kMigrate on `conn` (on SQLite, foreign keys
// are then off: rebuilding a parent table needs them off): when it applied anything it asks
// the connection for rows that lost their parent (ForeignKeyViolations) and returns kDataLoss
// if there is one (the caller then rolls back).
// kFailedPrecondition if the database holds a newer store schema than this build knows.
// Then records every sealed column registered in this process in the database
// (RecordedSealedColumns); kFailedPrecondition if one is recorded with another context.
Status ApplyMigrations(Connection& conn);

// The indexed key of a case's content hash (store v3): 63 bits of XXH3-64 of the hash text. Not
// unique: a match is confirmed by comparing content_hash itself.
int64_t ContentKey(std::string_view content_hash);

}  // namespace palermo::store::internal
