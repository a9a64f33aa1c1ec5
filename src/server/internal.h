// src/server/internal.h: pieces shared by the server's source files (not a public header).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "server/server.h"
#include "store/store.h"

namespace palermo::server {

// ---- The signed-in user -------------------------------------------------------------------

struct Principal {
  int64_t user_id = 0;
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
  // The case-work flow (flow.h); the screen/referral libraries then check their own role rules.
  kScreenCase,        // start a screening, answer, record the decision
  kReferCase,         // NRM referral steps (which ones: the profile's roles)
  kManageConsent,     // give / withdraw consent
  kReferToService,
  kRespondToService,  // accept/decline/outcome for the own organisation's services
  kManageServices,    // add a service of the own organisation
  // Documents, import and duplicate flags (pages_documents.cc, pages_import.cc, duplicates.cc).
  kUploadDocument,     // attach a document to a case in scope
  kReadDocument,       // download a document (identifying: a purpose is required and audited)
  kImportCases,        // upload an agency list of the own organisation
  kReadQuarantine,     // quarantined rows of an import (raw rows: identifiers)
  kReviewDuplicates,   // see possible duplicates and decide "same person" / "not the same"
};
std::string_view ActionCode(Action action);
bool RoleMay(Role role, Action action);
// True when the role's case scope is its own organisation only.
bool RoleIsOrganisationScoped(Role role);

// Registers the screen and referral modules' tables the case-work flow uses (flow.cc).
void RegisterFlowMigrations();
// Registers the documents' sealed columns, the duplicate flags table and the ingest module's
// tables (duplicates.cc).
void RegisterOpsMigrations();

// ---- Accounts, sessions, throttling (accounts.cc) ------------------------------------------

struct Session {
  std::string token_hash;  // hex BLAKE2b of the cookie token; the token itself is never stored
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen = 0;
  Principal principal;
};

struct LoginOutcome {
  enum class Kind { kOk, kBadCredentials, kAccountLocked, kAddressThrottled } kind = Kind::kOk;
  std::string token;  // cookie value, only for kOk
  Session session;    // only for kOk
};

struct AuthLimits {
  int session_idle_seconds;
  int session_absolute_seconds;
  int max_failed_logins_per_account;
  int lockout_seconds;
  int max_failed_logins_per_address;
  int address_window_seconds;
};

// Verifies the password (constant work whether or not the user exists), applies the
// throttles, records the attempt and, on success, creates a session. Audited.
Result<LoginOutcome> Login(store::Store& store, const AuthLimits& limits, std::string_view username,
                           std::string_view password, std::string_view client_address,
                           int64_t now);
// The live session for a cookie token, or nullopt when unknown, expired or its user is
// locked. Refreshes last_seen at most once a minute.
Result<std::optional<Session>> LookupSession(store::Store& store, const AuthLimits& limits,
                                             std::string_view token, int64_t now);
Status Logout(store::Store& store, const Session& session);
// Ends every session of the user. Returns how many were ended.
Result<int64_t> LogoutEverywhere(store::Store& store, const Principal& principal);

// Random URL-safe token of 32 bytes of entropy.
std::string RandomToken();
// Constant-time comparison of two tokens.
bool TokensEqual(std::string_view a, std::string_view b);
std::string HashToken(std::string_view token);
std::string IsoTimeUtc(int64_t epoch_seconds);

// ---- The case gate (gate.cc): every case access passes here ---------------------------------

struct CaseSummary {
  CaseId id = 0;
  std::string agency;
  std::string local_id;
  std::string victim_status;
  std::string sex;
  std::string citizenship;
  std::vector<std::string> forms;
  std::string identification_date;
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
// caller's transaction acting as the principal.
class CaseGate {
 public:
  explicit CaseGate(store::Store& store) : store_(store) {}

  // Newest first, at most `limit`, ids below `before` when set.
  Result<CasePage> List(store::Transaction& tx, const Principal& who, std::optional<CaseId> before,
                        int limit);
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
  store::Store& store_;
};

CaseSummary Summarise(const CaseRecord& record);

// ---- HTML (html.cc) ------------------------------------------------------------------------

// Escapes & < > " ' for text and attribute values.
std::string Esc(std::string_view text);
// Percent-encodes for a URL query value.
std::string UrlEncode(std::string_view text);
std::string_view LangDir(Lang lang);  // "ltr" (both languages so far); "rtl" for Arabic later

struct PageFrame {
  Lang lang = Lang::kEn;
  std::string title;
  const Principal* who = nullptr;  // null: signed out
  std::string csrf;                // for the logout form
  std::string path;                // current path, for the language switch
  std::string flash;               // an escaped-on-output notice
  bool flash_is_error = false;
};
// The whole document: head, header with navigation and language switch, main, footer.
std::string RenderPage(const PageFrame& frame, std::string_view body_html);

// The case's sub-navigation (case, screening, referral, services, consent), flow.cc. `current`
// is the path of the page shown ("/cases/7/screening").
std::string CaseFlowNav(CaseId id, Lang lang, std::string_view current);

// Static assets (assets.cc, generated from src/server/assets/).
std::string_view AppCss();
std::string_view AppJs();

}  // namespace palermo::server
