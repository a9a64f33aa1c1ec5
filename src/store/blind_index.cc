// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/blind_index.h"

#include "store/sql_rows.h"

namespace palermo::store::internal {

std::vector<std::pair<IdentifierKind, std::string>> BlindEntries(const DirectIdentifiers& ids) {
  std::vector<std::pair<IdentifierKind, std::string>> out;
  auto add = [&](IdentifierKind kind, std::string_view value) {
    std::string normalised = NormaliseIdentifier(kind, value);
    if (normalised.empty()) return;
    for (const auto& [k, v] : out) {
      if (k == kind && v == normalised) return;
    }
    out.emplace_back(kind, std::move(normalised));
  };
  add(IdentifierKind::kFamilyName, ids.family_name);
  add(IdentifierKind::kGivenName, ids.given_name);
  if (!ids.full_name.empty()) {
    add(IdentifierKind::kFullName, ids.full_name);
  } else if (!ids.given_name.empty() || !ids.family_name.empty()) {
    add(IdentifierKind::kFullName, ids.given_name + " " + ids.family_name);
  }
  if (ids.birth_date) add(IdentifierKind::kBirthDate, ids.birth_date->ToString());
  for (const std::string& document : ids.document_numbers) add(IdentifierKind::kDocument, document);
  for (const std::string& phone : ids.phones) add(IdentifierKind::kPhone, phone);
  return out;
}

void AddBlindRows(const Keys& keys, PersonId person_id, const DirectIdentifiers& ids,
                  std::vector<BlindRow>& out) {
  for (const auto& [kind, normalised] : BlindEntries(ids)) {
    const int64_t kind_code = IdentifierKindCode(kind);
    out.push_back({kind_code, keys.BlindHash(static_cast<int>(kind_code), normalised), person_id});
  }
}

const std::string& BlindInsertSql(size_t rows) {
  static const std::vector<std::string> statements = [] {
    std::vector<std::string> all(kMaxRowsPerInsert + 1);
    for (size_t n = 1; n <= kMaxRowsPerInsert; ++n) {
      std::string sql = "INSERT INTO blind_index (kind, hash, person_id) VALUES ";
      for (size_t row = 0; row < n; ++row) {
        if (row) sql += ", ";
        // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict on
        // "literal" + std::string.
        sql += "($";
        sql += std::to_string(3 * row + 1);
        sql += ", $";
        sql += std::to_string(3 * row + 2);
        sql += ", $";
        sql += std::to_string(3 * row + 3);
        sql += ")";
      }
      all[n] = std::move(sql);
    }
    return all;
  }();
  return statements[rows];
}

}  // namespace palermo::store::internal
