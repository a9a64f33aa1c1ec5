// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/audit_log.h (internal to the store): the audit_log table's statements, and the walk
// over the whole chain that VerifyAudit and key rotation share.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "core/core.h"
#include "store/audit_chain.h"
#include "store/connection.h"
#include "store/crypto.h"
#include "store/sql_rows.h"

namespace palermo::store::internal {

inline constexpr size_t kAuditRowColumns = 11;
inline constexpr size_t kAuditRowsPerInsert = 16;
// "INSERT INTO audit_log (seq, …, hash) VALUES ($1, …, $11), …" for 1..kAuditRowsPerInsert rows.
const std::string& AuditInsertSql(size_t rows);

// The columns of audit_log in AuditFromRow's order.
inline constexpr const char* kAuditColumns =
    "seq, at, user_name, organisation, role, action, object_type, object_id, purpose, detail, "
    "hash";
AuditEntry AuditFromRow(const SqlRow& row);

// The chain head (seq, hash). `for_update` locks it until the transaction ends where the engine
// has row locks (PostgreSQL); SQLite's write transaction already excludes other writers.
Result<std::pair<int64_t, std::string>> ReadHead(Connection& conn, bool for_update);

// Walks the chain in pages. `visit` is called for each intact entry (with its recomputed
// hash) and may rewrite it (key rotation).
template <typename Visit>
Status WalkChain(Connection& conn, const Keys& keys, Visit&& visit) {
  PALERMO_ASSIGN_OR_RETURN(auto head, ReadHead(conn, /*for_update=*/false));
  int64_t expected = 1;
  std::string prev;
  const std::string sql = std::string("SELECT ") + kAuditColumns +
                          " FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2";
  while (true) {
    const Param params[] = {expected, kPageRows};
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, conn.Query(sql, params));
    for (const SqlRow& row : rows) {
      const AuditEntry entry = AuditFromRow(row);
      if (entry.seq != expected) {
        return Status::DataLoss("audit entry " + std::to_string(expected) + " is missing");
      }
      if (AuditHash(keys, prev, entry) != entry.hash) {
        return Status::DataLoss("audit entry " + std::to_string(entry.seq) +
                                " does not match its hash");
      }
      PALERMO_RETURN_IF_ERROR(visit(entry));
      prev = entry.hash;
      ++expected;
    }
    if (static_cast<int64_t>(rows.size()) < kPageRows) break;
  }
  const int64_t last = expected - 1;
  if (head.first > last) {
    return Status::DataLoss("audit entry " + std::to_string(last + 1) + " is missing");
  }
  if (head.first < last) {
    return Status::DataLoss("audit entry " + std::to_string(head.first + 1) +
                            " is not covered by the chain head");
  }
  if (head.second != prev) {
    return Status::DataLoss("the audit chain head does not match audit entry " +
                            std::to_string(last));
  }
  return Status::Ok();
}

}  // namespace palermo::store::internal
