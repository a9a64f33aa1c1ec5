// SPDX-License-Identifier: AGPL-3.0-or-later
// src/server/case_json.h: the JSON of cases and of invalid-case errors, shared by api.cc and
// api_casework.cc (not a public header; docs/api.md describes the shapes).
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "casework/casework.h"
#include "server/internal.h"

namespace palermo::server {

// The string at `key` of `j`, or "" when absent or not a string.
std::string Str(const nlohmann::json& j, const char* key);
// The request body as a JSON object; kInvalidArgument ("body: a JSON object") otherwise.
Result<nlohmann::json> Body(const httplib::Request& req);

nlohmann::json SummaryJson(const CaseSummary& c);
nlohmann::json CaseJson(const CaseRecord& r, bool with_identifiers);

// Reads the creation JSON's fields present in `body` into `patch` ("identifiers" nested as in
// creation; `skip` names keys handled by the caller). Unreadable values are field errors;
// unknown keys too when `strict` (PATCH), else they are ignored (creation, as before).
void PatchFromJson(const nlohmann::json& body, casework::CasePatch& patch,
                   std::vector<FieldError>& errors, std::initializer_list<std::string_view> skip,
                   bool strict);

// The UTC day of an epoch time (the server's clock, which tests can move).
PartialDate DayOfEpoch(int64_t epoch_seconds);

// The case list's filter from the query string (`status`: a victim status code or empty;
// `assignee=me`; `overdue=1`), today being the server clock's day. kInvalidArgument for an
// unknown status or assignee value.
Result<casework::CaseFilter> ListFilter(const httplib::Request& req, int64_t now);

// 400 {"error":{"code":"INVALID_ARGUMENT","message","fields":[{"field","message"}]}}, one
// entry per invalid field, in `lang`.
void SendFieldErrors(httplib::Response& res, const std::vector<FieldError>& errors, Lang lang);

}  // namespace palermo::server
