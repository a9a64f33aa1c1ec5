// SPDX-License-Identifier: AGPL-3.0-or-later
// src/exchange/envelope.h (internal to the exchange module): the authenticated envelope every
// packet travels in. No store, no case: bytes and keys only, so it is tested alone.
//
// Format "palermo-exchange/1", one JSON object:
//   {"format", "kind", "id", "from", "to", "created", "expires",
//    "ephemeral_key", "nonce", "ciphertext", "signature"}
// * Encryption to the recipient: a fresh X25519 key pair per packet; the shared secret with the
//   recipient's X25519 public key, hashed (BLAKE2b-256, keyed by the secret, over both public
//   keys) into an XChaCha20-Poly1305 key. Every header field is the AEAD's associated data, so
//   a changed header does not decrypt.
// * Signature by the sender: Ed25519 over the header fields and the ciphertext, so the sender,
//   the recipient, the id and both times are bound to the content; a packet re-addressed or
//   re-dated by anyone but the sender fails verification.
// Names, dates and documents exist only inside the ciphertext.
#pragma once

#include <string>
#include <string_view>

#include "core/core.h"

namespace palermo::exchange::internal {

inline constexpr std::string_view kEnvelopeFormat = "palermo-exchange/1";
inline constexpr size_t kMaxPacketBytes = 4 << 20;  // a packet larger than this is refused

struct Header {
  std::string kind;  // "case", "withdrawal", "query", "answer"
  std::string id;    // 32 hex characters, random
  std::string from;  // organisation codes
  std::string to;
  std::string created;  // ISO 8601 UTC "2026-12-07T22:00:00Z"
  std::string expires;
};

// Raw key bytes (libsodium sizes: signing secret 64, public 32; X25519 secret and public 32).
struct SealKeys {
  std::string sender_signing_secret;
  std::string recipient_encryption_public;
};
struct OpenKeys {
  std::string sender_signing_public;
  std::string own_encryption_secret;
  std::string own_encryption_public;
};

// The envelope's bytes for `body` (any bytes; a JSON document in practice).
Result<std::string> Seal(const Header& header, std::string_view body, const SealKeys& keys);
// The header, read but NOT verified: only to find the sender's keys. kInvalidArgument when the
// bytes are not an envelope of this format (too large, not JSON, a field missing or mistyped).
Result<Header> PeekHeader(std::string_view packet);
// Verifies the signature with the sender's key, then decrypts. kUnauthenticated when the
// signature does not verify or the ciphertext does not open (altered, or not for these keys).
Result<std::string> Open(std::string_view packet, const OpenKeys& keys);

// Base64 (RFC 4648, padded) and back; kInvalidArgument for bad text.
std::string ToBase64(std::string_view bytes);
Result<std::string> FromBase64(std::string_view text);
// 32 random hex characters.
std::string RandomId();
// Hex BLAKE2b-160 of the two public keys, in groups of four: what partners compare by phone.
std::string Fingerprint(std::string_view signing_public, std::string_view encryption_public);

}  // namespace palermo::exchange::internal
