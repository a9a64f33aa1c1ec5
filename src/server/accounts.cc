// SPDX-License-Identifier: AGPL-3.0-or-later
// Accounts, passwords, sessions and login throttling.
//
// Passwords: Argon2id through libsodium's crypto_pwhash_str with the "interactive" limits
// (OWASP Password Storage Cheat Sheet; RFC 9106 §4). Session tokens: 32 random bytes sent in
// the cookie; only their BLAKE2b hash is stored, so a copy of the database does not open
// sessions. Unknown usernames are verified against a dummy hash so that the response time does
// not tell which accounts exist.
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <string>

#include "server/internal.h"
#include "server/sql_util.h"

namespace palermo::server {
namespace {

constexpr int64_t kLastSeenRefreshSeconds = 60;

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::atomic<bool> g_minimal_hashing_for_testing{false};

// Argon2id with the interactive limits takes 64 MiB for each hash or verification: without a
// cap, 16 parallel logins took 908 MB (issue 23). At most kMaxConcurrentHashes run at once;
// the others wait up to kHashWaitMilliseconds, then get kUnavailable (503 with Retry-After).
constexpr int kMaxConcurrentHashes = 2;
constexpr int kHashWaitMilliseconds = 3000;

class HashSlots {
 public:
  bool Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(kHashWaitMilliseconds),
                      [this] { return in_use_ < kMaxConcurrentHashes; })) {
      return false;
    }
    ++in_use_;
    peak_ = std::max(peak_, in_use_);
    return true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      --in_use_;
    }
    cv_.notify_one();
  }
  int peak() const {
    std::lock_guard<std::mutex> lock(mu_);
    return peak_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int in_use_ = 0;
  int peak_ = 0;
};

HashSlots& Slots() {
  static HashSlots slots;
  return slots;
}

// Holds one hashing slot for its lifetime; ok() is false when none became free in time.
class HashSlot {
 public:
  HashSlot() : ok_(Slots().Acquire()) {}
  ~HashSlot() {
    if (ok_) Slots().Release();
  }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
  bool ok() const { return ok_; }

 private:
  const bool ok_;
};

Status Busy() { return Status::Unavailable("the server is busy checking passwords; retry shortly"); }

Result<std::string> HashPasswordUncapped(std::string_view password) {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  const bool minimal = g_minimal_hashing_for_testing.load();
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) !=
      0) {
    return Status::Unavailable("out of memory while hashing a password");
  }
  return std::string(out);
}

Result<std::string> HashPassword(std::string_view password) {
  const HashSlot slot;
  if (!slot.ok()) return Busy();
  return HashPasswordUncapped(password);
}

// REQUIRES: the caller holds a HashSlot.
bool VerifyPassword(const std::string& stored_hash, std::string_view password) {
  if (!SodiumReady()) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

// A hash of a random password, computed once, so that unknown users cost the same work. Not
// under the cap: a busy moment must not leave it empty (and unknown users fast) for good.
const std::string& DummyHash() {
  static const std::string hash = [] {
    Result<std::string> h = HashPasswordUncapped(RandomToken());
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

Status ValidateUsername(std::string_view username) {
  if (username.empty() || username.size() > 64) {
    return Status::InvalidArgument("username: 1 to 64 characters");
  }
  for (const char c : username) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) {
      return Status::InvalidArgument("username: only letters, digits, '.', '_' and '-'");
    }
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Status::InvalidArgument("password: at least 12 characters");
  }
  if (password.size() > 1024) return Status::InvalidArgument("password: at most 1024 bytes");
  return Status::Ok();
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string password_hash;
  std::string role;
  std::string organisation;
  bool locked = false;
  int64_t failed_logins = 0;
  int64_t locked_until = 0;
  std::string created_at;
};

constexpr std::string_view kUserColumns =
    "id, username, password_hash, role, organisation, locked, failed_logins, locked_until, "
    "created_at";

UserRow ToUserRow(const store::SqlRow& row) {
  UserRow u;
  u.id = SqlInt(row[0]);
  u.username = SqlText(row[1]);
  u.password_hash = SqlText(row[2]);
  u.role = SqlText(row[3]);
  u.organisation = SqlText(row[4]);
  u.locked = SqlInt(row[5]) != 0;
  u.failed_logins = SqlInt(row[6]);
  u.locked_until = SqlInt(row[7]);
  u.created_at = SqlText(row[8]);
  return u;
}

Result<std::optional<UserRow>> FindUser(store::Transaction& tx, std::string_view username) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query(std::string("SELECT ") + std::string(kUserColumns) +
                   " FROM server_users WHERE username = $1",
               {std::string(username)}));
  if (rows.empty()) return std::optional<UserRow>();
  return std::optional<UserRow>(ToUserRow(rows[0]));
}

Result<Session> CreateSession(store::Transaction& tx, const UserRow& user, std::string& token,
                              int64_t now) {
  token = RandomToken();
  Session s;
  s.token_hash = HashToken(token);
  s.csrf_token = RandomToken();
  s.created_at = now;
  s.last_seen = now;
  PALERMO_ASSIGN_OR_RETURN(Role role, ParseRoleCode(user.role));
  s.principal = Principal{user.id, user.username, role, user.organisation};
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO server_sessions (token_hash, user_id, csrf_token, created_at, "
                 "last_seen) VALUES ($1, $2, $3, $4, $5)",
                 {s.token_hash, user.id, s.csrf_token, now, now})
          .status());
  return s;
}

Status EndSessionsOf(store::Transaction& tx, int64_t user_id) {
  return tx.Execute("DELETE FROM server_sessions WHERE user_id = $1", {user_id}).status();
}

// Records one failed login (a wrong password, or a right one with a wrong second factor) for
// the address, the name given and, for an account, its counter, locking it out at the limit.
// `why` prefixes the audit detail.
Status RecordFailure(store::Transaction& tx, const AuthLimits& limits, const UserRow* user,
                     const std::string& account, std::string_view client_address, int64_t now,
                     const std::string& why) {
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO server_login_failures (address, at, account) VALUES ($1, $2, $3)",
                 {std::string(client_address), now, account})
          .status());
  if (user == nullptr) return tx.Audit("login_failed", "user", "", "", "unknown username");
  // One increment in the database, not a value read earlier and written back: parallel
  // failures each count (12 parallel wrong passwords once left the count at 1).
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("UPDATE server_users SET failed_logins = failed_logins + 1 WHERE id = $1",
                 {user->id})
          .status());
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT failed_logins FROM server_users WHERE id = $1", {user->id}));
  const int64_t failures = rows.empty() ? 0 : SqlInt(rows[0][0]);
  const bool lock_out = failures >= limits.max_failed_logins_per_account;
  if (lock_out) {
    PALERMO_RETURN_IF_ERROR(
        tx.Execute("UPDATE server_users SET failed_logins = 0, locked_until = $1 WHERE id = $2",
                   {now + limits.lockout_seconds, user->id})
            .status());
  }
  return tx.Audit(lock_out ? "account_locked_out" : "login_failed", "user",
                  std::to_string(user->id), "", why + "failed logins: " + std::to_string(failures));
}

}  // namespace

void RegisterMigrations() {
  RegisterFlowMigrations();
  RegisterOpsMigrations();
  RegisterMfaMigrations();
  store::RegisterMigration(store::Migration{
      .module = "server",
      .version = 1,
      .sql = "CREATE TABLE server_users ("
             " id {{id}},"
             " username TEXT NOT NULL UNIQUE,"
             " password_hash TEXT NOT NULL,"
             " role TEXT NOT NULL,"
             " organisation TEXT NOT NULL,"
             " locked INTEGER NOT NULL,"
             " failed_logins INTEGER NOT NULL,"
             " locked_until BIGINT NOT NULL,"
             " created_at TEXT NOT NULL);"
             "CREATE TABLE server_sessions ("
             " token_hash TEXT PRIMARY KEY,"
             " user_id BIGINT NOT NULL,"
             " csrf_token TEXT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " last_seen BIGINT NOT NULL);"
             "CREATE INDEX server_sessions_user ON server_sessions (user_id);"
             "CREATE TABLE server_login_failures ("
             " id {{id}},"
             " address TEXT NOT NULL,"
             " at BIGINT NOT NULL);"
             "CREATE INDEX server_login_failures_address ON server_login_failures (address, at);"
             "CREATE TABLE server_documents ("
             " id {{id}},"
             " case_id BIGINT NOT NULL,"
             " media_type TEXT NOT NULL,"
             " size_bytes BIGINT NOT NULL,"
             " name_sealed {{blob}},"
             " content_sealed {{blob}},"
             " uploaded_by TEXT NOT NULL,"
             " created_at TEXT NOT NULL);"
             "CREATE INDEX server_documents_case ON server_documents (case_id)"});
  // Failed logins per account name (a BLAKE2b hash of it, known or not), so the throttle of an
  // account does not depend on the address the attempts come from, and an unknown name is
  // throttled like an existing one (no enumeration through 423).
  store::RegisterMigration(store::Migration{
      .module = "server",
      .version = 2,
      .sql = "ALTER TABLE server_login_failures ADD COLUMN account TEXT NOT NULL DEFAULT '';"
             "CREATE INDEX server_login_failures_account ON server_login_failures (account, at)"});
}

int PeakConcurrentPasswordHashesForTesting() { return Slots().peak(); }

void UseMinimalPasswordHashingForTesting() { g_minimal_hashing_for_testing.store(true); }

std::string RandomToken() {
  SodiumReady();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

bool TokensEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HashToken(std::string_view token) {
  SodiumReady();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string IsoTimeUtc(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<LoginOutcome> Login(store::Store& store, const AuthLimits& limits, std::string_view username,
                           std::string_view password, std::string_view client_address,
                           int64_t now, const MfaLogin& mfa) {
  const store::Actor anonymous{"anonymous", "", "anonymous"};
  // Failures are recorded under a hash of the name given, whether or not it is an account.
  const std::string account = HashToken(username.substr(0, 256));
  std::optional<UserRow> user;
  int64_t address_failures = 0;
  int64_t account_failures = 0;
  {
    PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(anonymous));
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<store::SqlRow> rows,
        tx->Query("SELECT COUNT(*) FROM server_login_failures WHERE address = $1 AND at > $2",
                  {std::string(client_address), now - limits.address_window_seconds}));
    address_failures = rows.empty() ? 0 : SqlInt(rows[0][0]);
    PALERMO_ASSIGN_OR_RETURN(
        rows, tx->Query("SELECT COUNT(*) FROM server_login_failures WHERE account = $1 AND at > $2",
                        {account, now - limits.lockout_seconds}));
    account_failures = rows.empty() ? 0 : SqlInt(rows[0][0]);
    if (ValidateUsername(username).ok()) {
      PALERMO_ASSIGN_OR_RETURN(user, FindUser(*tx, username));
    }
  }
  LoginOutcome outcome;
  if (address_failures >= limits.max_failed_logins_per_address) {
    PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(anonymous));
    PALERMO_RETURN_IF_ERROR(
        tx->Audit("login_throttled", "address", "", "", "too many failed logins from the address"));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
    outcome.kind = LoginOutcome::Kind::kAddressThrottled;
    return outcome;
  }
  // The hash is verified outside any transaction: it takes tens of milliseconds, and 64 MiB,
  // hence the slot. Unknown names cost the same work against a dummy hash.
  const std::string& dummy = DummyHash();  // computed once, under its own slot
  bool password_ok = false;
  {
    const HashSlot slot;
    if (!slot.ok()) return Busy();
    password_ok = user ? VerifyPassword(user->password_hash, password)
                       : (VerifyPassword(dummy, password) && false);
  }

  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(anonymous));
  // The lock state as of now (parallel attempts may have locked the account meanwhile): a
  // right password is not accepted from an account locked while it was being checked.
  bool locked_now = false;
  if (user) {
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<store::SqlRow> rows,
        tx->Query("SELECT locked, locked_until FROM server_users WHERE id = $1", {user->id}));
    if (rows.empty()) {
      user.reset();
      password_ok = false;
    } else {
      user->locked = SqlInt(rows[0][0]) != 0;
      user->locked_until = SqlInt(rows[0][1]);
      locked_now = user->locked || user->locked_until > now;
    }
  }
  if (!user) {
    // An unknown name is "locked" after as many failures as an account would be, so the answer
    // (423) does not tell whether the account exists.
    locked_now = account_failures >= limits.max_failed_logins_per_account;
  }
  if (locked_now) {
    PALERMO_RETURN_IF_ERROR(tx->Audit("login_refused_locked", "user",
                                      user ? std::to_string(user->id) : "", "",
                                      !user          ? "unknown username throttled"
                                      : user->locked ? "account locked"
                                                     : "account locked out"));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
    outcome.kind = LoginOutcome::Kind::kAccountLocked;
    return outcome;
  }
  if (!password_ok) {
    PALERMO_RETURN_IF_ERROR(
        RecordFailure(*tx, limits, user ? &*user : nullptr, account, client_address, now, ""));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
    outcome.kind = LoginOutcome::Kind::kBadCredentials;
    return outcome;
  }
  // The second factor, asked only once the password is right (see internal.h).
  PALERMO_ASSIGN_OR_RETURN(const bool has_mfa, HasMfa(*tx, user->id));
  std::string login_detail;
  if (has_mfa) {
    if (mfa.code.empty()) {
      PALERMO_RETURN_IF_ERROR(tx->Audit("login_mfa_required", "user", std::to_string(user->id), "",
                                        "password right; no second factor given"));
      PALERMO_RETURN_IF_ERROR(tx->Commit());
      outcome.kind = LoginOutcome::Kind::kMfaRequired;
      return outcome;
    }
    PALERMO_ASSIGN_OR_RETURN(const SecondFactor factor,
                             AcceptSecondFactor(*tx, user->id, mfa.code, now));
    if (!factor.accepted) {
      PALERMO_RETURN_IF_ERROR(RecordFailure(*tx, limits, &*user, account, client_address, now,
                                            "wrong or reused second factor; "));
      PALERMO_RETURN_IF_ERROR(tx->Commit());
      outcome.kind = LoginOutcome::Kind::kMfaCodeRejected;
      return outcome;
    }
    login_detail = factor.recovery_code_used
                       ? "recovery code; left: " + std::to_string(factor.recovery_codes_left)
                       : "totp";
  } else if (mfa.enforced_roles != nullptr &&
             std::find(mfa.enforced_roles->begin(), mfa.enforced_roles->end(),
                       ParseRoleCode(user->role).value_or(Role::kAdministrator)) !=
                 mfa.enforced_roles->end()) {
    PALERMO_RETURN_IF_ERROR(tx->Audit("login_refused_mfa_enrolment", "user",
                                      std::to_string(user->id), "",
                                      "role " + user->role + " must use multi-factor login"));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
    outcome.kind = LoginOutcome::Kind::kMfaEnrolmentRequired;
    return outcome;
  }
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("UPDATE server_users SET failed_logins = 0, locked_until = 0 WHERE id = $1",
                  {user->id})
          .status());
  PALERMO_ASSIGN_OR_RETURN(outcome.session, CreateSession(*tx, *user, outcome.token, now));
  PALERMO_RETURN_IF_ERROR(tx->Audit("login", "user", std::to_string(user->id), "", login_detail));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  outcome.kind = LoginOutcome::Kind::kOk;
  return outcome;
}

Result<std::optional<Session>> LookupSession(store::Store& store, const AuthLimits& limits,
                                             std::string_view token, int64_t now) {
  if (token.empty() || token.size() > 128) return std::optional<Session>();
  const std::string token_hash = HashToken(token);
  // Every request comes here: a read transaction, so lookups run in parallel. Only the rare
  // request that must delete the session or refresh last_seen opens a write transaction.
  const store::Actor system{"system", "", "system"};
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.BeginRead(system));
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx->Query("SELECT s.csrf_token, s.created_at, s.last_seen, u.id, u.username, u.role, "
                "u.organisation, u.locked FROM server_sessions s JOIN server_users u "
                "ON u.id = s.user_id WHERE s.token_hash = $1",
                {token_hash}));
  if (rows.empty()) return std::optional<Session>();
  const store::SqlRow& row = rows[0];
  Session s;
  s.token_hash = token_hash;
  s.csrf_token = SqlText(row[0]);
  s.created_at = SqlInt(row[1]);
  s.last_seen = SqlInt(row[2]);
  const bool locked = SqlInt(row[7]) != 0;
  Result<Role> role = ParseRoleCode(SqlText(row[5]));
  const bool expired = now - s.last_seen > limits.session_idle_seconds ||
                       now - s.created_at > limits.session_absolute_seconds;
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  if (expired || locked || !role.ok()) {
    PALERMO_ASSIGN_OR_RETURN(auto write, store.Begin(system));
    PALERMO_RETURN_IF_ERROR(
        write->Execute("DELETE FROM server_sessions WHERE token_hash = $1", {token_hash}).status());
    PALERMO_RETURN_IF_ERROR(write->Commit());
    return std::optional<Session>();
  }
  s.principal = Principal{SqlInt(row[3]), SqlText(row[4]), *role, SqlText(row[6])};
  if (now - s.last_seen >= kLastSeenRefreshSeconds) {
    // Another request may have refreshed it or logged out meanwhile: the update is then a
    // no-op or touches no row, and the session found above is still the one to use.
    PALERMO_ASSIGN_OR_RETURN(auto write, store.Begin(system));
    PALERMO_RETURN_IF_ERROR(
        write->Execute("UPDATE server_sessions SET last_seen = $1 WHERE token_hash = $2",
                       {now, token_hash})
            .status());
    PALERMO_RETURN_IF_ERROR(write->Commit());
    s.last_seen = now;
  }
  return std::optional<Session>(std::move(s));
}

Status Logout(store::Store& store, const Session& session) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(session.principal.actor()));
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("DELETE FROM server_sessions WHERE token_hash = $1", {session.token_hash})
          .status());
  PALERMO_RETURN_IF_ERROR(
      tx->Audit("logout", "user", std::to_string(session.principal.user_id), "", ""));
  return tx->Commit();
}

Result<int64_t> LogoutEverywhere(store::Store& store, const Principal& principal) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(principal.actor()));
  PALERMO_ASSIGN_OR_RETURN(
      int64_t ended,
      tx->Execute("DELETE FROM server_sessions WHERE user_id = $1", {principal.user_id}));
  PALERMO_RETURN_IF_ERROR(tx->Audit("logout_everywhere", "user",
                                    std::to_string(principal.user_id), "",
                                    "sessions ended: " + std::to_string(ended)));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return ended;
}

// ---- Public account administration ---------------------------------------------------------

Status AddUser(store::Store& store, const store::Actor& by, std::string_view username,
               std::string_view password, Role role, std::string_view organisation) {
  PALERMO_RETURN_IF_ERROR(ValidateUsername(username));
  PALERMO_RETURN_IF_ERROR(ValidatePassword(password));
  if (RoleIsOrganisationScoped(role) && organisation.empty()) {
    return Status::InvalidArgument("organisation: required for a case worker");
  }
  if (organisation.size() > 64) return Status::InvalidArgument("organisation: at most 64 characters");
  PALERMO_ASSIGN_OR_RETURN(const std::string hash, HashPassword(password));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(by));
  PALERMO_ASSIGN_OR_RETURN(std::optional<UserRow> existing, FindUser(*tx, username));
  if (existing) return Status::AlreadyExists("username already taken");
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("INSERT INTO server_users (username, password_hash, role, organisation, locked, "
                  "failed_logins, locked_until, created_at) VALUES ($1, $2, $3, $4, 0, 0, 0, $5)",
                  {std::string(username), hash, std::string(RoleCode(role)),
                   std::string(organisation), IsoTimeUtc(Now())})
          .status());
  PALERMO_ASSIGN_OR_RETURN(const int64_t id, tx->LastInsertId());
  PALERMO_RETURN_IF_ERROR(tx->Audit("user_add", "user", std::to_string(id), "",
                                    "role " + std::string(RoleCode(role))));
  return tx->Commit();
}

Status SetPassword(store::Store& store, const store::Actor& by, std::string_view username,
                   std::string_view password) {
  PALERMO_RETURN_IF_ERROR(ValidatePassword(password));
  PALERMO_ASSIGN_OR_RETURN(const std::string hash, HashPassword(password));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(by));
  PALERMO_ASSIGN_OR_RETURN(std::optional<UserRow> user, FindUser(*tx, username));
  if (!user) return Status::NotFound("no such user");
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("UPDATE server_users SET password_hash = $1, failed_logins = 0, "
                  "locked_until = 0 WHERE id = $2",
                  {hash, user->id})
          .status());
  PALERMO_RETURN_IF_ERROR(EndSessionsOf(*tx, user->id));
  PALERMO_RETURN_IF_ERROR(tx->Audit("user_password", "user", std::to_string(user->id), "", ""));
  return tx->Commit();
}

Status SetLocked(store::Store& store, const store::Actor& by, std::string_view username,
                 bool locked) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(by));
  PALERMO_ASSIGN_OR_RETURN(std::optional<UserRow> user, FindUser(*tx, username));
  if (!user) return Status::NotFound("no such user");
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("UPDATE server_users SET locked = $1, failed_logins = 0, locked_until = 0 "
                  "WHERE id = $2",
                  {int64_t{locked ? 1 : 0}, user->id})
          .status());
  if (locked) PALERMO_RETURN_IF_ERROR(EndSessionsOf(*tx, user->id));
  PALERMO_RETURN_IF_ERROR(
      tx->Audit(locked ? "user_lock" : "user_unlock", "user", std::to_string(user->id), "", ""));
  return tx->Commit();
}

Result<std::vector<UserInfo>> ListUsers(store::Store& store, const store::Actor& by) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(by));
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx->Query(std::string("SELECT ") + std::string(kUserColumns) +
                " FROM server_users ORDER BY username"));
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> mfa_rows,
                           tx->Query("SELECT user_id FROM server_mfa"));
  std::vector<int64_t> with_mfa;
  for (const store::SqlRow& row : mfa_rows) with_mfa.push_back(SqlInt(row[0]));
  std::vector<UserInfo> users;
  const int64_t now = Now();
  for (const store::SqlRow& row : rows) {
    const UserRow u = ToUserRow(row);
    UserInfo info;
    info.id = u.id;
    info.username = u.username;
    info.role = ParseRoleCode(u.role).value_or(Role::kCaseWorker);
    info.organisation = u.organisation;
    info.locked = u.locked || u.locked_until > now;
    info.failed_logins = static_cast<int>(u.failed_logins);
    info.created_at = u.created_at;
    info.mfa = std::find(with_mfa.begin(), with_mfa.end(), u.id) != with_mfa.end();
    users.push_back(std::move(info));
  }
  return users;
}

}  // namespace palermo::server
