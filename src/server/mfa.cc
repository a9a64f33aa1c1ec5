// The second login factor (server.h EnableMfa/ResetMfa, internal.h SecondFactorAccepted).
//
// Per account, a row of server_mfa means MFA is on: the TOTP secret sealed with the store key
// (context "server_mfa.secret:<user id>", declared as a sealed column so `palermo key rotate`
// re-encrypts it) and the last time step accepted, so a code is good once. Recovery codes are
// kept only as BLAKE2b hashes (of the user id and the code: 80 random bits each, beyond any
// dictionary); using one deletes its row in the login's transaction, so two logins racing with
// the same code cannot both succeed (the second DELETE finds nothing on either engine).
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include "server/internal.h"
#include "server/sql_util.h"
#include "server/totp.h"

namespace palermo::server {
namespace {

constexpr int kRecoveryCodes = 10;
constexpr size_t kRecoveryCodeBytes = 10;  // 80 bits: 16 Base32 symbols
constexpr std::string_view kSecretContext = "server_mfa.secret:";

std::string SecretContext(int64_t user_id) {
  return std::string(kSecretContext) + std::to_string(user_id);
}

// Upper case, without the '-' and spaces people type or copy between groups.
std::string NormaliseRecoveryCode(std::string_view code) {
  std::string out;
  for (const char c : code.substr(0, 64)) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string RecoveryCodeHash(int64_t user_id, std::string_view code) {
  return HashToken("palermo mfa recovery " + std::to_string(user_id) + " " +
                   NormaliseRecoveryCode(code));
}

// "ABCD-EFGH-IJKL-MNOP" from 10 random bytes.
std::string NewRecoveryCode() {
  std::string bytes(kRecoveryCodeBytes, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  const std::string symbols = totp::Base32Encode(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  std::string out;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += symbols[i];
  }
  return out;
}

Result<int64_t> UserIdOf(store::Transaction& tx, std::string_view username) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT id FROM server_users WHERE username = $1", {std::string(username)}));
  if (rows.empty()) return Status::NotFound("no such user");
  return SqlInt(rows[0][0]);
}

}  // namespace

void RegisterMfaMigrations() {
  store::RegisterSealedColumn({"server_mfa", "user_id", "secret_sealed", std::string(kSecretContext)});
  // Its own module, so it never collides with another change to the "server" tables.
  store::RegisterMigration(store::Migration{
      .module = "server_mfa",
      .version = 1,
      .sql = "CREATE TABLE server_mfa ("
             " user_id BIGINT PRIMARY KEY,"
             " secret_sealed {{blob}} NOT NULL,"
             " last_step BIGINT NOT NULL,"
             " enabled_at TEXT NOT NULL);"
             "CREATE TABLE server_mfa_recovery ("
             " id {{id}},"
             " user_id BIGINT NOT NULL,"
             " code_hash TEXT NOT NULL);"
             "CREATE INDEX server_mfa_recovery_user ON server_mfa_recovery (user_id, code_hash)"});
}

Result<MfaEnrolment> EnableMfa(store::Store& store, const store::Actor& by,
                               std::string_view username) {
  if (sodium_init() < 0) return Status::Internal("libsodium could not be initialised");
  PALERMO_ASSIGN_OR_RETURN(std::string secret, totp::RandomTotpSecret());
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(by));
  PALERMO_ASSIGN_OR_RETURN(const int64_t user_id, UserIdOf(*tx, username));
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx->Query("SELECT COUNT(*) FROM server_mfa WHERE user_id = $1", {user_id}));
  if (!rows.empty() && SqlInt(rows[0][0]) > 0) {
    return Status::AlreadyExists(
        "multi-factor login is already on for this account; `palermo user mfa reset` first");
  }
  PALERMO_ASSIGN_OR_RETURN(const std::string sealed, tx->Seal(secret, SecretContext(user_id)));
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("INSERT INTO server_mfa (user_id, secret_sealed, last_step, enabled_at) "
                  "VALUES ($1, $2, $3, $4)",
                  {user_id, sealed, int64_t{-1}, IsoTimeUtc(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count())})
          .status());
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("DELETE FROM server_mfa_recovery WHERE user_id = $1", {user_id}).status());
  MfaEnrolment enrolment;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    enrolment.recovery_codes.push_back(NewRecoveryCode());
    PALERMO_RETURN_IF_ERROR(
        tx->Execute("INSERT INTO server_mfa_recovery (user_id, code_hash) VALUES ($1, $2)",
                    {user_id, RecoveryCodeHash(user_id, enrolment.recovery_codes.back())})
            .status());
  }
  // Sessions opened with the password alone end: from now on a login needs the second factor.
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("DELETE FROM server_sessions WHERE user_id = $1", {user_id}).status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("user_mfa_enable", "user", std::to_string(user_id), "",
                                    "totp; recovery codes: " + std::to_string(kRecoveryCodes)));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  enrolment.uri = totp::OtpauthUri(username, secret);
  sodium_memzero(secret.data(), secret.size());
  return enrolment;
}

Status ResetMfa(store::Store& store, const store::Actor& by, std::string_view username) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(by));
  PALERMO_ASSIGN_OR_RETURN(const int64_t user_id, UserIdOf(*tx, username));
  PALERMO_ASSIGN_OR_RETURN(const int64_t removed,
                           tx->Execute("DELETE FROM server_mfa WHERE user_id = $1", {user_id}));
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("DELETE FROM server_mfa_recovery WHERE user_id = $1", {user_id}).status());
  // A reset usually follows a lost or stolen device: whatever it opened ends too.
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("DELETE FROM server_sessions WHERE user_id = $1", {user_id}).status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("user_mfa_reset", "user", std::to_string(user_id), "",
                                    removed > 0 ? "totp removed" : "multi-factor login was off"));
  return tx->Commit();
}

Result<bool> HasMfa(store::Transaction& tx, int64_t user_id) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT COUNT(*) FROM server_mfa WHERE user_id = $1", {user_id}));
  return !rows.empty() && SqlInt(rows[0][0]) > 0;
}

Result<SecondFactor> AcceptSecondFactor(store::Transaction& tx, int64_t user_id,
                                        std::string_view code, int64_t now) {
  SecondFactor result;
  if (code.empty() || code.size() > 64) return result;
  const bool looks_like_totp =
      code.size() == static_cast<size_t>(totp::kDigits) &&
      std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (looks_like_totp) {
    PALERMO_ASSIGN_OR_RETURN(
        std::vector<store::SqlRow> rows,
        tx.Query("SELECT secret_sealed, last_step FROM server_mfa WHERE user_id = $1", {user_id}));
    if (rows.empty()) return result;
    PALERMO_ASSIGN_OR_RETURN(std::string secret,
                             tx.Open(SqlText(rows[0][0]), SecretContext(user_id)));
    const std::optional<int64_t> step = totp::MatchTotp(secret, code, now, SqlInt(rows[0][1]));
    sodium_memzero(secret.data(), secret.size());
    if (!step) return result;
    // Only if no other login recorded this step (or a later one) meanwhile: a code is good once.
    PALERMO_ASSIGN_OR_RETURN(
        const int64_t updated,
        tx.Execute("UPDATE server_mfa SET last_step = $1 WHERE user_id = $2 AND last_step < $1",
                   {*step, user_id}));
    result.accepted = updated == 1;
    return result;
  }
  PALERMO_ASSIGN_OR_RETURN(
      const int64_t consumed,
      tx.Execute("DELETE FROM server_mfa_recovery WHERE user_id = $1 AND code_hash = $2",
                 {user_id, RecoveryCodeHash(user_id, code)}));
  if (consumed != 1) return result;
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT COUNT(*) FROM server_mfa_recovery WHERE user_id = $1", {user_id}));
  result.accepted = true;
  result.recovery_code_used = true;
  result.recovery_codes_left = rows.empty() ? 0 : SqlInt(rows[0][0]);
  return result;
}

}  // namespace palermo::server
