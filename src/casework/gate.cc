// SPDX-License-Identifier: AGPL-3.0-or-later
// Roles and the case gate: the one place that decides who may touch which case.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <set>

#include "casework/casework.h"
#include "casework/internal.h"
#include "core/validate.h"

namespace palermo::casework {
namespace {

struct RoleRow {
  Role role;
  std::string_view code;
  Msg name;
};
constexpr std::array<RoleRow, 5> kRoles{{
    {Role::kCaseWorker, "case_worker", {"Case worker", "Travailleur social / chargé de dossier"}},
    {Role::kDecisionMaker, "decision_maker", {"NRM decision maker", "Décideur du MNO"}},
    {Role::kAnalyst, "analyst", {"Analyst", "Analyste"}},
    {Role::kAuditor, "auditor", {"Auditor", "Auditeur"}},
    {Role::kAdministrator, "admin", {"Administrator", "Administrateur"}},
}};

constexpr size_t kMaxShortField = 200;

// Length, UTF-8, and no control character: a NUL or an escape sequence in a name would be
// stored, blind-indexed and echoed to other screens and exports. `multi_line` text (notes)
// may hold tabs and line breaks.
Status CheckTextImpl(std::string_view field, std::string_view value, size_t max,
                     bool multi_line) {
  if (value.size() > max) {
    return Status::InvalidArgument(std::string(field) + ": too long (at most " +
                                   std::to_string(max) + " bytes)");
  }
  if (!IsValidUtf8(value)) return Status::InvalidArgument(std::string(field) + ": not UTF-8");
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (multi_line && (c == '\t' || c == '\n' || c == '\r')) continue;
    if (byte < 0x20 || byte == 0x7F) {
      return Status::InvalidArgument(std::string(field) + ": contains a control character");
    }
  }
  return Status::Ok();
}

// Whether `access` lets its holder take `action` on the case.
bool AccessAllows(CaseAccess access, Action action) {
  switch (access) {
    case CaseAccess::kFull: return true;
    case CaseAccess::kRecordedOnly:
      return action == Action::kReadCase || action == Action::kReadIdentifiers;
    case CaseAccess::kNone: return false;
  }
  return false;
}

}  // namespace

Status CheckText(std::string_view field, std::string_view value, size_t max, bool multi_line) {
  return CheckTextImpl(field, value, max, multi_line);
}

std::string HashHex(std::string_view text) {
  if (sodium_init() < 0) return "";
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Status KeepRefusal(store::Transaction& tx, const Status& status) {
  if (status.ok()) return tx.Commit();
  switch (status.code()) {
    case StatusCode::kPermissionDenied:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists:
      // A failed commit of the refusal's audit entry must not hide the refusal itself.
      tx.Commit().IgnoreError();
      return status;
    default:
      return status;
  }
}

std::string RefusalMessage(Lang lang) {
  return Msg{"You are not allowed to do this. The attempt has been recorded.",
             "Vous n'êtes pas autorisé à faire cela. La tentative a été enregistrée."}
      .Get(lang);
}

std::string_view RoleCode(Role role) {
  for (const RoleRow& r : kRoles) {
    if (r.role == role) return r.code;
  }
  return "case_worker";
}

Result<Role> ParseRoleCode(std::string_view code) {
  for (const RoleRow& r : kRoles) {
    if (r.code == code) return r.role;
  }
  return Status::InvalidArgument(
      "role: one of case_worker, decision_maker, analyst, auditor, admin");
}

std::string RoleName(Role role, Lang lang) {
  for (const RoleRow& r : kRoles) {
    if (r.role == role) return r.name.Get(lang);
  }
  return "";
}

std::string_view ActionCode(Action action) {
  switch (action) {
    case Action::kListCases: return "list_cases";
    case Action::kReadCase: return "read_case";
    case Action::kReadIdentifiers: return "read_identifiers";
    case Action::kCreateCase: return "create_case";
    case Action::kSearchIdentifier: return "search_identifier";
    case Action::kReadAudit: return "read_audit";
    case Action::kManageUsers: return "manage_users";
    case Action::kScreenCase: return "screen_case";
    case Action::kReferCase: return "refer_case";
    case Action::kManageConsent: return "manage_consent";
    case Action::kReferToService: return "refer_to_service";
    case Action::kRespondToService: return "respond_to_service";
    case Action::kManageServices: return "manage_services";
    case Action::kUploadDocument: return "upload_document";
    case Action::kReadDocument: return "read_document";
    case Action::kImportCases: return "import_cases";
    case Action::kReadQuarantine: return "read_quarantine";
    case Action::kReviewDuplicates: return "review_duplicates";
    case Action::kEditCase: return "edit_case";
    case Action::kManageCaseload: return "manage_caseload";
  }
  return "unknown";
}

// The permission table (docs/server.md reproduces it).
bool RoleMay(Role role, Action action) {
  switch (action) {
    case Action::kListCases:
    case Action::kReadCase:
      return role == Role::kCaseWorker || role == Role::kDecisionMaker || role == Role::kAnalyst;
    case Action::kReadIdentifiers:
    case Action::kSearchIdentifier:
      return role == Role::kCaseWorker || role == Role::kDecisionMaker;
    case Action::kCreateCase: return role == Role::kCaseWorker;
    case Action::kReadAudit: return role == Role::kAuditor;
    case Action::kManageUsers: return role == Role::kAdministrator;
    case Action::kScreenCase:
    case Action::kReferCase: return role == Role::kCaseWorker || role == Role::kDecisionMaker;
    case Action::kManageConsent:
    case Action::kReferToService:
    case Action::kRespondToService:
    case Action::kManageServices: return role == Role::kCaseWorker;
    case Action::kUploadDocument:
    case Action::kReadDocument:
    case Action::kReadQuarantine:
    case Action::kReviewDuplicates:
    case Action::kEditCase:
      return role == Role::kCaseWorker || role == Role::kDecisionMaker;
    case Action::kImportCases:
    case Action::kManageCaseload: return role == Role::kCaseWorker;
  }
  return false;
}

bool RoleIsOrganisationScoped(Role role) { return role == Role::kCaseWorker; }

CaseSummary Summarise(const CaseRecord& record) {
  CaseSummary s;
  s.id = record.id;
  s.agency = record.agency;
  s.local_id = record.local_id;
  s.victim_status = std::string(VictimStatusCode(record.victim_status));
  s.sex = std::string(SexCode(record.person.sex));
  s.citizenship = record.person.citizenship;
  s.forms = record.forms;
  if (record.identification_date) s.identification_date = record.identification_date->ToString();
  return s;
}

Status CaseGate::Deny(store::Transaction& tx, const Principal& who, Action action,
                      std::string_view object_type, std::string_view object_id) {
  PALERMO_RETURN_IF_ERROR(tx.Audit("denied", object_type, object_id, "",
                                   "attempted " + std::string(ActionCode(action)) + " as " +
                                       std::string(RoleCode(who.role))));
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return Status::PermissionDenied("not allowed for this role or organisation");
}

Status CaseGate::Require(store::Transaction& tx, const Principal& who, Action action,
                         std::string_view object_type, std::string_view object_id) {
  if (RoleMay(who.role, action)) return Status::Ok();
  return Deny(tx, who, action, object_type, object_id);
}

Result<CaseAccess> CaseGate::AccessTo(store::Transaction& tx, const Principal& who,
                                      const CaseRecord& record) {
  if (!RoleIsOrganisationScoped(who.role)) return CaseAccess::kFull;
  PALERMO_ASSIGN_OR_RETURN(const std::optional<std::string> to,
                           referral::TransferredTo(tx, record.id));
  if (!to) return record.agency == who.organisation ? CaseAccess::kFull : CaseAccess::kNone;
  if (*to == who.organisation) return CaseAccess::kFull;
  if (record.agency != who.organisation) return CaseAccess::kNone;
  PALERMO_ASSIGN_OR_RETURN(const std::vector<Consent> consents,
                           referral::ListConsents(tx, record.person.id));
  return referral::ConsentCovers(consents, ConsentPurpose::kDataSharing, who.organisation)
             ? CaseAccess::kRecordedOnly
             : CaseAccess::kNone;
}

Result<CasePage> CaseGate::List(store::Transaction& tx, const Principal& who,
                                std::optional<CaseId> before, int limit, Closed closed,
                                const CaseFilter& filter_in) {
  PALERMO_RETURN_IF_ERROR(Require(tx, who, Action::kListCases, "case", ""));
  limit = std::clamp(limit, 1, 200);
  CaseFilter filter = filter_in;
  if (filter.today.empty()) filter.today = TodayUtcDate().ToString();
  const bool with_assignee = who.role != Role::kAnalyst;
  const bool scoped = RoleIsOrganisationScoped(who.role);
  const std::string agency = scoped ? who.organisation : "";
  if (filter.mine || filter.overdue) {
    // Keyset paging on the caseload tables' indexes; each candidate then passes the scope.
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<CaseId> ids,
        filter.mine ? internal::AssignedCases(tx, who.username, before.value_or(0), limit + 1)
                    : internal::OverdueCases(tx, filter.today, before.value_or(0), limit + 1));
    return ListAmong(tx, who, ids, limit, closed, filter);
  }
  if (closed == Closed::kOnly) {
    PALERMO_ASSIGN_OR_RETURN(CasePage page, ListClosed(tx, who, before, limit));
    if (filter.status) {
      std::erase_if(page.cases, [&](const CaseSummary& c) {
        return c.victim_status != VictimStatusCode(*filter.status);
      });
    }
    PALERMO_RETURN_IF_ERROR(internal::AnnotateCaseload(tx, page.cases, filter.today, with_assignee));
    return page;
  }
  // Keyset pagination on the store's index: one row more than shown tells whether an older
  // page exists, so no request counts or scans the whole list.
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> rows,
                           tx.ListCasesPage(agency, before.value_or(0), limit + 1));
  CasePage page;
  const bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.resize(limit);
  // Cases this organisation transferred away stay in its agency list: one range query finds
  // them, and only those are checked one by one.
  std::set<CaseId> transferred;
  if (scoped && !rows.empty()) {
    std::vector<CaseId> ids;
    ids.reserve(rows.size());
    for (const CaseRecord& record : rows) ids.push_back(record.id);
    PALERMO_ASSIGN_OR_RETURN(const std::vector<CaseId> moved,
                             referral::CasesEverTransferred(tx, ids));
    transferred.insert(moved.begin(), moved.end());
  }
  // Closed cases leave the active list (one range query over the page's ids).
  std::set<CaseId> closed_ids;
  if (!rows.empty()) {
    PALERMO_ASSIGN_OR_RETURN(closed_ids,
                             internal::ClosedBetween(tx, rows.back().id, rows.front().id));
  }
  for (const CaseRecord& record : rows) {
    const bool is_closed = closed_ids.count(record.id) != 0;
    if (is_closed && closed == Closed::kExclude) continue;
    if (filter.status && record.victim_status != *filter.status) continue;
    if (transferred.count(record.id) != 0) {
      PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, AccessTo(tx, who, record));
      if (access == CaseAccess::kNone) continue;
    }
    page.cases.push_back(Summarise(record));
    page.cases.back().closed = is_closed;
  }
  if (more) page.next_before = rows.back().id;
  if (!before && !more && !filter.any()) page.total = static_cast<int64_t>(page.cases.size());
  if (scoped && !before && !filter.any()) {
    PALERMO_ASSIGN_OR_RETURN(const std::vector<CaseId> in,
                             referral::CasesTransferredTo(tx, who.organisation));
    for (const CaseId id : in) {
      PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx.GetCase(id, false, ""));
      if (record.agency != who.organisation) page.transferred_in.push_back(Summarise(record));
    }
    if (page.total) *page.total += static_cast<int64_t>(page.transferred_in.size());
  }
  PALERMO_RETURN_IF_ERROR(internal::AnnotateCaseload(tx, page.cases, filter.today, with_assignee));
  PALERMO_RETURN_IF_ERROR(internal::AnnotateCaseload(tx, page.transferred_in, filter.today, with_assignee));
  return page;
}

Result<CasePage> CaseGate::ListAmong(store::Transaction& tx, const Principal& who,
                                     const std::vector<CaseId>& ids, int limit, Closed closed,
                                     const CaseFilter& filter) {
  const bool with_assignee = who.role != Role::kAnalyst;
  CasePage page;
  const bool more = static_cast<int>(ids.size()) > limit;
  const size_t shown = std::min(ids.size(), static_cast<size_t>(limit));
  std::set<CaseId> closed_ids;
  if (shown > 0) {
    PALERMO_ASSIGN_OR_RETURN(closed_ids, internal::ClosedBetween(tx, ids[shown - 1], ids[0]));
  }
  for (size_t i = 0; i < shown; ++i) {
    const bool is_closed = closed_ids.count(ids[i]) != 0;
    if ((is_closed && closed == Closed::kExclude) || (!is_closed && closed == Closed::kOnly)) {
      continue;
    }
    PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx.GetCase(ids[i], false, ""));
    if (filter.status && record.victim_status != *filter.status) continue;
    PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, AccessTo(tx, who, record));
    if (access == CaseAccess::kNone) continue;
    page.cases.push_back(Summarise(record));
    page.cases.back().closed = is_closed;
  }
  if (more) page.next_before = ids[shown - 1];
  PALERMO_RETURN_IF_ERROR(internal::AnnotateCaseload(tx, page.cases, filter.today, with_assignee));
  if (filter.overdue) {
    std::erase_if(page.cases, [](const CaseSummary& c) { return !c.overdue; });
  }
  return page;
}

Result<CasePage> CaseGate::ListClosed(store::Transaction& tx, const Principal& who,
                                      std::optional<CaseId> before, int limit) {
  // Closed cases are few: walk the closure table newest first, keep those in scope.
  CasePage page;
  PALERMO_ASSIGN_OR_RETURN(const std::vector<CaseId> ids,
                           internal::ClosedCases(tx, before.value_or(0), limit + 1));
  const bool more = static_cast<int>(ids.size()) > limit;
  for (size_t i = 0; i < ids.size() && static_cast<int>(i) < limit; ++i) {
    PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx.GetCase(ids[i], false, ""));
    PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, AccessTo(tx, who, record));
    if (access == CaseAccess::kNone) continue;
    page.cases.push_back(Summarise(record));
    page.cases.back().closed = true;
  }
  if (more) page.next_before = ids[static_cast<size_t>(limit) - 1];
  return page;
}

Result<CaseRecord> CaseGate::Read(store::Transaction& tx, const Principal& who, CaseId id,
                                  Action action) {
  const std::string object_id = std::to_string(id);
  PALERMO_RETURN_IF_ERROR(Require(tx, who, action, "case", object_id));
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record, tx.GetCase(id, /*with_identifiers=*/false, ""));
  PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, AccessTo(tx, who, record));
  if (!AccessAllows(access, action)) return Deny(tx, who, action, "case", object_id);
  record.person.identifiers = DirectIdentifiers{};
  record.notes.clear();
  return record;
}

Result<CaseRecord> CaseGate::ReadIdentifiers(store::Transaction& tx, const Principal& who,
                                             CaseId id, std::string_view purpose) {
  const std::string object_id = std::to_string(id);
  PALERMO_RETURN_IF_ERROR(Require(tx, who, Action::kReadIdentifiers, "case", object_id));
  if (Trim(purpose).empty()) return Status::InvalidArgument("purpose: required to see identifiers");
  PALERMO_RETURN_IF_ERROR(CheckText("purpose", purpose, kMaxShortField));
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord scope_check, tx.GetCase(id, false, ""));
  PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, AccessTo(tx, who, scope_check));
  if (!AccessAllows(access, Action::kReadIdentifiers)) {
    return Deny(tx, who, Action::kReadIdentifiers, "case", object_id);
  }
  // The store audits this read with the purpose.
  return tx.GetCase(id, /*with_identifiers=*/true, Trim(purpose));
}

Result<CaseId> CaseGate::Create(store::Transaction& tx, const Principal& who, CaseRecord record) {
  PALERMO_RETURN_IF_ERROR(Require(tx, who, Action::kCreateCase, "case", ""));
  if (!record.agency.empty() && record.agency != who.organisation) {
    return Deny(tx, who, Action::kCreateCase, "case", "");
  }
  record.agency = who.organisation;
  // The one validator (core/validate.h); callers that show every field's error call it first.
  if (const std::vector<FieldError> errors = ValidateCase(record, TodayUtcDate()); !errors.empty()) {
    return Status::InvalidArgument(JoinFieldErrors(errors, Lang::kEn));
  }
  const std::string content_hash = HashHex("web-case\x1f" + record.agency + "\x1f" + record.local_id);
  PALERMO_ASSIGN_OR_RETURN(const CaseId id, tx.InsertCase(record, content_hash));
  PALERMO_RETURN_IF_ERROR(RecordCreation(tx, who, id));
  return id;
}

Result<std::vector<CaseSummary>> CaseGate::Search(store::Transaction& tx, const Principal& who,
                                                  store::IdentifierKind kind,
                                                  std::string_view value) {
  PALERMO_RETURN_IF_ERROR(Require(tx, who, Action::kSearchIdentifier, "case", ""));
  PALERMO_RETURN_IF_ERROR(CheckText("value", value, kMaxShortField));
  std::vector<CaseSummary> found;
  if (Trim(value).empty()) return found;
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseId> ids, tx.FindCasesByIdentifier(kind, value));
  for (const CaseId id : ids) {
    PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx.GetCase(id, false, ""));
    PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, AccessTo(tx, who, record));
    if (access != CaseAccess::kNone) found.push_back(Summarise(record));
  }
  PALERMO_RETURN_IF_ERROR(tx.Audit("search_identifier", "case", "", "",
                                   "matches in scope: " + std::to_string(found.size())));
  return found;
}

}  // namespace palermo::casework
