// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/audit_chain.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace palermo::store::internal {
namespace {

void AddField(crypto_generichash_state& state, std::string_view value) {
  unsigned char length[8];
  uint64_t n = value.size();
  for (unsigned char& byte : length) {
    byte = static_cast<unsigned char>(n & 0xff);
    n >>= 8;
  }
  crypto_generichash_update(&state, length, sizeof length);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
}

}  // namespace

std::string AuditHash(const Keys& keys, std::string_view prev_hash_hex, const AuditEntry& entry) {
  constexpr std::string_view kDomain = "palermo audit v1";
  crypto_generichash_state state;
  crypto_generichash_init(&state, keys.audit_key().data(), keys.audit_key().size(),
                          kAuditHashBytes);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kDomain.data()),
                            kDomain.size());
  AddField(state, prev_hash_hex);
  AddField(state, std::to_string(entry.seq));
  AddField(state, entry.at);
  AddField(state, entry.user);
  AddField(state, entry.organisation);
  AddField(state, entry.role);
  AddField(state, entry.action);
  AddField(state, entry.object_type);
  AddField(state, entry.object_id);
  AddField(state, entry.purpose);
  AddField(state, entry.detail);
  std::string out(kAuditHashBytes, '\0');
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return ToHex(out);
}

std::string NowIso8601() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  // An import stamps dozens of entries per millisecond: the text is formatted once per
  // millisecond and thread.
  thread_local int64_t cached_ms = -1;
  thread_local char buf[64];
  if (ms.count() != cached_ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms.count() % 1000 + 1000) % 1000);
    cached_ms = ms.count();
  }
  return buf;
}

}  // namespace palermo::store::internal
