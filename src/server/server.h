// SPDX-License-Identifier: AGPL-3.0-or-later
// src/server/server.h: the case-worker web app and its JSON API (`palermo serve`).
//
// What the server promises:
//  * HTTP (or HTTPS when a certificate and key are given) on cpp-httplib with a bounded thread
//    pool, request limits (body size, read/write timeouts) and a graceful Stop(): in-flight
//    requests finish, new connections are refused.
//  * Accounts with Argon2id password hashes (libsodium crypto_pwhash_str, interactive limits),
//    throttled logins (per account: lockout after repeated failures; per client address),
//    sessions in HttpOnly + SameSite=Strict cookies (Secure under TLS) that expire when idle and
//    after an absolute lifetime, a synchroniser CSRF token on every state-changing request
//    (compared in constant time), logout and logout-everywhere. A second factor (TOTP, RFC 6238,
//    or a single-use recovery code) for accounts enrolled with EnableMfa, required of the roles
//    in ServerOptions::mfa_roles.
//  * Roles: case worker (own organisation's cases), NRM decision maker (all cases), analyst
//    (pseudonymised case data only: never a direct identifier), auditor (audit log, read-only),
//    administrator (accounts). Every case access goes through one gate that enforces role and
//    organisation scope; every read of identifiers needs a purpose and is audited, every change
//    is audited, and every forbidden attempt is audited too.
//  * Access logs are JSON lines (time, method, route template, status, duration, user id):
//    never a query string, a body, an identifier value or a name.
//  * Pages are server-rendered HTML that work without JavaScript, in French and English
//    (Accept-Language, then a switchable cookie), with `lang` and `dir` set for right-to-left
//    languages later. The JSON API under /api/v1/ is documented in docs/api.md.
//
// Thread safety: a Server is driven from one thread (Bind, Serve) and may be stopped from any
// other thread. The Store must outlive the Server.
//
//   server::RegisterMigrations();                        // before Store::Open
//   PALERMO_ASSIGN_OR_RETURN(auto store, store::Store::Open(store_options));
//   PALERMO_ASSIGN_OR_RETURN(auto srv, server::Server::Create(*store, {.port = 8080}));
//   PALERMO_RETURN_IF_ERROR(srv->Bind());                // srv->port() is now known
//   PALERMO_RETURN_IF_ERROR(srv->Serve());               // until srv->Stop()
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "casework/casework.h"
#include "core/core.h"
#include "store/store.h"

namespace palermo::server {

// The roles are those of the case-work gate (src/casework): one permission table for the web
// app and the CLI.
using casework::ParseRoleCode;
using casework::Role;
using casework::RoleCode;
using casework::RoleName;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;           // 0 binds any free port (see Server::port)
  std::string cert_pem;      // TLS certificate chain (PEM file); TLS only when both are set
  std::string key_pem;       // TLS private key (PEM file)
  int threads = 0;           // worker threads; 0 = max(64, 16 × cores): one per open connection
  size_t max_body_bytes = 12 << 20;     // larger requests are refused with 413
  size_t max_document_bytes = 5 << 20;  // one attached document
  int read_timeout_seconds = 10;   // for each read or write while serving a request
  int write_timeout_seconds = 10;
  // A request's line and headers must arrive within this many seconds of its first byte, and
  // a kept-alive connection may stay idle keep_alive_timeout_seconds (both: plain HTTP; direct
  // TLS keeps cpp-httplib's per-read timeout only; see docs/server.md).
  int header_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 5;
  int session_idle_seconds = 30 * 60;        // a session unused this long is ended
  int session_absolute_seconds = 12 * 3600;  // a session is ended this long after login
  int max_failed_logins_per_account = 5;     // then the account is locked for lockout_seconds
  int lockout_seconds = 15 * 60;
  int max_failed_logins_per_address = 20;    // per client address within address_window_seconds
  int address_window_seconds = 15 * 60;
  // Roles whose accounts must log in with a second factor: an account of one of them without
  // MFA is refused (403 MFA_ENROLMENT_REQUIRED) until `palermo user mfa enable`. Empty here
  // (library default); `palermo serve` enforces admin, decision_maker and case_worker unless
  // told otherwise (--mfa-roles). Accounts with MFA always need their code, whatever the role.
  std::vector<Role> mfa_roles;
  Lang default_lang = Lang::kEn;  // when neither the cookie nor Accept-Language decides
  // Receives one JSON access-log line per request (without the newline). Default: stderr.
  std::function<void(std::string_view line)> access_log;
  // Clock in seconds since the epoch; tests replace it to expire sessions. Default: real time.
  std::function<int64_t()> now;
};

// Registers the server's own tables (users, sessions, login attempts, documents) with the
// store. Call before Store::Init/Open. Idempotent.
// The worker threads a server with `options` runs: options.threads, or max(64, 16 × cores).
// Store connections should be pooled to the same number (StoreOptions::pooled_connections).
int WorkerThreads(const ServerOptions& options);

void RegisterMigrations();

// The web app's accounts as the caseload functions of src/casework look them up (assigning a
// case or a task to a case worker): `palermo case assign` uses the same directory.
const casework::AccountDirectory& Accounts();

class Server {
 public:
  // kInvalidArgument for an impossible option (port out of range, only one of cert/key).
  // `store` must outlive the Server.
  static Result<std::unique_ptr<Server>> Create(store::Store& store, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. kUnavailable if the address cannot be bound; kInvalidArgument
  // if the TLS certificate or key cannot be loaded. After OK, port() is the bound port.
  Status Bind();
  // Serves until Stop(); returns after in-flight requests have finished. REQUIRES: Bind() OK.
  Status Serve();
  // Stops accepting and makes Serve() return. Safe from any thread (not from a signal
  // handler: use sigwait in a thread, as `palermo serve` does). Idempotent.
  void Stop();
  int port() const;
  bool is_tls() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Account administration, used by `palermo user` and the administrator's pages. `by` is who
// acts (for the audit log). Passwords must have at least 12 characters (kInvalidArgument).
struct UserInfo {
  int64_t id = 0;
  std::string username;
  Role role = Role::kCaseWorker;
  std::string organisation;
  bool locked = false;
  int failed_logins = 0;
  std::string created_at;  // ISO 8601 UTC
  bool mfa = false;        // multi-factor login on (EnableMfa)
};
inline constexpr size_t kMinPasswordLength = 12;
// kAlreadyExists if the username is taken; kInvalidArgument for an empty or malformed
// username (letters, digits, '.', '_', '-', at most 64), a weak password, or a case worker
// without an organisation.
Status AddUser(store::Store& store, const store::Actor& by, std::string_view username,
               std::string_view password, Role role, std::string_view organisation);
// Sets a new password, clears the lockout and ends every session of the user. kNotFound.
Status SetPassword(store::Store& store, const store::Actor& by, std::string_view username,
                   std::string_view password);
// Locks (ending every session) or unlocks an account. kNotFound.
Status SetLocked(store::Store& store, const store::Actor& by, std::string_view username,
                 bool locked);
Result<std::vector<UserInfo>> ListUsers(store::Store& store, const store::Actor& by);

// Multi-factor login (TOTP, RFC 6238, with single-use recovery codes). EnableMfa draws a new
// 20-byte secret, stores it sealed with the store key (never in clear), keeps only hashes of
// ten new recovery codes, ends the account's sessions and returns what the user must receive
// once: the otpauth:// URI (for an authenticator app) and the recovery codes. kNotFound for an
// unknown user; kAlreadyExists if MFA is already on (ResetMfa first). Audited without the
// secret or the codes.
struct MfaEnrolment {
  std::string uri;  // otpauth://totp/Palermo:USER?secret=BASE32&issuer=Palermo&...
  std::vector<std::string> recovery_codes;  // "ABCD-EFGH-IJKL-MNOP", 80 random bits each
};
Result<MfaEnrolment> EnableMfa(store::Store& store, const store::Actor& by,
                               std::string_view username);
// Removes the account's MFA (secret and recovery codes) and ends its sessions: the user logs
// in with the password alone until enrolled again (refused if the role must use MFA). kNotFound.
Status ResetMfa(store::Store& store, const store::Actor& by, std::string_view username);

// Test-only: from now on this process hashes new passwords with Argon2id's minimum limits
// (crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN), so test suites that create accounts and log in
// run in milliseconds under sanitizers. Verification reads the limits from each stored hash.
// Never called by `palermo serve` or `palermo user`: their hashes use the interactive limits.
void UseMinimalPasswordHashingForTesting();
// Test-only: the most Argon2id hashes or verifications this process has run at once (logins,
// AddUser, SetPassword share a cap of 2; beyond it a login waits up to 3 s, then gets 503).
int PeakConcurrentPasswordHashesForTesting();

}  // namespace palermo::server
