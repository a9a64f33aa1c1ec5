// SPDX-License-Identifier: AGPL-3.0-or-later
// SqlTransaction: commit, failures, portable SQL, sealing, audit appends and the write queues.
#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/content_hash.h"
#include "store/migrations.h"
#include "store/sql_store_impl.h"

namespace palermo::store::internal {

Status SqlTransaction::Commit() {
  PALERMO_RETURN_IF_ERROR(Usable());
  if (read_only_) {
    PALERMO_RETURN_IF_ERROR(EndRead());
    if (deferred_audit_.empty()) {
      done_ = true;
      return Status::Ok();
    }
    PALERMO_RETURN_IF_ERROR(ReopenForAudit());
  }
  PALERMO_RETURN_IF_ERROR(FlushPending());
  done_ = true;
  if (head_dirty_) {
    const Param params[] = {head_seq_, std::string_view(head_hash_)};
    Status status =
        lease_->Execute("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", params).status();
    if (!status.ok()) {
      lease_->Rollback();
      writer_.Release();
      return status;
    }
  }
  Status committed = lease_->Commit();
  writer_.Release();
  return committed;
}

Result<OrganisationId> SqlTransaction::UpsertOrganisation(const Organisation& o) {
  PALERMO_RETURN_IF_ERROR(Writable());
  if (o.code.empty()) return Status::InvalidArgument("organisation has no code");
  for (const std::string* s : {&o.code, &o.name, &o.type, &o.country}) {
    PALERMO_RETURN_IF_ERROR(CheckText(*s, "organisation"));
  }
  const Param params[] = {std::string_view(o.code), std::string_view(o.name),
                          std::string_view(o.type), std::string_view(o.country)};
  auto rows = lease_->Query(
      "INSERT INTO organisation (code, name, type, country) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, "
      "country = excluded.country RETURNING id",
      params);
  if (!rows.ok()) return Poison(rows.status());
  const int64_t id = AsInt((*rows)[0][0]);
  PALERMO_RETURN_IF_ERROR(
      AppendAudit("upsert_organisation", "organisation", std::to_string(id), "", o.code));
  return id;
}

Status SqlTransaction::Audit(std::string_view action, std::string_view object_type,
                             std::string_view object_id, std::string_view purpose,
                             std::string_view detail) {
  PALERMO_RETURN_IF_ERROR(Usable());
  if (action.empty()) return Status::InvalidArgument("audit entry has no action");
  for (std::string_view s : {action, object_type, object_id, purpose, detail}) {
    PALERMO_RETURN_IF_ERROR(CheckText(s, "audit entry"));
  }
  return AppendAudit(action, object_type, object_id, purpose, detail);
}

Result<int64_t> SqlTransaction::Execute(std::string_view sql, const std::vector<SqlValue>& params) {
  PALERMO_RETURN_IF_ERROR(Writable());
  PALERMO_RETURN_IF_ERROR(FlushPending());
  const std::vector<Param> bound = Bind(params);
  auto changed = lease_->Execute(sql, bound);
  if (!changed.ok()) return Poison(changed.status());
  return *changed;
}

Result<std::vector<SqlRow>> SqlTransaction::Query(std::string_view sql,
                                                  const std::vector<SqlValue>& params) {
  PALERMO_RETURN_IF_ERROR(Usable());
  PALERMO_RETURN_IF_ERROR(FlushPending());
  const std::vector<Param> bound = Bind(params);
  auto rows = lease_->Query(sql, bound);
  if (!rows.ok()) return Poison(rows.status());
  return rows;
}

Result<int64_t> SqlTransaction::LastInsertId() {
  PALERMO_RETURN_IF_ERROR(Usable());
  return lease_->LastInsertId();
}

Result<std::string> SqlTransaction::Seal(std::string_view plaintext, std::string_view context) {
  PALERMO_RETURN_IF_ERROR(Usable());
  return keys_->Seal(plaintext, context);
}

Result<std::string> SqlTransaction::Open(std::string_view sealed, std::string_view context) {
  PALERMO_RETURN_IF_ERROR(Usable());
  return keys_->Open(sealed, context);
}

Status SqlTransaction::EndRead() {
  PALERMO_RETURN_IF_ERROR(FlushPending());
  const Status ended = lease_->Commit();
  if (!ended.ok()) return Poison(ended);
  read_only_ = false;
  return Status::Ok();
}

Status SqlTransaction::CheckKeysFirst() {
  return lease_->BeginCheck("SELECT value FROM meta WHERE name = 'key_check'",
                            [this](const std::vector<SqlRow>& rows) {
                              std::optional<std::string> stored;
                              if (!rows.empty()) stored = std::string(AsText(rows[0][0]));
                              return MatchKeys(stored, *store_, keys_);
                            });
}

Status SqlTransaction::ReopenForAudit() {
  Result<WriterGate::Turn> writer = store_->BeginWrite(*lease_, TxMode::kAppend);
  if (!writer.ok()) return Poison(writer.status());
  writer_ = std::move(*writer);
  const Status keys = CheckKeys(*lease_, *store_, keys_);
  if (!keys.ok()) return Poison(keys);
  const std::vector<DeferredAudit> entries = std::move(deferred_audit_);
  deferred_audit_.clear();
  for (const DeferredAudit& e : entries) {
    PALERMO_RETURN_IF_ERROR(AppendAudit(e.action, e.object_type, e.object_id, e.purpose, e.detail));
  }
  return Status::Ok();
}

Status SqlTransaction::Poison(Status status) {
  poison_ = status.WithContext("transaction rolled back");
  lease_->Rollback();
  writer_.Release();
  return status;
}

Status SqlTransaction::Exec(std::string_view sql, std::span<const Param> params) {
  auto changed = lease_->Execute(sql, params);
  if (!changed.ok()) return Poison(changed.status());
  return Status::Ok();
}

std::vector<Param> SqlTransaction::Bind(const std::vector<SqlValue>& params) {
  std::vector<Param> bound;
  bound.reserve(params.size());
  for (const SqlValue& v : params) {
    if (const auto* s = std::get_if<std::string>(&v)) {
      if (IsValidUtf8(*s) && s->find('\0') == std::string::npos) {
        bound.emplace_back(std::string_view(*s));
      } else {
        bound.emplace_back(BlobView{*s});
      }
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      bound.emplace_back(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      bound.emplace_back(*d);
    } else {
      bound.emplace_back(std::monostate{});
    }
  }
  return bound;
}

Status SqlTransaction::AppendAudit(std::string_view action, std::string_view object_type,
                                   std::string_view object_id, std::string_view purpose,
                                   std::string_view detail) {
  if (read_only_) {  // appended by Commit (ReopenForAudit)
    deferred_audit_.push_back({std::string(action), std::string(object_type),
                               std::string(object_id), std::string(purpose), std::string(detail)});
    return Status::Ok();
  }
  if (!head_loaded_) {
    auto head = ReadHead(*lease_, /*for_update=*/true);
    if (!head.ok()) return Poison(head.status());
    head_seq_ = head->first;
    head_hash_ = std::move(head->second);
    head_loaded_ = true;
  }
  AuditEntry entry;
  entry.seq = head_seq_ + 1;
  entry.at = NowIso8601();
  entry.user = actor_.user;
  entry.organisation = actor_.organisation;
  entry.role = actor_.role;
  entry.action = action;
  entry.object_type = object_type;
  entry.object_id = object_id;
  entry.purpose = purpose;
  entry.detail = detail;
  head_seq_ = entry.seq;
  head_dirty_ = true;
  if (lane_) {
    // head_hash_ is stale until the lane is drained (DrainLane).
    lane_->Audit(std::move(entry));
    if (lane_->queued() >= kMaxQueuedCases) return FlushPending(/*wait_for_lane=*/false);
    return Status::Ok();
  }
  entry.hash = AuditHash(*keys_, head_hash_, entry);
  head_hash_ = entry.hash;
  pending_audit_.push_back(std::move(entry));
  if (pending_audit_.size() >= kMaxPendingAuditRows) return FlushAudit();
  return Status::Ok();
}

Status SqlTransaction::FlushAudit() {
  std::vector<Param> params;
  params.reserve(kAuditRowColumns * kAuditRowsPerInsert);
  for (size_t i = 0; i < pending_audit_.size(); ++i) {
    const AuditEntry& e = pending_audit_[i];
    for (const std::string* field :
         {&e.at, &e.user, &e.organisation, &e.role, &e.action, &e.object_type, &e.object_id,
          &e.purpose, &e.detail, &e.hash}) {
      if (field == &e.at) params.push_back(e.seq);
      params.push_back(std::string_view(*field));
    }
    if (params.size() == kAuditRowColumns * kAuditRowsPerInsert || i + 1 == pending_audit_.size()) {
      PALERMO_RETURN_IF_ERROR(Exec(AuditInsertSql(params.size() / kAuditRowColumns), params));
      params.clear();
    }
  }
  pending_audit_.clear();
  return Status::Ok();
}

void SqlTransaction::DrainLane(bool wait) {
  if (!lane_) return;
  CryptoLane::Output out = wait ? lane_->Drain() : lane_->TakeFinished();
  // Kept as they are (no copy into the queue's arena) until FlushPending inserts them.
  if (pending_sealed_.empty()) {
    pending_sealed_.swap(out.sealed);
  } else {
    pending_sealed_.insert(pending_sealed_.end(), std::make_move_iterator(out.sealed.begin()),
                           std::make_move_iterator(out.sealed.end()));
  }
  if (pending_blind_.empty()) {
    pending_blind_.swap(out.blind);
  } else {
    pending_blind_.insert(pending_blind_.end(), out.blind.begin(), out.blind.end());
  }
  if (pending_audit_.empty()) {
    pending_audit_.swap(out.audit);
  } else {
    pending_audit_.reserve(pending_audit_.size() + out.audit.size());
    pending_audit_.insert(pending_audit_.end(), std::make_move_iterator(out.audit.begin()),
                          std::make_move_iterator(out.audit.end()));
  }
  if (wait) head_hash_ = std::move(out.head_hash);
}

Status SqlTransaction::FlushPending(bool wait_for_lane) {
  DrainLane(wait_for_lane);
  // Parents before children: the foreign keys are checked row by row.
  auto exec = [this](std::string_view sql, std::span<const Param> params) {
    return Exec(sql, params);
  };
  PALERMO_RETURN_IF_ERROR(person_queue_.Flush(exec));
  PALERMO_RETURN_IF_ERROR(identifiers_queue_.Flush(exec));
  if (!pending_sealed_.empty()) {
    std::vector<Param> params;
    params.reserve(2 * pending_sealed_.size());
    for (const auto& [person_id, sealed] : pending_sealed_) {
      params.emplace_back(person_id);
      params.emplace_back(BlobView{sealed});
    }
    PALERMO_RETURN_IF_ERROR(identifiers_queue_.InsertRows(params, exec));
    pending_sealed_.clear();
  }
  PALERMO_RETURN_IF_ERROR(form_queue_.Flush(exec));
  PALERMO_RETURN_IF_ERROR(event_queue_.Flush(exec));
  PALERMO_RETURN_IF_ERROR(FlushBlindIndex());
  return FlushAudit();
}

}  // namespace palermo::store::internal
