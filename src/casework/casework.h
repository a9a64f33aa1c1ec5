// SPDX-License-Identifier: AGPL-3.0-or-later
// src/casework/casework.h: what the web app (src/server) and the `palermo` command (src/cli)
// share when they act on cases for a person. The promises:
//
//  * One access gate. Every read or change of a case on behalf of a person passes CaseGate:
//    the role (RoleMay, one permission table), the organisation scope, transfers and the
//    consent to share data (CaseAccess). A refusal is audited ("denied") and COMMITTED before
//    kPermissionDenied is returned, so the attempt stays on record even though the caller's
//    change is not made.
//  * KeepRefusal: the one rule for ending a transaction after a library (screen, referral,
//    casework) refused a change it had audited: the refusal's audit entry is committed.
//  * The case-work flows (screening, NRM referral, services, consent) as functions that open
//    their own transaction acting as the principal, pass the gate, then call src/screen or
//    src/referral. They know nothing of HTTP or HTML; their errors are Status values whose
//    messages are in the caller's language where a person reads them.
//
// Layering: casework sits beside ingest, screen and referral above the store. It uses screen
// and referral because the gate's transfer × consent rule reads the referral module's records
// and the flows drive those two libraries; neither of them depends on casework. The server and
// the CLI depend on casework, never the reverse.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "core/validate.h"
#include "referral/referral.h"
#include "screen/screen.h"
#include "store/store.h"

namespace palermo::casework {

// ---- Who acts ---------------------------------------------------------------------------------

enum class Role { kCaseWorker, kDecisionMaker, kAnalyst, kAuditor, kAdministrator };
// "case_worker", "decision_maker", "analyst", "auditor", "admin".
std::string_view RoleCode(Role role);
// Inverse of RoleCode; kInvalidArgument listing the valid codes otherwise.
Result<Role> ParseRoleCode(std::string_view code);
// The role's name for people, in `lang`.
std::string RoleName(Role role, Lang lang);

// A signed-in web user or the person named on the command line (--as-user, --role, --org).
struct Principal {
  int64_t user_id = 0;  // 0 outside the web app
  std::string username;
  Role role = Role::kCaseWorker;
  std::string organisation;
  store::Actor actor() const {
    return store::Actor{username, organisation, std::string(RoleCode(role))};
  }
};

// What a role may do. The one table every check reads (see docs/server.md).
enum class Action {
  kListCases,          // see the list of cases in scope
  kReadCase,           // pseudonymised case view
  kReadIdentifiers,    // direct identifiers, with a purpose
  kCreateCase,
  kSearchIdentifier,   // exact lookup by blind index
  kReadAudit,
  kManageUsers,
  // The case-work flow; the screen/referral libraries then check their own role rules.
  kScreenCase,        // start a screening, answer, record the decision
  kReferCase,         // NRM referral steps (which ones: the profile's roles)
  kManageConsent,     // give / withdraw consent
  kReferToService,
  kRespondToService,  // accept/decline/outcome for the own organisation's services
  kManageServices,    // add a service of the own organisation
  // Documents, import and duplicate flags (server pages).
  kUploadDocument,     // attach a document to a case in scope
  kReadDocument,       // download a document (identifying: a purpose is required and audited)
  kImportCases,        // upload an agency list of the own organisation
  kReadQuarantine,     // quarantined rows of an import (raw rows: identifiers)
  kReviewDuplicates,   // see possible duplicates and decide "same person" / "not the same"
  kEditCase,           // correct a case, close and reopen it (versioned history)
  kManageCaseload,     // assign a case, see, add and complete its tasks, "my cases"
};
std::string_view ActionCode(Action action);
bool RoleMay(Role role, Action action);
// True when the role's case scope is its own organisation only.
bool RoleIsOrganisationScoped(Role role);

// ---- The gate -----------------------------------------------------------------------------------

struct CaseSummary {
  CaseId id = 0;
  std::string agency;
  std::string local_id;
  std::string victim_status;
  std::string sex;
  std::string citizenship;
  std::vector<std::string> forms;
  std::string identification_date;
  bool closed = false;
  // Caseload (caseload.cc): the assignee's account name and the earliest due day of the case's
  // open tasks, "" when none; overdue when that day is before the list's today.
  std::string assignee;
  std::string next_due;
  bool overdue = false;
};

// What a case list may be narrowed to, beside open/closed. Every filter keeps keyset paging:
// "mine" and "overdue" walk their own indexed tables newest case first; a status is checked
// on the page's cases, so a page may then hold fewer cases than asked (follow next_before).
struct CaseFilter {
  std::optional<VictimStatus> status;
  bool mine = false;     // assigned to the principal
  bool overdue = false;  // with an open task due before `today`
  std::string today;     // YYYY-MM-DD; "" for the UTC day now
  bool any() const { return status || mine || overdue; }
};

struct CasePage {
  std::vector<CaseSummary> cases;
  // First page only, organisation-scoped roles: cases recorded by another organisation and
  // transferred to the caller's (they are not in the caller's agency list).
  std::vector<CaseSummary> transferred_in;
  std::optional<CaseId> next_before;  // pass as `before` for the next (older) page
  // Cases in the caller's scope, known only when the first page holds them all (the list is
  // never counted: that would scan every case on each request).
  std::optional<int64_t> total;
};

// An organisation-scoped principal's reach into one case. Roles that are not organisation
// scoped (decision maker, analyst) always have kFull (their role limits what they see).
//  * A case never transferred belongs to the organisation that recorded it (its agency).
//  * A transferred case (referral::TransferredTo) belongs to the receiving organisation from the
//    transfer on: kFull for it, including the case-work flow and documents.
//  * The recording organisation then keeps kRecordedOnly (the case record it wrote, with its
//    identifiers on a purpose: kReadCase, kReadIdentifiers) if and only if the person's consent
//    to share data with it (ConsentPurpose::kDataSharing, organisation = the recorder) is in
//    force; otherwise kNone. Any other organisation has kNone.
enum class CaseAccess { kNone, kRecordedOnly, kFull };

// Each function checks RoleMay and the organisation scope. A refusal is audited (action
// "denied", with the attempted action and object) and COMMITTED in `tx`, then
// kPermissionDenied is returned: the caller must not use `tx` after that. `tx` is the
// caller's transaction acting as the principal. The gate holds no state.
class CaseGate {
 public:
  CaseGate() = default;
  explicit CaseGate(store::Store&) {}

  // Newest first, at most `limit`, ids below `before` when set. Closed cases (CloseCase) are
  // left out unless `closed` says otherwise; a page may then hold fewer than `limit` cases.
  enum class Closed { kExclude, kOnly, kInclude };
  // Each summary carries its assignee and next due day. With a `filter` (CaseFilter), the
  // transferred-in section and the total are left out.
  Result<CasePage> List(store::Transaction& tx, const Principal& who, std::optional<CaseId> before,
                        int limit, Closed closed = Closed::kExclude,
                        const CaseFilter& filter = {});
  // Checks that `who` may take `action` on case `id` (role and scope, see CaseAccess) and
  // returns its pseudonymised view (no identifiers). kNotFound if absent.
  Result<CaseRecord> Read(store::Transaction& tx, const Principal& who, CaseId id,
                          Action action = Action::kReadCase);
  // The full record with identifiers; `purpose` is required (kInvalidArgument) and audited.
  Result<CaseRecord> ReadIdentifiers(store::Transaction& tx, const Principal& who, CaseId id,
                                     std::string_view purpose);
  // Inserts a case of the principal's organisation (a case worker cannot create a case for
  // another agency). kAlreadyExists for a duplicate local id.
  Result<CaseId> Create(store::Transaction& tx, const Principal& who, CaseRecord record);
  // Exact lookup by blind index, filtered to the principal's scope. Audited without the value.
  Result<std::vector<CaseSummary>> Search(store::Transaction& tx, const Principal& who,
                                          store::IdentifierKind kind, std::string_view value);
  // How far `who` reaches into `record` (see CaseAccess). One indexed query for a case worker.
  Result<CaseAccess> AccessTo(store::Transaction& tx, const Principal& who,
                              const CaseRecord& record);
  // Checks a non-case action (audit log, users). kPermissionDenied (audited) if refused.
  Status Require(store::Transaction& tx, const Principal& who, Action action,
                 std::string_view object_type = "", std::string_view object_id = "");
  // Audits the refusal of `action` on the object, commits `tx` and returns kPermissionDenied.
  Status Deny(store::Transaction& tx, const Principal& who, Action action,
              std::string_view object_type, std::string_view object_id);

 private:
  Result<CasePage> ListClosed(store::Transaction& tx, const Principal& who,
                              std::optional<CaseId> before, int limit);
  // The cases among `ids` (newest first, one more than `limit` when a next page exists) that
  // `who` reaches, are open or closed as asked and pass `filter`'s status.
  Result<CasePage> ListAmong(store::Transaction& tx, const Principal& who,
                             const std::vector<CaseId>& ids, int limit, Closed closed,
                             const CaseFilter& filter);
};

CaseSummary Summarise(const CaseRecord& record);

// Ends `tx` after a change was tried: commits an accepted change; commits a refusal that a
// library audited (kPermissionDenied, kFailedPrecondition, kAlreadyExists) so its audit entry
// stays, then returns the refusal; leaves anything else to roll back. A failed commit of an
// accepted change is returned; a failed commit of a refusal's entry does not hide the refusal.
Status KeepRefusal(store::Transaction& tx, const Status& status);

// Length, UTF-8 and no control character (`multi_line` allows tabs and line breaks).
Status CheckText(std::string_view field, std::string_view value, size_t max,
                 bool multi_line = false);

// What a person is told when the gate or a library refused them (kPermissionDenied): the same
// words on the web and on the command line, which never say why (that would describe the case
// or the scope to someone who may not see it).
std::string RefusalMessage(Lang lang);

// Hex BLAKE2b-256 of `text` (the content hash of a case created by hand).
std::string HashHex(std::string_view text);

// Registers the tables the case-work flows use (screen, referral). Idempotent.
void RegisterMigrations();

// ---- The case-work flows ------------------------------------------------------------------------

// Where a flow runs: the store, and the caller's clock (the server's, which tests can move; the
// CLI's wall clock).
struct Desk {
  store::Store& store;
  referral::Instant now;
};

// The bundled indicator list and the default NRM profile, loaded once.
Result<const screen::IndicatorList*> Indicators();
Result<const referral::Profile*> NrmProfile();

// The profile role the principal's role takes for transition `t` ("" when it has none): a case
// worker acts as the profile's case_worker when the step allows it, else as its
// first_responder.
std::string TransitionRole(Role role, const referral::TransitionDef& t);

struct ScreeningView {
  CaseRecord record;  // pseudonymised (CaseGate::Read)
  std::optional<int> age;
  std::optional<screen::ScreeningInfo> info;
  std::vector<screen::StoredAnswer> answers;  // effective answers, without notes
  std::optional<screen::ScreeningResult> result;
  std::vector<screen::Decision> decisions;  // without notes
  bool may_screen = false;
};
Result<ScreeningView> LoadScreening(Desk desk, const Principal& who, CaseId id, Lang lang);
// `population` nullopt: derived from the case's age (FailedPrecondition when unknown).
Status StartScreening(Desk desk, const Principal& who, CaseId id, Lang lang,
                      std::optional<screen::Population> population,
                      screen::Exploitation exploitation);
// Records only the answers that differ from the effective ones (with `note`, sealed, when one
// is given). kFailedPrecondition when the case has no screening.
Status SaveAnswers(Desk desk, const Principal& who, CaseId id, Lang lang,
                   const std::vector<screen::AnswerRecord>& answers, std::string_view note = "");
Status RecordDecision(Desk desk, const Principal& who, CaseId id, Lang lang,
                      std::string_view decision, std::string_view note);
inline constexpr std::string_view kScreeningDecisions[] = {
    "refer_to_nrm", "identified", "not_identified", "needs_more_information"};
std::string ScreeningDecisionLabel(std::string_view code, Lang lang);

struct NextStep {
  const referral::TransitionDef* transition = nullptr;
  bool needs_consent = false;  // the profile asks for consent here (adults)
  bool has_consent = false;    // consent on record for its purpose (not for transfers)
  std::optional<referral::Deadline> available_from;  // minimum period not over yet
};

struct ReferralView {
  CaseRecord record;
  std::optional<int> age;
  const referral::Profile* profile = nullptr;
  std::optional<referral::ReferralInfo> current;  // the latest referral of the case
  bool open = false;                              // current exists and is not terminal
  std::vector<referral::ReferralEvent> history;   // of `current`, without notes
  std::optional<referral::Deadline> due;
  std::optional<referral::Alert> alert;  // due soon / overdue
  std::optional<referral::Deadline> minimum_ends;
  std::vector<NextStep> next;  // steps this user's role may take now or after a minimum period
  std::vector<referral::ReferralInfo> earlier;  // closed referrals before `current`
};
// `profile` nullptr: NrmProfile().
Result<ReferralView> LoadReferral(Desk desk, const Principal& who, CaseId id, Lang lang,
                                  const referral::Profile* profile = nullptr);

struct StepInput {
  std::string transition;
  std::string note;  // sealed by the library
  std::string target_organisation;
  bool presumed_child = false;
  const referral::Profile* profile = nullptr;  // nullptr: NrmProfile()
};
// The profile's creating step when the case has no open referral, else a step of the open one.
// The step is dated desk.now.
Status TakeStep(Desk desk, const Principal& who, CaseId id, Lang lang, const StepInput& input);
// The same, returning the referral as the step left it.
Result<referral::ReferralInfo> Step(Desk desk, const Principal& who, CaseId id, Lang lang,
                                    const StepInput& input);
// A step of referral `referral_id` (whose case the principal must reach fully, kReferCase); the
// command line names referrals by id. kNotFound for an unknown referral.
Result<referral::ReferralInfo> StepReferral(Desk desk, const Principal& who, int64_t referral_id,
                                            Lang lang, const StepInput& input);

// One referral and its history (without notes), read through the gate on its case (kReadCase,
// full reach). kNotFound for an unknown referral.
struct ReferralRecord {
  referral::ReferralInfo info;
  std::vector<referral::ReferralEvent> history;
};
Result<ReferralRecord> LoadReferralById(Desk desk, const Principal& who, int64_t referral_id);

// The decisions due soon or overdue at `as_of` of the referrals on cases the principal reaches
// fully (kReferCase; a case worker: its organisation's cases and those transferred to it).
Result<std::vector<referral::Alert>> DueReferrals(Desk desk, const Principal& who,
                                                  const referral::Profile& profile,
                                                  referral::Instant as_of);

struct ServicesView {
  CaseRecord record;
  std::vector<referral::ServiceMatch> matches;
  std::vector<referral::ServiceReferral> referrals;
  bool may_refer = false;
};
Result<ServicesView> LoadServices(Desk desk, const Principal& who, CaseId id);
Status ReferToService(Desk desk, const Principal& who, CaseId id, Lang lang, int64_t service_id,
                      std::string_view note, bool presumed_child = false);

using IncomingReferral = referral::IncomingServiceReferral;
struct DirectoryView {
  std::vector<referral::ServiceDef> services;
  std::vector<IncomingReferral> incoming;  // referrals to the principal's organisation's services
};
Result<DirectoryView> LoadDirectory(Desk desk, const Principal& who);
// The principal's organisation's inbox: referrals made to its services, open ones only unless
// `include_closed`. kRespondToService; a refusal is audited.
Result<std::vector<IncomingReferral>> LoadInbox(Desk desk, const Principal& who,
                                                bool include_closed);
// A service of the principal's organisation (kManageServices); `service.organisation` empty or
// that organisation, else refused (audited).
Result<int64_t> AddService(Desk desk, const Principal& who, Lang lang, referral::ServiceDef service);
Status RespondToService(Desk desk, const Principal& who, int64_t service_referral_id, Lang lang,
                        bool accept, std::string_view note = "");
Status RecordServiceOutcome(Desk desk, const Principal& who, int64_t service_referral_id, Lang lang,
                            std::string_view outcome, std::string_view note = "");
std::string ServiceStatusLabel(std::string_view status, Lang lang);
std::string ServiceOutcomeLabel(std::string_view outcome, Lang lang);
inline constexpr std::string_view kServiceOutcomes[] = {"completed", "ended_early", "not_taken_up"};

struct ConsentView {
  CaseRecord record;
  std::vector<Consent> consents;
  bool may_manage = false;
};
Result<ConsentView> LoadConsent(Desk desk, const Principal& who, CaseId id);
// `at` nullopt: now. kInvalidArgument for a date in the future.
Status ChangeConsent(Desk desk, const Principal& who, CaseId id, Lang lang, bool give,
                     ConsentPurpose purpose, std::string_view organisation,
                     std::optional<referral::Instant> at);
std::string ConsentPurposeLabel(ConsentPurpose purpose, Lang lang);
inline constexpr ConsentPurpose kConsentPurposes[] = {
    ConsentPurpose::kReferral, ConsentPurpose::kDataSharing, ConsentPurpose::kCrossBorderExchange,
    ConsentPurpose::kResearchStatistics};

// ---- Correct, close, reopen, with versioned history (case_edit.cc) ----------------------------
//
// Every accepted change of a case is a new version: who, when (UTC), why, and for each field
// changed its value before and after. Values of identifier fields (names, birth date,
// documents, phones, address, notes), the reason and the decision are sealed with the store
// key (table casework_case_version, declared for key rotation); the other fields' values are
// kept as the case itself keeps them (in clear). Version 1 is the creation (recorded by
// CaseGate::Create; for an imported case, the import, at the case's creation time). A closed
// case cannot be edited until it is reopened; closing never deletes anything and the case
// stays in the statistics of its year.

// Any subset of the fields of a case as created; unset members are left unchanged.
struct CasePatch {
  std::optional<Sex> sex;
  std::optional<std::string> gender_detail;
  std::optional<VictimStatus> victim_status;
  std::optional<std::string> citizenship;
  std::optional<std::string> country_of_exploitation;
  std::optional<std::vector<std::string>> forms;
  std::optional<std::optional<PartialDate>> identification_date;
  std::optional<std::optional<int>> age_at_identification;
  std::optional<std::string> given_name, family_name, full_name, address, notes;
  std::optional<std::optional<PartialDate>> birth_date;
  std::optional<std::vector<std::string>> document_numbers, phones;
  bool empty() const;
};

// The fields a patch may set, by their API names (validate.h).
bool IsPatchField(std::string_view field);
// Sets `field` from text as typed on a form or a command line: "" clears it; lists are
// separated by '|'; codes as in the API ("female", "presumed", "NGA", "sexual"). A text that
// cannot be read adds a FieldError; an unknown field too.
void SetPatchField(CasePatch& patch, std::string_view field, std::string_view text,
                   std::vector<FieldError>& errors);

// `record` with the patch's fields set (the birth year follows a new birth date).
CaseRecord ApplyPatch(CaseRecord record, const CasePatch& patch);

struct FieldChange {
  std::string field;
  bool identifier = false;  // its values are withheld unless asked for with a purpose
  std::optional<std::string> before, after;  // nullopt: withheld; "" when it had no value
};

struct CaseVersion {
  int64_t version = 0;
  std::string kind;  // "create", "edit", "close", "reopen"
  std::string at;    // ISO 8601 UTC
  std::string user;
  std::string organisation;
  std::string reason;
  std::string decision;  // the decision that justifies a status change, when one was needed
  std::vector<FieldChange> changes;
};

struct EditOutcome {
  std::vector<FieldError> errors;  // not empty: nothing was stored
  CaseRecord record;               // the case as it is now, pseudonymised (no identifiers)
  int64_t version = 0;             // the version written; 0 when nothing changed
};

// Corrects case `id` with `patch` (kEditCase, full reach). Validates the resulting case with
// the one validator and the edit rules: `reason` is required when the status, a date, the sex
// or the citizenship changes; the status moves from presumed (or unknown) to identified or
// not_a_victim only with the `decision` that justifies it, never back to unknown. Audited
// ("edit_case", field names only). kFailedPrecondition for a closed case.
Result<EditOutcome> EditCase(Desk desk, const Principal& who, CaseId id, const CasePatch& patch,
                             std::string_view reason, std::string_view decision);

// The versions of case `id`, oldest first (kReadCase). With a `purpose`, the identifier
// values are shown (kReadIdentifiers; audited with the purpose); without, they are withheld.
Result<std::vector<CaseVersion>> CaseHistory(Desk desk, const Principal& who, CaseId id,
                                             std::string_view purpose);

inline constexpr std::string_view kCloseReasons[] = {
    "moved_on", "returned_home", "lost_contact", "deceased", "transferred", "not_a_victim"};
std::string CloseReasonLabel(std::string_view code, Lang lang);

struct Closure {
  bool closed = false;
  std::string reason;  // a kCloseReasons code
  std::string date;    // YYYY-MM-DD
};
// Closes case `id` with a reason code and a date ("" for today; not in the future, not before
// the identification). kEditCase. Errors on "reason"/"date" as field errors.
Result<EditOutcome> CloseCase(Desk desk, const Principal& who, CaseId id, std::string_view reason,
                              std::string_view date);
// Reopens a closed case; `reason` (free text) is required.
Result<EditOutcome> ReopenCase(Desk desk, const Principal& who, CaseId id, std::string_view reason);
// The closure of one case (no check: the caller passed the gate).
Result<Closure> ClosureOf(store::Transaction& tx, CaseId id);

// Version 1 of a case created by `who` in `tx` (CaseGate::Create).
Status RecordCreation(store::Transaction& tx, const Principal& who, CaseId id);

// ---- Caseload: assignment, tasks, "my cases" (caseload.cc) ------------------------------------
//
// A case may be assigned to one case worker: an unlocked account with the case-work role of the
// organisation that holds the case (the one whose case workers reach it fully: the recorder, or
// the receiving organisation after a transfer). Only a case worker of that organisation assigns
// (kManageCaseload), so the assignee's organisation is always the assigner's. An assignment or
// reassignment is a version of the case (kind "assign", field "assignee" with the account names
// before and after: who and when are the version's) and is audited ("assign_case", the version
// and the field name only). A closed case cannot be (re)assigned until it is reopened.
//
// Tasks are follow-ups of a case: a due day, an assignee (a case worker as above), a text
// sealed with the store key (table casework_task, declared for key rotation) and a done flag
// that can be set and cleared; each change is audited with the task's number only.

// An account of the web app. Accounts live above casework (src/server): the caller says how
// to find them (server::Accounts()).
struct Account {
  std::string username;
  Role role = Role::kCaseWorker;
  std::string organisation;
  bool locked = false;
};
class AccountDirectory {
 public:
  virtual ~AccountDirectory() = default;
  // The account named `username`, read in `tx`; nullopt when there is none.
  virtual Result<std::optional<Account>> Find(store::Transaction& tx,
                                              std::string_view username) const = 0;
  // The unlocked accounts of `organisation` with `role`, by name.
  virtual Result<std::vector<Account>> InOrganisation(store::Transaction& tx,
                                                      std::string_view organisation,
                                                      Role role) const = 0;
};

struct Assignment {
  std::string user;  // the assignee's account name
  std::string by;    // who assigned
  std::string at;    // ISO 8601 UTC
};
// The case's assignment (no check: the caller passed the gate); nullopt when unassigned.
Result<std::optional<Assignment>> AssignmentOf(store::Transaction& tx, CaseId id);

// Assigns case `id` to `username` ("" takes the assignment away). Field errors on "user" for
// an account that is not an unlocked case worker of the principal's organisation (the same
// words whether it does not exist or belongs elsewhere). Assigning the current assignee again
// changes nothing (version 0). kFailedPrecondition for a closed case.
Result<EditOutcome> AssignCase(Desk desk, const Principal& who, CaseId id,
                               std::string_view username, const AccountDirectory& accounts);
// The accounts case `id` may be assigned to (kManageCaseload on the case), by name.
Result<std::vector<std::string>> AssignableUsers(Desk desk, const Principal& who, CaseId id,
                                                 const AccountDirectory& accounts);

struct Task {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string due;       // YYYY-MM-DD
  std::string assignee;  // account name
  std::string text;      // sealed in the store
  bool done = false;
  std::string created_by, created_at, done_by, done_at;
  bool overdue = false;  // not done and due before the desk's day (UTC)
};
struct TaskInput {
  std::string due;       // YYYY-MM-DD, not before the desk's day, at most 10 years ahead
  std::string assignee;  // "" for the principal
  std::string text;      // required, one line, at most 500 bytes
};
struct TaskOutcome {
  std::vector<FieldError> errors;  // fields "due", "assignee", "text"; not empty: nothing stored
  int64_t task_id = 0;
};
// Adds a task to case `id` (kManageCaseload, full reach; not on a closed case:
// kFailedPrecondition). Audited ("add_task", "task=N").
Result<TaskOutcome> AddTask(Desk desk, const Principal& who, CaseId id, const TaskInput& input,
                            const AccountDirectory& accounts);
// The tasks of case `id` (kManageCaseload, full reach): open ones by due day (overdue first),
// then done ones, most recently done first.
Result<std::vector<Task>> CaseTasks(Desk desk, const Principal& who, CaseId id);
// Marks task `task_id` of case `id` done or not done. kNotFound when the case has no such task.
// Audited ("complete_task" / "reopen_task", "task=N"). Setting the state it has changes nothing.
Status SetTaskDone(Desk desk, const Principal& who, CaseId id, int64_t task_id, bool done);

// What the case page shows of the caseload: read in the caller's transaction `tx` (a read one
// is enough) for `record`, which the caller has read through the gate. nullopt, without an
// audit entry, when the principal may not manage this case's caseload (role, or not its full
// reach): the page then shows no such section.
struct CaseCaseload {
  std::optional<Assignment> assignment;
  std::vector<Task> tasks;              // as CaseTasks orders them
  std::vector<std::string> assignable;  // as AssignableUsers
};
Result<std::optional<CaseCaseload>> CaseloadOf(store::Transaction& tx, const Principal& who,
                                               const CaseRecord& record,
                                               const AccountDirectory& accounts,
                                               referral::Instant now);

// A case worker's start page ("my cases").
struct AssignedCase {
  CaseSummary summary;
  std::string assigned_at;
  std::string next_due;  // the earliest due day of the case's open tasks, "" when none
  bool overdue = false;  // next_due is before today
};
struct RecentChange {
  CaseId case_id = 0;
  int64_t version = 0;
  std::string kind;  // as CaseVersion::kind ("edit", "assign", ...)
  std::string at;
  std::string user;
  std::vector<std::string> fields;  // names only, never values
};
struct Caseload {
  std::vector<AssignedCase> cases;  // open cases assigned to the principal, newest first
  std::vector<Task> open_tasks;     // open tasks assigned to the principal, by due day
  std::vector<referral::Alert> referral_deadlines;  // due soon or overdue, of `cases`
  std::vector<RecentChange> recent;  // the latest versions of `cases`, newest first (at most 20)
};
// The principal's caseload at the desk's time (kManageCaseload). Only cases the principal
// still reaches fully are shown; `profile` nullptr: NrmProfile().
Result<Caseload> MyCaseload(Desk desk, const Principal& who,
                            const referral::Profile* profile = nullptr);

}  // namespace palermo::casework
