// SPDX-License-Identifier: AGPL-3.0-or-later
// Transaction::StoreId and its creation at Init: a random identifier kept in the database's
// meta table, so that records about a database (the privacy-budget ledger) follow the
// database and not the address used to reach it.
#include <sodium.h>

#include "store/store.h"

namespace palermo::store {
namespace {

constexpr std::string_view kSelect = "SELECT value FROM meta WHERE name = 'store_id'";

Result<std::optional<std::string>> ReadStoreId(Transaction& tx) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, tx.Query(kSelect));
  if (rows.empty() || rows.front().empty() || !std::holds_alternative<std::string>(rows.front()[0]))
    return std::optional<std::string>();
  return std::optional<std::string>(std::get<std::string>(rows.front()[0]));
}

}  // namespace

Result<std::string> Transaction::StoreId() {
  PALERMO_ASSIGN_OR_RETURN(std::optional<std::string> id, ReadStoreId(*this));
  if (id) return *id;
  // A database created before store ids: give it one now (in this transaction).
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  Result<int64_t> inserted = Execute(
      "INSERT INTO meta (name, value) VALUES ('store_id', $1) ON CONFLICT (name) DO NOTHING",
      {std::string(hex)});
  if (!inserted.ok())
    return Status::FailedPrecondition(
        "this database has no store id yet and this transaction cannot write one: " +
        inserted.status().message());
  PALERMO_ASSIGN_OR_RETURN(id, ReadStoreId(*this));
  if (!id) return Status::Internal("store id not found after writing it");
  return *id;
}

Status CreateStoreId(const StoreOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx,
                           store->Begin(Actor{"system", "", "administrator"}));
  PALERMO_RETURN_IF_ERROR(tx->StoreId().status());
  return tx->Commit();
}

}  // namespace palermo::store
