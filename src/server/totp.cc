// HOTP/TOTP and Base32 (totp.h). HMAC-SHA1 comes from OpenSSL's libcrypto: libsodium has no
// SHA-1, and SHA-1 is what every authenticator app computes by default.
#include "server/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <cctype>

namespace palermo::server::totp {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
  const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (u >= 'A' && u <= 'Z') return u - 'A';
  if (u >= '2' && u <= '7') return u - '2' + 26;
  return -1;
}

uint32_t Pow10(int digits) {
  uint32_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (const char c : text) {
    if (c == ' ' || c == '=') continue;
    const int v = Base32Value(c);
    if (v < 0) return Status::InvalidArgument("Base32: unexpected character");
    ++symbols;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  // 1, 3 and 6 symbols past a multiple of 8 are never produced by an encoder.
  const size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return Status::InvalidArgument("Base32: bad length");
  return out;
}

std::string HotpCode(std::string_view key, uint64_t counter, int digits) {
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<size_t>(i)] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
       mac.data(), &mac_len);
  // RFC 4226 §5.3 dynamic truncation.
  const size_t offset = mac[19] & 0x0F;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7F) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  sodium_memzero(mac.data(), mac.size());
  std::string code = std::to_string(binary % Pow10(digits));
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

int64_t TotpStep(int64_t unix_seconds, int period_seconds) {
  return unix_seconds <= 0 ? 0 : unix_seconds / period_seconds;
}

std::string TotpCode(std::string_view key, int64_t unix_seconds, int digits, int period_seconds) {
  return HotpCode(key, static_cast<uint64_t>(TotpStep(unix_seconds, period_seconds)), digits);
}

std::optional<int64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_seconds,
                                 int64_t after_step) {
  if (code.size() != static_cast<size_t>(kDigits)) return std::nullopt;
  for (const char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int64_t now_step = TotpStep(unix_seconds);
  std::optional<int64_t> matched;
  // Every candidate is computed and compared, so the time taken does not tell which matched.
  for (int64_t step = now_step - kDriftSteps; step <= now_step + kDriftSteps; ++step) {
    if (step < 0) continue;
    const std::string expected = HotpCode(key, static_cast<uint64_t>(step));
    const bool equal = sodium_memcmp(expected.data(), code.data(), code.size()) == 0;
    if (equal && step > after_step && !matched) matched = step;
  }
  return matched;
}

Result<std::string> RandomTotpSecret() {
  if (sodium_init() < 0) return Status::Internal("libsodium could not be initialised");
  std::string key(static_cast<size_t>(kSecretBytes), '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string OtpauthUri(std::string_view username, std::string_view key) {
  std::string user;
  for (const char c : username) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') {
      user += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      user += '%';
      user += kHex[static_cast<unsigned char>(c) >> 4];
      user += kHex[static_cast<unsigned char>(c) & 15];
    }
  }
  return "otpauth://totp/Palermo:" + user + "?secret=" + Base32Encode(key) +
         "&issuer=Palermo&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kPeriodSeconds);
}

}  // namespace palermo::server::totp
