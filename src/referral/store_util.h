// SPDX-License-Identifier: AGPL-3.0-or-later
// src/referral/store_util.h: helpers the referral module's persistence files share. Internal.
#pragma once

#include <string>
#include <string_view>

#include "referral/referral.h"

namespace palermo::referral::internal {

inline std::string Str(const store::SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "";
}
inline int64_t Int(const store::SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  return 0;
}
inline std::optional<int> OptInt(const store::SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<int>(*i);
  return std::nullopt;
}

// True when `role` is one of `roles`.
bool HasRole(std::string_view role, std::initializer_list<std::string_view> roles);
// PermissionDenied naming the role and the roles allowed, audited as `action` ("consent_denied",
// "service_denied"...) on `object_type`/`object_id`.
Status DenyRole(store::Transaction& tx, std::string_view action, std::string_view object_type,
                std::string_view object_id, std::string_view role,
                std::initializer_list<std::string_view> roles, Lang lang);
// Audits `status` (a refusal) and returns it.
Status Deny(store::Transaction& tx, std::string_view action, std::string_view object_type,
            std::string_view object_id, const Status& status);
// Seals `note` into table.note of row `id` with context "<table>:<id>" (see RegisterSealedColumn).
Status SealNote(store::Transaction& tx, std::string_view table, int64_t id, std::string_view note);
Result<std::string> OpenNote(store::Transaction& tx, std::string_view table, int64_t id,
                             const store::SqlValue& v);

}  // namespace palermo::referral::internal
