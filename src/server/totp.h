// src/server/totp.h: one-time passwords for the second login factor, as authenticator apps
// compute them. HOTP (RFC 4226): HMAC-SHA1 of an 8-byte big-endian counter, dynamic truncation,
// the last `digits` decimal digits. TOTP (RFC 6238): HOTP with the counter
// floor(unix_seconds / period). Base32 (RFC 4648 §6, upper case, no padding) carries the secret
// in the otpauth:// URI.
//
// Pure functions: the time is passed in (no clock here), so tests never sleep.
//   const std::string key = "12345678901234567890";              // RFC 6238's test key
//   std::string code = TotpCode(key, /*unix_seconds=*/59);       // "287082"
//   std::optional<int64_t> step = MatchTotp(key, code, 59, /*after_step=*/-1);  // 1
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/core.h"

namespace palermo::server::totp {

inline constexpr int kDigits = 6;
inline constexpr int kPeriodSeconds = 30;
inline constexpr int kSecretBytes = 20;  // RFC 4226 §4 recommends 160 bits
// Codes of the step before and after the current one are accepted too (RFC 6238 §5.2: one
// step of clock drift either way).
inline constexpr int kDriftSteps = 1;

// RFC 4648 Base32, upper case, without '=' padding.
std::string Base32Encode(std::string_view bytes);
// Accepts upper or lower case, ignores spaces and '=' padding. kInvalidArgument for any other
// character or a length no encoder produces.
Result<std::string> Base32Decode(std::string_view text);

// The HOTP value of `key` and `counter` with `digits` (6 to 8) digits, zero-padded.
std::string HotpCode(std::string_view key, uint64_t counter, int digits = kDigits);
// The time step of `unix_seconds` (negative times give step 0).
int64_t TotpStep(int64_t unix_seconds, int period_seconds = kPeriodSeconds);
// The TOTP code valid at `unix_seconds`.
std::string TotpCode(std::string_view key, int64_t unix_seconds, int digits = kDigits,
                     int period_seconds = kPeriodSeconds);

// The time step whose code `code` is, among the current step ± kDriftSteps and only among
// steps greater than `after_step` (the last step already accepted: a code is good once), or
// nullopt. Codes are compared in constant time; anything but exactly kDigits digits is refused.
std::optional<int64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_seconds,
                                 int64_t after_step);

// 20 bytes from libsodium's randombytes. kInternal if libsodium cannot be initialised.
Result<std::string> RandomTotpSecret();
// The enrolment URI for authenticator apps (Key Uri Format):
// otpauth://totp/Palermo:USER?secret=BASE32&issuer=Palermo&algorithm=SHA1&digits=6&period=30.
// USER is percent-encoded outside [A-Za-z0-9._-] (usernames never need it).
std::string OtpauthUri(std::string_view username, std::string_view key);

}  // namespace palermo::server::totp
