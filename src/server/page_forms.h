// SPDX-License-Identifier: AGPL-3.0-or-later
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

  std::string reason, decision;  // the edit form's

  static CaseFormValues FromRequest(const httplib::Request& req);
  // The values of `record` (no identifiers: the edit form leaves them empty, "keep").
  static CaseFormValues FromRecord(const CaseRecord& record);
  // The fields as a patch (casework.h), every unreadable field an error. `only_changed_from`
  // set (the edit form): fields equal to its values, and identifier fields left empty, are
  // left out (unchanged).
  casework::CasePatch ToPatch(std::vector<FieldError>& errors,
                              const CaseFormValues* only_changed_from = nullptr) const;
};

struct CaseFormOptions {
  std::vector<FieldError> errors;  // each shown next to its field, with the field's label
  CaseId edit = 0;                 // not 0: the correction form of this case
};
std::string RenderCaseForm(Lang lang, std::string_view csrf, const CaseFormValues& values,
                           const CaseFormOptions& options = {});
// `record` has identifiers only when `with_identifiers`.
std::string RenderCaseView(Lang lang, std::string_view csrf, const Principal& who,
                           const CaseRecord& record, bool with_identifiers);
std::string VictimStatusLabel(std::string_view code, Lang lang);

// "family_name", "given_name", "full_name", "birth_date", "document", "phone".
Result<store::IdentifierKind> ParseIdentifierKind(std::string_view code);
std::string RenderIdentifierKindSelect(Lang lang);

}  // namespace palermo::server
