// SPDX-License-Identifier: AGPL-3.0-or-later
// SqlTransaction: quarantined rows (raw row sealed, keyed content hash).
#include <algorithm>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/content_hash.h"
#include "store/migrations.h"
#include "store/sql_store_impl.h"

namespace palermo::store {

std::string QuarantineReasonList(std::string_view outcome) {
  std::span<const std::string_view> reasons;
  if (outcome == "dismissed") reasons = kQuarantineDismissReasons;
  if (outcome == "resolved") reasons = kQuarantineResolveReasons;
  std::string list;
  for (std::string_view r : reasons) list += (list.empty() ? "" : ", ") + std::string(r);
  return list;
}

}  // namespace palermo::store

namespace palermo::store::internal {

Result<int64_t> SqlTransaction::AddQuarantine(const QuarantineEntry& e) {
  PALERMO_RETURN_IF_ERROR(Writable());
  for (const std::string* s : {&e.source_file, &e.agency, &e.field, &e.reason, &e.content_hash}) {
    PALERMO_RETURN_IF_ERROR(CheckText(*s, "quarantine entry"));
  }
  const std::string now = NowIso8601();
  const std::optional<KeyedContent> content =
      e.content_hash.empty() ? std::nullopt
                             : std::optional(KeyContent(*keys_, e.content_hash, nonces_));
  const Param params[] = {std::string_view(e.source_file),
                          std::string_view(e.agency),
                          e.line,
                          std::string_view(e.field),
                          std::string_view(e.reason),
                          content ? Param(std::string_view(content->hash)) : Param(),
                          std::string_view(now),
                          content ? Param(BlobView{content->sealed}) : Param()};
  auto rows = lease_->Query(
      "INSERT INTO quarantine (source_file, agency, line, field, reason, content_hash, "
      "created_at, content_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO "
      "NOTHING RETURNING id",
      params);
  if (!rows.ok()) return Poison(rows.status());
  if (rows->empty()) {
    return Status::AlreadyExists("a quarantine entry with this content hash is already stored");
  }
  const int64_t id = AsInt((*rows)[0][0]);
  if (!e.raw.empty()) {
    const std::string sealed = keys_->Seal(e.raw, QuarantineContext(id));
    const Param update[] = {BlobView{sealed}, id};
    PALERMO_RETURN_IF_ERROR(Exec("UPDATE quarantine SET raw = $1 WHERE id = $2", update));
  }
  PALERMO_RETURN_IF_ERROR(
      AppendAudit("add_quarantine", "quarantine", std::to_string(id), "", "agency=" + e.agency));
  return id;
}

Result<std::vector<QuarantineEntry>> SqlTransaction::ListQuarantine(bool all, bool with_raw) {
  PALERMO_RETURN_IF_ERROR(Usable());
  auto rows =
      lease_->Query(all ? "SELECT id, source_file, agency, line, field, reason, raw, content_hash, "
                          "created_at, resolved, outcome, outcome_reason, outcome_by, outcome_at FROM "
                          "quarantine ORDER BY id"
                        : "SELECT id, source_file, agency, line, field, reason, raw, content_hash, "
                          "created_at, resolved, outcome, outcome_reason, outcome_by, outcome_at FROM "
                          "quarantine WHERE resolved = 0 ORDER BY id",
                    {});
  if (!rows.ok()) return Poison(rows.status());
  std::vector<QuarantineEntry> entries;
  entries.reserve(rows->size());
  for (const SqlRow& row : *rows) {
    QuarantineEntry& e = entries.emplace_back();
    e.id = AsInt(row[0]);
    e.source_file = AsText(row[1]);
    e.agency = AsText(row[2]);
    e.line = AsInt(row[3]);
    e.field = AsText(row[4]);
    e.reason = AsText(row[5]);
    if (with_raw && !IsNull(row[6])) {
      PALERMO_ASSIGN_OR_RETURN(e.raw, keys_->Open(AsText(row[6]), QuarantineContext(e.id)));
    }
    e.content_hash = AsText(row[7]);
    e.created_at = AsText(row[8]);
    e.resolved = AsInt(row[9]) != 0;
    e.outcome = AsText(row[10]);
    e.outcome_reason = AsText(row[11]);
    e.outcome_by = AsText(row[12]);
    e.outcome_at = AsText(row[13]);
  }
  if (with_raw) {
    PALERMO_RETURN_IF_ERROR(AppendAudit("read_quarantine_raw", "quarantine",
                                        all ? "*" : "unresolved", "quarantine review",
                                        "entries=" + std::to_string(entries.size())));
  }
  return entries;
}

Status SqlTransaction::ResolveQuarantine(int64_t id) {
  PALERMO_RETURN_IF_ERROR(Writable());
  const Param params[] = {id};
  auto changed = lease_->Execute(
      "UPDATE quarantine SET resolved = 1, outcome = 'imported' WHERE id = $1", params);
  if (!changed.ok()) return Poison(changed.status());
  if (*changed == 0) return Status::NotFound("no quarantine entry " + std::to_string(id));
  return AppendAudit("resolve_quarantine", "quarantine", std::to_string(id), "", "");
}

Status SqlTransaction::CloseQuarantine(int64_t id, std::string_view outcome,
                                       std::string_view reason) {
  PALERMO_RETURN_IF_ERROR(Writable());
  const bool dismiss = outcome == "dismissed";
  if (!dismiss && outcome != "resolved")
    return Status::InvalidArgument("a quarantine entry is closed as resolved or dismissed");
  const auto& reasons = dismiss ? std::span<const std::string_view>(kQuarantineDismissReasons)
                                : std::span<const std::string_view>(kQuarantineResolveReasons);
  if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
    return Status::InvalidArgument("unknown reason \"" + std::string(reason) + "\" to " +
                                   (dismiss ? "dismiss" : "resolve") + " (one of: " +
                                   QuarantineReasonList(outcome) + ")");
  }
  const Param key[] = {id};
  auto found = lease_->Query("SELECT resolved FROM quarantine WHERE id = $1", key);
  if (!found.ok()) return Poison(found.status());
  if (found->empty()) return Status::NotFound("no quarantine entry " + std::to_string(id));
  if (AsInt((*found)[0][0]) != 0)
    return Status::FailedPrecondition("quarantine entry " + std::to_string(id) +
                                      " is already closed");
  const std::string now = NowIso8601();
  const Param params[] = {std::string_view(outcome), reason, std::string_view(actor_.user),
                          std::string_view(now), id};
  PALERMO_RETURN_IF_ERROR(Exec("UPDATE quarantine SET resolved = 1, outcome = $1, "
                               "outcome_reason = $2, outcome_by = $3, outcome_at = $4 "
                               "WHERE id = $5",
                               params));
  return AppendAudit(dismiss ? "dismiss_quarantine" : "close_quarantine", "quarantine",
                     std::to_string(id), "", "reason=" + std::string(reason));
}

}  // namespace palermo::store::internal
