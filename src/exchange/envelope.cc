// SPDX-License-Identifier: AGPL-3.0-or-later
// The packet envelope (envelope.h): X25519 + XChaCha20-Poly1305 to the recipient, Ed25519 by
// the sender, all from libsodium.
#include "exchange/envelope.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace palermo::exchange::internal {
namespace {

using json = nlohmann::json;

const char* const kHeaderFields[] = {"format", "kind", "id", "from", "to", "created", "expires",
                                     "ephemeral_key", "nonce", "ciphertext", "signature"};

// The associated data: every header field, each length-prefixed so no two headers give the
// same bytes.
std::string HeaderBytes(const Header& h, std::string_view ephemeral_b64, std::string_view nonce_b64) {
  std::string out;
  for (std::string_view part : {kEnvelopeFormat, std::string_view(h.kind), std::string_view(h.id),
                                std::string_view(h.from), std::string_view(h.to),
                                std::string_view(h.created), std::string_view(h.expires),
                                ephemeral_b64, nonce_b64}) {
    out += std::to_string(part.size());
    out += ':';
    out += part;
    out += '\n';
  }
  return out;
}

std::string SignedBytes(std::string_view header_bytes, std::string_view ciphertext_b64) {
  std::string out(header_bytes);
  out += ciphertext_b64;
  return out;
}

// The AEAD key from the X25519 shared secret and both public keys.
Status DeriveKey(const unsigned char* shared, std::string_view ephemeral_public,
                 std::string_view recipient_public, unsigned char* key) {
  std::string both(ephemeral_public);
  both += recipient_public;
  if (crypto_generichash(key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
                         reinterpret_cast<const unsigned char*>(both.data()), both.size(), shared,
                         crypto_scalarmult_BYTES) != 0)
    return Status::Internal("key derivation failed");
  return Status::Ok();
}

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

struct Parsed {
  Header header;
  std::string ephemeral_b64, nonce_b64, ciphertext_b64, signature_b64;
};

Result<Parsed> Parse(std::string_view packet) {
  const Status bad = Status::InvalidArgument(
      "not a Palermo exchange packet (expected a JSON envelope of format palermo-exchange/1)");
  if (packet.size() > kMaxPacketBytes)
    return Status::InvalidArgument("packet larger than " + std::to_string(kMaxPacketBytes >> 20) +
                                   " MiB");
  if (JsonNestingBeyond(packet, 4)) return bad;
  const json j = json::parse(packet, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return bad;
  for (const char* f : kHeaderFields)
    if (!j.contains(f) || !j[f].is_string()) return bad;
  if (j.size() != std::size(kHeaderFields)) return bad;
  if (j["format"].get<std::string>() != kEnvelopeFormat)
    return Status::InvalidArgument("unsupported packet format \"" +
                                   j["format"].get<std::string>().substr(0, 40) + "\"");
  Parsed p;
  p.header = {j["kind"], j["id"], j["from"], j["to"], j["created"], j["expires"]};
  p.ephemeral_b64 = j["ephemeral_key"];
  p.nonce_b64 = j["nonce"];
  p.ciphertext_b64 = j["ciphertext"];
  p.signature_b64 = j["signature"];
  return p;
}

}  // namespace

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), U(bytes), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> FromBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return Status::InvalidArgument("not base64");
  out.resize(len);
  return out;
}

std::string RandomId() {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

std::string Fingerprint(std::string_view signing_public, std::string_view encryption_public) {
  std::string both(signing_public);
  both += encryption_public;
  unsigned char digest[20];
  crypto_generichash(digest, sizeof digest, U(both), both.size(), nullptr, 0);
  char hex[41];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  std::string out;
  for (int i = 0; i < 40; i += 4) {
    if (i) out += ' ';
    out.append(hex + i, 4);
  }
  return out;
}

Result<std::string> Seal(const Header& header, std::string_view body, const SealKeys& keys) {
  if (keys.sender_signing_secret.size() != crypto_sign_SECRETKEYBYTES ||
      keys.recipient_encryption_public.size() != crypto_box_PUBLICKEYBYTES)
    return Status::InvalidArgument("exchange keys of the wrong size");
  if (body.size() > kMaxPacketBytes / 2)
    return Status::InvalidArgument("packet content too large");
  unsigned char eph_public[crypto_box_PUBLICKEYBYTES], eph_secret[crypto_box_SECRETKEYBYTES];
  crypto_box_keypair(eph_public, eph_secret);
  unsigned char shared[crypto_scalarmult_BYTES];
  const int dh = crypto_scalarmult(shared, eph_secret, U(keys.recipient_encryption_public));
  sodium_memzero(eph_secret, sizeof eph_secret);
  if (dh != 0) return Status::InvalidArgument("the recipient's encryption key is not usable");
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  const std::string eph(reinterpret_cast<const char*>(eph_public), sizeof eph_public);
  Status derived = DeriveKey(shared, eph, keys.recipient_encryption_public, key);
  sodium_memzero(shared, sizeof shared);
  PALERMO_RETURN_IF_ERROR(derived);
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  randombytes_buf(nonce, sizeof nonce);
  const std::string eph_b64 = ToBase64(eph);
  const std::string nonce_b64 =
      ToBase64(std::string_view(reinterpret_cast<const char*>(nonce), sizeof nonce));
  const std::string ad = HeaderBytes(header, eph_b64, nonce_b64);
  std::string cipher(body.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long cipher_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(cipher.data()),
                                             &cipher_len, U(body), body.size(), U(ad), ad.size(),
                                             nullptr, nonce, key);
  sodium_memzero(key, sizeof key);
  cipher.resize(cipher_len);
  const std::string cipher_b64 = ToBase64(cipher);
  const std::string to_sign = SignedBytes(ad, cipher_b64);
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, U(to_sign), to_sign.size(),
                       U(keys.sender_signing_secret));
  json j = json::object();
  j["format"] = kEnvelopeFormat;
  j["kind"] = header.kind;
  j["id"] = header.id;
  j["from"] = header.from;
  j["to"] = header.to;
  j["created"] = header.created;
  j["expires"] = header.expires;
  j["ephemeral_key"] = eph_b64;
  j["nonce"] = nonce_b64;
  j["ciphertext"] = cipher_b64;
  j["signature"] =
      ToBase64(std::string_view(reinterpret_cast<const char*>(signature), sizeof signature));
  return j.dump(1) + "\n";
}

Result<Header> PeekHeader(std::string_view packet) {
  PALERMO_ASSIGN_OR_RETURN(Parsed p, Parse(packet));
  return p.header;
}

Result<std::string> Open(std::string_view packet, const OpenKeys& keys) {
  PALERMO_ASSIGN_OR_RETURN(const Parsed p, Parse(packet));
  if (keys.sender_signing_public.size() != crypto_sign_PUBLICKEYBYTES ||
      keys.own_encryption_secret.size() != crypto_box_SECRETKEYBYTES ||
      keys.own_encryption_public.size() != crypto_box_PUBLICKEYBYTES)
    return Status::InvalidArgument("exchange keys of the wrong size");
  const Status forged = Status::Unauthenticated(
      "the packet's signature does not verify with the sender's key: it was altered or is not "
      "from " +
      p.header.from);
  Result<std::string> signature = FromBase64(p.signature_b64);
  if (!signature.ok() || signature->size() != crypto_sign_BYTES) return forged;
  const std::string ad = HeaderBytes(p.header, p.ephemeral_b64, p.nonce_b64);
  const std::string signed_bytes = SignedBytes(ad, p.ciphertext_b64);
  if (crypto_sign_verify_detached(U(*signature), U(signed_bytes), signed_bytes.size(),
                                  U(keys.sender_signing_public)) != 0)
    return forged;
  const Status unreadable = Status::Unauthenticated(
      "the packet does not decrypt with this installation's key (made for another recipient?)");
  Result<std::string> eph = FromBase64(p.ephemeral_b64);
  Result<std::string> nonce = FromBase64(p.nonce_b64);
  Result<std::string> cipher = FromBase64(p.ciphertext_b64);
  if (!eph.ok() || eph->size() != crypto_box_PUBLICKEYBYTES || !nonce.ok() ||
      nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || !cipher.ok() ||
      cipher->size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return unreadable;
  unsigned char shared[crypto_scalarmult_BYTES];
  if (crypto_scalarmult(shared, U(keys.own_encryption_secret), U(*eph)) != 0) return unreadable;
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  Status derived = DeriveKey(shared, *eph, keys.own_encryption_public, key);
  sodium_memzero(shared, sizeof shared);
  PALERMO_RETURN_IF_ERROR(derived);
  std::string plain(cipher->size(), '\0');
  unsigned long long plain_len = 0;
  const int opened = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, U(*cipher),
      cipher->size(), U(ad), ad.size(), U(*nonce), key);
  sodium_memzero(key, sizeof key);
  if (opened != 0) return unreadable;
  plain.resize(plain_len);
  return plain;
}

}  // namespace palermo::exchange::internal
