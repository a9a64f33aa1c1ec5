// SPDX-License-Identifier: AGPL-3.0-or-later
// src/casework/internal.h: pieces the casework sources share (not a public header).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "casework/casework.h"

namespace palermo::casework::internal {

struct CaseTx {
  std::unique_ptr<store::Transaction> tx;
  CaseRecord record;  // pseudonymised
};

// Begins a transaction as `who`, reads the case through the gate (role and scope) and, when
// `action` is set, checks it; the case-work actions need the case's full reach (an
// organisation that transferred the case away keeps at most its own record). A refusal has
// been audited and committed by the gate.
Result<CaseTx> OpenCase(Desk desk, const Principal& who, CaseId id, std::optional<Action> action);
// The same check inside the caller's transaction `tx` (a refusal commits `tx`).
Result<CaseRecord> GateCase(store::Transaction& tx, const Principal& who, CaseId id,
                            std::optional<Action> action);

// The version and closure tables (case_edit.cc).
void RegisterHistoryMigrations();
// The assignment and task tables (caseload.cc).
void RegisterCaseloadMigrations();

// A change of a field kept in clear in a case's history.
struct PlainChange {
  std::string field;
  std::string before, after;
};
// Writes the next version of case `id` (kind, who, now, the reason sealed) and audits it
// ("<kind>_case", the version and the field names only). Returns the version.
Result<int64_t> WritePlainVersion(store::Transaction& tx, const Principal& who, CaseId id,
                                  std::string_view kind, std::string_view reason,
                                  const std::vector<PlainChange>& changes);
// The current time as ISO 8601 UTC text; the UTC day of `now`.
std::string IsoNowUtc();
PartialDate DayOfInstant(referral::Instant now);

// Ids among [low, high] of closed cases (one range query on the closure table).
Result<std::set<CaseId>> ClosedBetween(store::Transaction& tx, CaseId low, CaseId high);
// Sets each summary's next due day, overdue flag (`today` YYYY-MM-DD) and, with
// `with_assignee`, its assignee: two range queries over the summaries' ids (caseload.cc).
// Analysts get no assignee: they see pseudonymised case data, not who works on a case.
Status AnnotateCaseload(store::Transaction& tx, std::vector<CaseSummary>& cases,
                        std::string_view today, bool with_assignee);
// Case ids below `before` (0: any), newest first, at most `limit`: assigned to `user`, or with
// an open task due before `today` (caseload.cc).
Result<std::vector<CaseId>> AssignedCases(store::Transaction& tx, std::string_view user,
                                          CaseId before, int limit);
Result<std::vector<CaseId>> OverdueCases(store::Transaction& tx, std::string_view today,
                                         CaseId before, int limit);
// Closed cases below `before` (0: any), newest first, at most `limit`.
Result<std::vector<CaseId>> ClosedCases(store::Transaction& tx, CaseId before, int limit);

}  // namespace palermo::casework::internal
