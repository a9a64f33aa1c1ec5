// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/content_hash.h (internal to the store): what the database keeps of a record's
// content digest.
//
// The importer hands the store a digest of each source record (ingest::ContentHash). That
// digest is unkeyed: anyone who can guess a record (a name, a birth date) can compute it, so
// the database never holds it in clear. Each case and quarantine entry keeps instead
//   content_hash    Keys::ContentHash(digest), "k1:" + 32 hex digits: a keyed hash, compared to
//                   recognise a re-imported record;
//   content_key     ContentKey(content_hash), the indexed 63-bit key (case_record only);
//   content_sealed  the digest sealed under ContentContext(content_hash), so that RotateKey can
//                   recompute content_hash under the new key (nothing else reads it).
// A local id the importer generates for a record without one is 64 bits of the keyed hash
// (GeneratedLocalId): stable for a given key, meaningless without it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/core.h"
#include "store/connection.h"
#include "store/crypto.h"

namespace palermo::store::internal {

struct KeyedContent {
  std::string hash;    // content_hash
  int64_t key = 0;     // content_key
  std::string sealed;  // content_sealed
};
KeyedContent KeyContent(const Keys& keys, std::string_view digest, NonceSequence& nonces);

// The sealing context of content_sealed: bound to the keyed hash beside it.
std::string ContentContext(std::string_view keyed_hash);

// "h:" + the first 16 hex digits of a keyed hash.
std::string GeneratedLocalId(std::string_view keyed_hash);

// Store v4, run once by Open after the key is checked (meta 'content_hash_rekey' marks it as
// due; removed when done): every content hash an older palermo stored in clear is replaced by
// Keys::ContentHash of it (the raw rows are not kept, so the old value is the digest; a
// re-import of the same file computes the same keyed value), and a local id that the importer
// had generated from the old hash ("h:" + 16 of its hex digits) by GeneratedLocalId of the new
// one, the case notes being resealed under their new context. No unkeyed value remains.
// REQUIRES: a migration transaction on `conn`, `keys` matching the database.
Status KeyLegacyContentHashes(Connection& conn, const Keys& keys);

// Key rotation: recomputes content_hash, content_key and content_sealed of every case and
// quarantine entry under `next`. kDataLoss if a sealed digest does not open under `current`.
// REQUIRES: an open write transaction on `conn`.
Status RekeyContentHashes(Connection& conn, const Keys& current, const Keys& next);

}  // namespace palermo::store::internal
