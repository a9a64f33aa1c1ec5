// SPDX-License-Identifier: AGPL-3.0-or-later
// SqlTransaction::UpdateCase (store.h): a case corrected in place (src/casework): its fields
// replaced, its identifiers re-sealed, the blind-index rows of the old values removed and those
// of the new ones added. Audited without values.
#include <algorithm>
#include <string>
#include <vector>

#include "store/blind_index.h"
#include "store/sql_store_impl.h"

namespace palermo::store::internal {

Status SqlTransaction::UpdateCase(const CaseRecord& r) {
  PALERMO_RETURN_IF_ERROR(Writable());
  PALERMO_RETURN_IF_ERROR(CheckCaseText(r, "kept"));
  PALERMO_RETURN_IF_ERROR(FlushPending());  // the case may have been inserted in this transaction
  const CaseId id = r.id;
  const Param key[] = {id};
  auto found = lease_->Query("SELECT agency, local_id FROM case_record WHERE id = $1", key);
  if (!found.ok()) return Poison(found.status());
  if (found->empty()) return Status::NotFound("no case " + std::to_string(id));
  if (AsText((*found)[0][0]) != r.agency || AsText((*found)[0][1]) != r.local_id) {
    return Status::InvalidArgument("the agency and local id of a case cannot be changed");
  }
  // The old identifiers, for their blind-index rows (the index is keyed by value).
  auto sealed = lease_->Query("SELECT sealed FROM person_identifiers WHERE person_id = $1", key);
  if (!sealed.ok()) return Poison(sealed.status());
  std::vector<BlindRow> old_rows;
  if (!sealed->empty()) {
    PALERMO_ASSIGN_OR_RETURN(const std::string plain,
                             keys_->Open(AsText((*sealed)[0][0]), PersonContext(id)));
    PALERMO_ASSIGN_OR_RETURN(const DirectIdentifiers old, ParseIdentifiers(plain));
    AddBlindRows(*keys_, id, old, old_rows);
  }
  const std::optional<std::string> identification = DateText(r.identification_date);
  const std::optional<std::string> sealed_notes =
      r.notes.empty() ? std::nullopt
                      : std::optional(keys_->Seal(r.notes, NotesContext(r.agency, r.local_id)));
  const Param case_params[] = {
      id,
      VictimStatusCode(r.victim_status),
      TextOrNull(identification),
      r.age_at_identification ? Param(int64_t{*r.age_at_identification}) : Param(),
      std::string_view(r.country_of_exploitation),
      sealed_notes ? Param(BlobView{*sealed_notes}) : Param()};
  PALERMO_RETURN_IF_ERROR(
      Exec("UPDATE case_record SET victim_status = $2, identification_date = $3, "
           "age_at_identification = $4, country_of_exploitation = $5, notes = $6 WHERE id = $1",
           case_params));
  const Param person_params[] = {
      id, SexCode(r.person.sex), std::string_view(r.person.gender_detail),
      std::string_view(r.person.citizenship),
      r.person.birth_year ? Param(int64_t{*r.person.birth_year}) : Param()};
  PALERMO_RETURN_IF_ERROR(Exec("UPDATE person SET sex = $2, gender_detail = $3, citizenship = $4, "
                               "birth_year = $5 WHERE id = $1",
                               person_params));
  PALERMO_RETURN_IF_ERROR(Exec("DELETE FROM case_form WHERE case_id = $1", key));
  int64_t ordinal = 0;
  for (size_t i = 0; i < r.forms.size(); ++i) {
    if (std::find(r.forms.begin(), r.forms.begin() + i, r.forms[i]) != r.forms.begin() + i) {
      continue;  // a form is recorded once per case
    }
    const Param params[] = {id, ordinal++, std::string_view(r.forms[i])};
    PALERMO_RETURN_IF_ERROR(
        Exec("INSERT INTO case_form (case_id, ordinal, form) VALUES ($1, $2, $3)", params));
  }
  PALERMO_RETURN_IF_ERROR(Exec("DELETE FROM trafficking_event WHERE case_id = $1", key));
  for (size_t i = 0; i < r.events.size(); ++i) {
    const TraffickingEvent& e = r.events[i];
    const std::optional<std::string> start = DateText(e.start);
    const std::optional<std::string> end = DateText(e.end);
    const std::string means = JoinCodes(e.means_of_control);
    const Param params[] = {id, static_cast<int64_t>(i), EventTypeCode(e.type),
                            std::string_view(e.country), std::string_view(e.place),
                            TextOrNull(start), TextOrNull(end), std::string_view(means)};
    PALERMO_RETURN_IF_ERROR(
        Exec("INSERT INTO trafficking_event (case_id, ordinal, type, country, place, "
             "start_date, end_date, means_of_control) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             params));
  }
  for (const BlindRow& row : old_rows) {
    const Param params[] = {row.kind, row.hash, row.person_id};
    PALERMO_RETURN_IF_ERROR(Exec(
        "DELETE FROM blind_index WHERE kind = $1 AND hash = $2 AND person_id = $3", params));
  }
  if (r.person.identifiers.empty()) {
    if (!sealed->empty()) {
      PALERMO_RETURN_IF_ERROR(Exec("DELETE FROM person_identifiers WHERE person_id = $1", key));
    }
  } else {
    PALERMO_RETURN_IF_ERROR(
        WriteIdentifiers(id, r.person.identifiers, /*update=*/!sealed->empty()));
  }
  return AppendAudit("update_case", "case", std::to_string(id), "", "agency=" + r.agency);
}

}  // namespace palermo::store::internal
