// src/server/page_forms.h: the case form and case view (not a public header).
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "server/internal.h"

namespace palermo::server {

// What the person typed into the case form, kept as text so the form can be shown again with
// an error without losing anything.
struct CaseFormValues {
  std::string local_id, sex, gender_detail, citizenship, victim_status;
  std::string given_name, family_name, full_name, document_number, phone, address;
  std::string birth_year, birth_month, birth_day;
  std::string ident_year, ident_month, ident_day;
  std::string age_at_identification, country_of_exploitation, notes;
  std::vector<std::string> forms;

  static CaseFormValues FromRequest(const httplib::Request& req);
  // kInvalidArgument naming the field (never echoing its value).
  Result<CaseRecord> ToRecord() const;
};

std::string RenderCaseForm(Lang lang, std::string_view csrf, const CaseFormValues& values);
// `record` has identifiers only when `with_identifiers`.
std::string RenderCaseView(Lang lang, std::string_view csrf, const Principal& who,
                           const CaseRecord& record, bool with_identifiers);
std::string VictimStatusLabel(std::string_view code, Lang lang);

// "family_name", "given_name", "full_name", "birth_date", "document", "phone".
Result<store::IdentifierKind> ParseIdentifierKind(std::string_view code);
std::string RenderIdentifierKindSelect(Lang lang);

}  // namespace palermo::server
