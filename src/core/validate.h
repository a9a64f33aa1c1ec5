// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/validate.h: the one validator of a case, whatever way it comes in (import, web form,
// JSON API, command line). It checks a CaseRecord already parsed from its source's format
// (the parsers of each way in report their own format errors, "not a date", with the same
// field names) and returns EVERY problem, one entry per field at fault, in French and English,
// without ever quoting the value (it may be personal data).
//
// It lives in core because the importer (src/ingest) and the case-work gate (src/casework) are
// siblings above the store: neither may depend on the other, and both depend on core.
//
// Checks: local id present; text fields UTF-8, without control characters, not too long;
// identification and birth dates not in the future; birth before identification; an age over
// 120 refused; age at identification coherent with the birth date or year; birth year equal to
// the birth date's; forms, citizenship and country of exploitation in the code lists; phones
// made of phone characters, 6 to 15 digits, and, when written in international form (+…),
// with a country calling code libphonenumber knows (not its per-country lengths); document numbers of letters, digits, spaces and - / .
//
// Field names are the API's (docs/api.md): local_id, sex, victim_status, citizenship,
// country_of_exploitation, forms, identification_date, age_at_identification, given_name,
// family_name, full_name, birth_date, birth_year, document_numbers, phones, address, notes,
// gender_detail. CaseFieldLabel gives a person's name for each.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.h"
#include "core/model.h"
#include "core/partial_date.h"

namespace palermo {

struct FieldError {
  std::string field;  // API field name
  std::string en;     // what is wrong, never the value
  std::string fr;
  const std::string& message(Lang lang) const { return lang == Lang::kFr ? fr : en; }
};

// Every problem of `record`, in field order then cross-field checks; empty when valid. `today`
// bounds dates ("not in the future").
std::vector<FieldError> ValidateCase(const CaseRecord& record, const PartialDate& today);

// The phone rule above; `what` receives the reason in both languages when false.
bool CheckPhone(std::string_view phone, FieldError* what = nullptr);

// The field's label for people ("Date of identification", "Date d’identification"); the name
// itself for an unknown field.
std::string CaseFieldLabel(std::string_view field, Lang lang);

// "field: message; field: message" in `lang`, for a Status message or a quarantine reason.
std::string JoinFieldErrors(const std::vector<FieldError>& errors, Lang lang);

// Today's date in UTC.
PartialDate TodayUtcDate();

}  // namespace palermo
