// src/store/migrations.h (internal to the store): the store's own schema and the registry of
// modules' migrations.
#pragma once

#include <vector>

#include "store/connection.h"
#include "store/store.h"

namespace palermo::store::internal {

// The store's schema version this build knows.
inline constexpr int kStoreSchemaVersion = 2;

// The store's migrations, then every registered module's, by module name and version.
std::vector<Migration> AllMigrations();
// Registered sealed columns (RegisterSealedColumn), for RotateKey.
std::vector<SealedColumn> AllSealedColumns();

// Applies every migration not yet recorded in schema_migrations, in order, each recorded as it
// goes. REQUIRES: a transaction opened with TxMode::kMigrate on `conn`.
// kFailedPrecondition if the database holds a newer store schema than this build knows.
Status ApplyMigrations(Connection& conn);

}  // namespace palermo::store::internal
