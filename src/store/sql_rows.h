// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/sql_rows.h (internal to the store): values of the store's own rows: conversions from
// SqlValue, the sealing contexts, the codes of identifier kinds and the checks on text written
// to plain columns. Shared by the files that implement the Store over a Connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/core.h"
#include "store/connection.h"
#include "store/store.h"

namespace palermo::store::internal {

// Rows read per page by the walks over whole tables (audit verification, key rotation).
inline constexpr int64_t kPageRows = 2000;
inline constexpr int kMaxPageCases = 1000;  // Transaction::ListCasesPage

inline std::string_view AsText(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}
inline int64_t AsInt(const SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  return 0;
}
inline bool IsNull(const SqlValue& v) { return std::holds_alternative<std::monostate>(v); }

inline Param TextOrNull(const std::optional<std::string>& s) {
  if (!s) return std::monostate{};
  return std::string_view(*s);
}

inline std::optional<std::string> DateText(const std::optional<PartialDate>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

// kDataLoss naming `column` if a stored date does not parse.
Result<std::optional<PartialDate>> ParseDateColumn(const SqlValue& v, std::string_view column);

// Stored in blind_index.kind; part of the schema, never renumber.
int64_t IdentifierKindCode(IdentifierKind kind);

// Sealing contexts of the store's own sealed values (NotesContext: sql_store.h).
std::string PersonContext(int64_t person_id);
std::string QuarantineContext(int64_t id);

// A case's list of codes in one text column, '|'-separated.
std::string JoinCodes(const std::vector<std::string>& values);
std::vector<std::string> SplitCodes(std::string_view text);

// Plain-text columns must be valid UTF-8 on both engines (PostgreSQL rejects anything else).
Status CheckText(std::string_view value, std::string_view field);
// Every plain text of a case, and its keys (agency, local id, content hash) present.
Status CheckCaseText(const CaseRecord& r, std::string_view content_hash);

void RemoveFile(const std::string& path);  // errors ignored
bool FileExists(const std::string& path);

}  // namespace palermo::store::internal
