// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/audit_chain.h (internal to the store): the audit log's hash chain.
//
//   hash(n) = BLAKE2b-256 keyed with the audit subkey (crypto.h) over
//             "palermo audit v1" ‖ field(hash(n-1) as hex) ‖ field(seq) ‖ field(at) ‖ field(user)
//             ‖ field(organisation) ‖ field(role) ‖ field(action) ‖ field(object_type)
//             ‖ field(object_id) ‖ field(purpose) ‖ field(detail)
//   field(x) = 8-byte little-endian length of x ‖ x;  hash(0) = "" (empty text).
// Length prefixes make the serialisation injective: no two different entries hash the same
// bytes. Chaining over the previous hash means an edit, insertion, deletion or reordering breaks
// every later link, and the key means nobody without the key file can recompute the chain.
#pragma once

#include <string>
#include <string_view>

#include "store/crypto.h"
#include "store/store.h"

namespace palermo::store::internal {

// Hex of hash(n) for `entry` (its `hash` member is ignored) following `prev_hash_hex`.
std::string AuditHash(const Keys& keys, std::string_view prev_hash_hex, const AuditEntry& entry);

// "2026-11-23T09:14:28.123Z" for now.
std::string NowIso8601();

}  // namespace palermo::store::internal
