// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/crypto.h (internal to the store): the key file and what is derived from it.
//
// One 32-byte master key (the key file) gives five subkeys through crypto_kdf_derive_from_key
// (libsodium, BLAKE2b-based KDF; context "palermo1"):
//   1 sealing      XChaCha20-Poly1305 IETF, `context` as associated data; the 24-byte nonce is
//                  random, or for bulk sealing (NonceSequence) a random 16-byte prefix drawn
//                  once per sequence followed by a 64-bit counter
//   2 blind index  keyed BLAKE2b of kind ‖ normalised value, first 64 bits as a signed integer
//   3 audit MAC    keyed BLAKE2b-256 over the audit chain (audit_chain.h)
//   4 key check    keyed BLAKE2b-256 of a fixed label, stored in meta so a wrong key is told
//                  apart from a damaged database at Open.
//   5 content hash keyed BLAKE2b-128 of the importer's digest of a source record (ContentHash):
//                  what the database keeps to recognise a re-imported record. Without the key
//                  a dictionary of candidate records cannot be matched against it.
// Sealed format: 0xFE (format v1; never valid UTF-8, so a sealed value is always told apart
// from text) ‖ nonce (24) ‖ ciphertext ‖ tag (16).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/core.h"

namespace palermo::store::internal {

inline constexpr size_t kMasterKeyBytes = 32;
inline constexpr size_t kBlindHashBytes = 8;
inline constexpr size_t kAuditHashBytes = 32;
inline constexpr unsigned char kSealedFormatV1 = 0xFE;

// Nonces for many Seal calls from one thread: a random 16-byte prefix drawn when the sequence
// is made, then a 64-bit counter. Nonces of one sequence never repeat; two sequences share a
// prefix with probability 2^-128 per pair, as safe under one key as 24 random bytes per seal
// for any number of seals a store can hold. It spares the bulk path a getrandom system call
// per seal (about 1.7 s of CPU in a million-row import). Not thread-safe; do not copy one into
// a forked process (the copy would repeat the parent's nonces): keep it in an object whose
// life is one transaction, like the import's crypto lane.
class NonceSequence {
 public:
  static constexpr size_t kBytes = 24;
  NonceSequence();
  NonceSequence(const NonceSequence&) = delete;
  NonceSequence& operator=(const NonceSequence&) = delete;
  // Writes the next nonce into out[0..kBytes).
  void Next(unsigned char* out);

 private:
  std::array<unsigned char, 16> prefix_{};
  uint64_t counter_ = 0;
};

// Keys derived from one master key. Not copyable; every key byte is wiped (sodium_memzero)
// on destruction. Thread-safe: all methods are const and use no shared state.
class Keys {
 public:
  using Key = std::array<unsigned char, 32>;

  static std::unique_ptr<Keys> Generate();
  static std::unique_ptr<Keys> FromMaster(const Key& master);

  // Only Generate and FromMaster can name Passkey, so only they construct Keys.
  class Passkey {
    friend class Keys;
    Passkey() = default;
  };
  explicit Keys(Passkey) {}
  ~Keys();
  Keys(const Keys&) = delete;
  Keys& operator=(const Keys&) = delete;

  const Key& master() const { return master_; }

  std::string Seal(std::string_view plaintext, std::string_view context) const;
  // The same sealed format, with the nonce taken from `nonces` instead of drawn at random.
  std::string Seal(std::string_view plaintext, std::string_view context,
                   NonceSequence& nonces) const;
  // kDataLoss if `sealed` was altered, belongs to another context, or was sealed under
  // another key. The message names neither the plaintext nor the context.
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;

  // `kind` separates index kinds so equal values of two kinds never collide.
  int64_t BlindHash(int kind, std::string_view normalised) const;
  // "k1:" + 32 hex digits: keyed BLAKE2b-128 of `digest` (the caller's digest of a record's
  // content, which is never stored itself).
  std::string ContentHash(std::string_view digest) const;
  // Hex of the key check value stored in meta.
  std::string CheckValue() const;
  const Key& audit_key() const { return audit_; }

 private:
  void Derive();
  Key master_{};
  Key seal_{};
  Key blind_{};
  Key audit_{};
  Key check_{};
  Key content_{};
};

// Reads a key file. kFailedPrecondition if it is missing (with the `palermo init` hint) or
// readable/writable by group or others (with the chmod hint); kDataLoss if it does not hold
// exactly 32 bytes.
Result<std::unique_ptr<Keys>> LoadKeyFile(const std::string& path);
// Writes the master key to `path` with mode 0600 and fsyncs it and its directory. With
// `exclusive`, kAlreadyExists if the file exists; otherwise an existing file is replaced.
Status WriteKeyFile(const std::string& path, const Keys& keys, bool exclusive);
// fsyncs the directory holding `path` (after a rename).
Status SyncParentDir(const std::string& path);

std::string ToHex(std::string_view bytes);

}  // namespace palermo::store::internal
