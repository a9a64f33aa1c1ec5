// SPDX-License-Identifier: AGPL-3.0-or-later
// src/exchange/payload.h (internal to the exchange module): a case as a packet's payload, in
// HTCDS v2 field names (prs_*, vic_*, hte_*) with Palermo's extensions under plm_, limited to
// the fields of the packet's purpose (PurposeFields), and back.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "exchange/exchange.h"

namespace palermo::exchange::internal {

// The case's fields that `purpose` allows (direct identifiers included), none other.
nlohmann::json Project(const CaseRecord& record, Purpose purpose);
// The inverse of Project, every value type-checked. A field outside `purpose`'s list (or an
// unknown one) is kInvalidArgument naming the field (a field name, never a value). The plm_
// packet metadata (purpose, handling, consent…) is skipped: the caller reads it.
Result<CaseRecord> Unproject(const nlohmann::json& payload, Purpose purpose, Lang lang);
// "the packet's content is not a valid case (field F)", in `lang`.
Status BadPayload(Lang lang, std::string_view field);

}  // namespace palermo::exchange::internal
