// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/blind_index.h (internal to the store): the rows of blind_index, keyed hashes of a
// person's normalised identifiers for exact look-ups (store.h FindCasesByIdentifier).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/core.h"
#include "store/crypto.h"
#include "store/store.h"

namespace palermo::store::internal {

// The blind-index entries of one person: (kind, normalised value), empty values skipped.
std::vector<std::pair<IdentifierKind, std::string>> BlindEntries(const DirectIdentifiers& ids);

// A blind-index row: (kind code, keyed hash, person id), the table's key order.
struct BlindRow {
  int64_t kind;
  int64_t hash;
  int64_t person_id;
  auto operator<=>(const BlindRow&) const = default;
};

// Appends the blind-index rows of one person to `out` (BlindEntries, hashed with `keys`).
void AddBlindRows(const Keys& keys, PersonId person_id, const DirectIdentifiers& ids,
                  std::vector<BlindRow>& out);

// At most this many rows per INSERT into blind_index.
inline constexpr size_t kMaxRowsPerInsert = 64;
// "INSERT INTO blind_index (kind, hash, person_id) VALUES ($1, $2, $3), ($4, $5, $6)…" for
// 1..kMaxRowsPerInsert rows.
const std::string& BlindInsertSql(size_t rows);

}  // namespace palermo::store::internal
