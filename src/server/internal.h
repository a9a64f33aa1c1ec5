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
