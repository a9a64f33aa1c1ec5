// SPDX-License-Identifier: AGPL-3.0-or-later
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

// ---- The signed-in user and what a role may do (src/casework) -------------------------------

using casework::Action;
using casework::ActionCode;
using casework::Principal;
using casework::RoleIsOrganisationScoped;
using casework::RoleMay;

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
  enum class Kind {
    kOk,
    kBadCredentials,
    kAccountLocked,
    kAddressThrottled,
    kMfaRequired,           // right password, MFA on, no code given: not counted as a failure
    kMfaCodeRejected,       // right password, a wrong or already used code: counted
    kMfaEnrolmentRequired,  // right password, the role needs MFA and the account has none
  } kind = Kind::kOk;
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

// The second factor of a login attempt and the roles that must have one.
struct MfaLogin {
  std::string_view code;                           // the "totp" field: TOTP or recovery code
  const std::vector<Role>* enforced_roles = nullptr;  // null or empty: no role must have MFA
};

// Verifies the password (constant work whether or not the user exists), applies the
// throttles, records the attempt and, on success, creates a session. Audited.
// The password is checked first; only a right one leads to the second factor: for an account
// with MFA, no code gives kMfaRequired (not a failure: the first step of a two-step login), a
// wrong or replayed code kMfaCodeRejected (a failure counted exactly like a wrong password); an
// account without MFA whose role is in mfa.enforced_roles gets kMfaEnrolmentRequired.
Result<LoginOutcome> Login(store::Store& store, const AuthLimits& limits, std::string_view username,
                           std::string_view password, std::string_view client_address,
                           int64_t now, const MfaLogin& mfa = {});

// ---- Second factor (mfa.cc) ------------------------------------------------------------------

// What the login form and POST /api/v1/session say about the second factor.
inline constexpr Msg kMfaCodeNeeded{
    "Enter the verification code from your authenticator app, or a recovery code.",
    "Saisissez le code de vérification de votre application d’authentification, ou un code "
    "de secours."};
inline constexpr Msg kMfaCodeWrong{
    "Wrong or already used verification code.",
    "Code de vérification incorrect ou déjà utilisé."};
inline constexpr Msg kMfaEnrolmentNeeded{
    "This account must log in with a verification code, and none is set up yet: an "
    "administrator must run `palermo user mfa enable` for it.",
    "Ce compte doit se connecter avec un code de vérification, qui n’est pas encore configuré : "
    "un administrateur doit lancer `palermo user mfa enable` pour ce compte."};

// Registers the MFA tables and the sealed secret column (called by RegisterMigrations).
void RegisterMfaMigrations();
// Whether the account has MFA on.
Result<bool> HasMfa(store::Transaction& tx, int64_t user_id);
struct SecondFactor {
  bool accepted = false;
  bool recovery_code_used = false;
  int64_t recovery_codes_left = 0;  // only when recovery_code_used
};
// Checks `code` for `user_id` inside the login's transaction: six digits are a TOTP code
// (current step ± 1, later than the last accepted step, which it then becomes), anything else
// a recovery code (deleted when it matches). Not accepted: nothing changed.
Result<SecondFactor> AcceptSecondFactor(store::Transaction& tx, int64_t user_id,
                                        std::string_view code, int64_t now);
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

// ---- The case gate (src/casework): every case access passes there ------------------------

using casework::CaseAccess;
using casework::CaseGate;
using casework::CasePage;
using casework::CaseSummary;
using casework::Summarise;

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
