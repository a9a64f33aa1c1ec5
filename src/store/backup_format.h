// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/backup_format.h (internal to the store): the bytes of a backup file.
//
//   "PALERMOB" (8) ‖ version (1 byte, 1) ‖ fields length (u32 LE) ‖ fields
//   ‖ secretstream header (24) ‖ chunk* ; chunk = length (u32 LE) ‖ ciphertext
// fields: engine, created_at, store_id, audit_seq (decimal), audit_hash, schema, key_check,
// each a u16 LE length then the bytes. Everything before the secretstream header is the
// associated data of every chunk. The plaintext of the chunks, in order, is one zstd frame of
// the payload (SQLite: the database file; PostgreSQL: pg_dump's custom-format archive); the
// last chunk carries TAG_FINAL and nothing may follow it. Chunks hold at most kChunkBytes of
// plaintext.
//
// The key: crypto_kdf_derive_from_key(32, id 1, context "backup01", master key). key_check is
// the hex of keyed BLAKE2b-128 of "palermo backup key check v1" under it, so a wrong key is
// told apart from a damaged file before any chunk is read.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/core.h"
#include "store/crypto.h"

namespace palermo::store::internal {

inline constexpr std::string_view kBackupMagic = "PALERMOB";
inline constexpr unsigned char kBackupVersion = 1;
inline constexpr size_t kChunkBytes = size_t{1} << 20;

struct BackupHeader {
  std::string engine;
  std::string created_at;
  std::string store_id;
  int64_t audit_seq = 0;
  std::string audit_hash;
  std::string schema;  // PostgreSQL: the schema dumped; empty for SQLite
  std::string key_check;
};

// The backup key, wiped on destruction.
class BackupKey {
 public:
  explicit BackupKey(const Keys& keys);
  ~BackupKey();
  BackupKey(const BackupKey&) = delete;
  BackupKey& operator=(const BackupKey&) = delete;
  const unsigned char* data() const { return key_.data(); }
  std::string Check() const;

 private:
  std::array<unsigned char, 32> key_{};
};

// Compresses and encrypts a payload into a backup file opened for writing at `fd` (not owned).
class BackupWriter {
 public:
  // Writes the header and the secretstream header.
  static Result<std::unique_ptr<BackupWriter>> Start(int fd, const BackupKey& key,
                                                     const BackupHeader& header, Lang lang);
  ~BackupWriter();
  BackupWriter(const BackupWriter&) = delete;
  BackupWriter& operator=(const BackupWriter&) = delete;
  Status Write(std::string_view data);
  // Ends the zstd frame and writes the final chunk. Call once.
  Status Finish();

  struct State;

 private:
  explicit BackupWriter(std::unique_ptr<State> state);
  Status Push(bool final);
  std::unique_ptr<State> state_;
};

// Reads the header of the backup file at `fd` (positioned at its start). kDataLoss (in `lang`)
// if it is not a backup or its header is malformed; kFailedPrecondition for a newer version.
// `raw` receives the header's bytes (the associated data).
Result<BackupHeader> ReadBackupHeader(int fd, std::string& raw, Lang lang);

// Decrypts and decompresses the rest of the file, handing the payload to `sink` in order.
// kDataLoss (in `lang`) if any chunk fails authentication, the file ends before the final chunk
// or has bytes after it, or the zstd frame is incomplete. `sink` may have received part of the
// payload when it fails: write it somewhere temporary.
Status ReadBackupBody(int fd, const BackupKey& key, std::string_view raw_header,
                      const std::function<Status(std::string_view)>& sink, Lang lang);

// Writes all of `data` to `fd`; kUnavailable on an I/O error.
Status WriteAll(int fd, std::string_view data);

}  // namespace palermo::store::internal
