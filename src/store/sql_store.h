// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/sql_store.h (internal to the store): the Store contract implemented once over
// internal::Connection, for both engines.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/connection.h"
#include "store/crypto.h"
#include "store/store.h"

namespace palermo::store::internal {

Status InitSqlStore(const StoreOptions& options);
Result<std::unique_ptr<Store>> OpenSqlStore(const StoreOptions& options);

// The sealing context of a case's notes: they are bound to the case's (agency, local_id).
std::string NotesContext(std::string_view agency, std::string_view local_id);

// The identifiers' plaintext before sealing: a versioned, length-prefixed binary record.
std::string SerializeIdentifiers(const DirectIdentifiers& identifiers);
// kDataLoss if `bytes` is not a record SerializeIdentifiers wrote.
Result<DirectIdentifiers> ParseIdentifiers(std::string_view bytes);

// Test builds may set PALERMO_CRASH_AT=<name> to make the process _exit(86) at that named
// point (STYLE.md §4b); points: "store.rotate.before_commit", "store.rotate.after_commit".
void CrashPoint(std::string_view name);

}  // namespace palermo::store::internal
