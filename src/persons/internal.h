// SPDX-License-Identifier: AGPL-3.0-or-later
// src/persons/internal.h: what the persons module's files share. Internal.
#pragma once

#include <string>
#include <vector>

#include "persons/persons.h"

namespace palermo::persons::internal {

inline int64_t Int(const store::SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return 0;
}
inline double Real(const store::SqlValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return 0;
}
inline std::string Str(const store::SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "";
}

// Current UTC time, ISO 8601 ("2026-12-07T13:02:11Z").
std::string NowUtc();

// The cases the link engine reads, one SourceTable per agency, rows in case order.
struct LinkInput {
  std::vector<link::SourceTable> tables;
  std::vector<std::vector<CaseId>> case_ids;  // per table, per row
  std::vector<std::string> fingerprints;      // per case, in table/row order
};
// Builds the engine's tables from cases read with identifiers. The fingerprint digests the
// values linkage reads, so a run can tell which cases changed since they were linked.
LinkInput MakeLinkInput(const std::vector<CaseRecord>& cases);

// Roles that may run the linkage.
bool MayLink(std::string_view role);

}  // namespace palermo::persons::internal
