// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/audit_log.h"

#include <vector>

namespace palermo::store::internal {

const std::string& AuditInsertSql(size_t rows) {
  static const std::vector<std::string> statements = [] {
    std::vector<std::string> all(kAuditRowsPerInsert + 1);
    for (size_t n = 1; n <= kAuditRowsPerInsert; ++n) {
      std::string sql =
          "INSERT INTO audit_log (seq, at, user_name, organisation, role, action, object_type, "
          "object_id, purpose, detail, hash) VALUES ";
      for (size_t row = 0; row < n; ++row) {
        sql += row ? ", (" : "(";
        for (size_t col = 1; col <= kAuditRowColumns; ++col) {
          if (col > 1) sql += ", ";
          sql += '$';
          sql += std::to_string(kAuditRowColumns * row + col);
        }
        sql += ")";
      }
      all[n] = std::move(sql);
    }
    return all;
  }();
  return statements[rows];
}

AuditEntry AuditFromRow(const SqlRow& row) {
  AuditEntry e;
  e.seq = AsInt(row[0]);
  e.at = AsText(row[1]);
  e.user = AsText(row[2]);
  e.organisation = AsText(row[3]);
  e.role = AsText(row[4]);
  e.action = AsText(row[5]);
  e.object_type = AsText(row[6]);
  e.object_id = AsText(row[7]);
  e.purpose = AsText(row[8]);
  e.detail = AsText(row[9]);
  e.hash = AsText(row[10]);
  return e;
}

Result<std::pair<int64_t, std::string>> ReadHead(Connection& conn, bool for_update) {
  const std::string_view sql = for_update
                                   ? "SELECT seq, hash FROM audit_head WHERE id = 1 {{for_update}}"
                                   : "SELECT seq, hash FROM audit_head WHERE id = 1";
  PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, conn.Query(sql, {}));
  if (rows.empty()) return Status::DataLoss("the audit chain head row is missing");
  return std::make_pair(AsInt(rows[0][0]), std::string(AsText(rows[0][1])));
}

}  // namespace palermo::store::internal
