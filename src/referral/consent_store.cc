// SPDX-License-Identifier: AGPL-3.0-or-later
// Consent per purpose over the store, and the helpers the other persistence files share.
#include <algorithm>

#include "referral/referral.h"
#include "referral/store_util.h"

namespace palermo::referral {
namespace internal {

bool HasRole(std::string_view role, std::initializer_list<std::string_view> roles) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Status Deny(store::Transaction& tx, std::string_view action, std::string_view object_type,
            std::string_view object_id, const Status& status) {
  PALERMO_RETURN_IF_ERROR(tx.Audit(action, object_type, object_id, "", status.ToString()));
  return status;
}

Status DenyRole(store::Transaction& tx, std::string_view action, std::string_view object_type,
                std::string_view object_id, std::string_view role,
                std::initializer_list<std::string_view> roles, Lang lang) {
  static constexpr Msg kDenied{
      "role “{role}” may not do this; roles allowed: {roles}",
      "le rôle « {role} » ne peut pas faire cela ; rôles autorisés : {roles}"};
  std::string list;
  for (std::string_view r : roles) list += (list.empty() ? "" : ", ") + std::string(r);
  return Deny(tx, action, object_type, object_id,
              Status::PermissionDenied(
                  Format(kDenied, lang, {{"role", std::string(role)}, {"roles", list}})));
}

Status SealNote(store::Transaction& tx, std::string_view table, int64_t id, std::string_view note) {
  if (note.empty()) return Status::Ok();
  PALERMO_ASSIGN_OR_RETURN(std::string sealed,
                           tx.Seal(note, std::string(table) + ":" + std::to_string(id)));
  PALERMO_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE " + std::string(table) + " SET note = $1 WHERE id = $2", {sealed, id}));
  (void)changed;
  return Status::Ok();
}

Result<std::string> OpenNote(store::Transaction& tx, std::string_view table, int64_t id,
                             const store::SqlValue& v) {
  const auto* sealed = std::get_if<std::string>(&v);
  if (!sealed || sealed->empty()) return std::string();
  return tx.Open(*sealed, std::string(table) + ":" + std::to_string(id));
}

}  // namespace internal

namespace {

using internal::Int;
using internal::Str;

const std::initializer_list<std::string_view> kConsentRoles = {"first_responder", "case_worker",
                                                               "administrator"};

std::string ConsentObject(PersonId person) { return "person:" + std::to_string(person); }

Status CheckOrganisation(ConsentPurpose purpose, std::string_view organisation, Lang lang) {
  if (purpose == ConsentPurpose::kDataSharing && organisation.empty()) {
    static constexpr Msg kNeedsOrg{
        "consent to data sharing names the organisation it is shared with",
        "le consentement au partage de données nomme l’organisation destinataire"};
    return Status::InvalidArgument(Format(kNeedsOrg, lang));
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> GiveConsent(store::Transaction& tx, const store::Actor& actor, PersonId person,
                            ConsentPurpose purpose, std::string_view organisation,
                            std::optional<Instant> at, Lang lang) {
  if (!internal::HasRole(actor.role, kConsentRoles))
    return internal::DenyRole(tx, "consent_denied", "person", ConsentObject(person), actor.role,
                              kConsentRoles, lang);
  PALERMO_RETURN_IF_ERROR(CheckOrganisation(purpose, organisation, lang));
  const std::string when = FormatInstant(at.value_or(Now()));
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute("INSERT INTO referral_consent (person_id, purpose, organisation, given_at, "
                 "given_by) VALUES ($1, $2, $3, $4, $5)",
                 {person, std::string(ConsentPurposeCode(purpose)), std::string(organisation), when,
                  actor.user}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(int64_t id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(
      tx.Audit("consent_give", "person", ConsentObject(person), ConsentPurposeCode(purpose),
               "consent " + std::to_string(id) +
                   (organisation.empty() ? "" : " with " + std::string(organisation))));
  return id;
}

Status WithdrawConsent(store::Transaction& tx, const store::Actor& actor, PersonId person,
                       ConsentPurpose purpose, std::string_view organisation,
                       std::optional<Instant> at, Lang lang) {
  if (!internal::HasRole(actor.role, kConsentRoles))
    return internal::DenyRole(tx, "consent_denied", "person", ConsentObject(person), actor.role,
                              kConsentRoles, lang);
  PALERMO_RETURN_IF_ERROR(CheckOrganisation(purpose, organisation, lang));
  const std::string when = FormatInstant(at.value_or(Now()));
  PALERMO_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE referral_consent SET withdrawn_at = $1, withdrawn_by = $2 WHERE person_id "
                 "= $3 AND "
                 "purpose = $4 AND organisation = $5 AND withdrawn_at IS NULL",
                 {when, actor.user, person, std::string(ConsentPurposeCode(purpose)),
                  std::string(organisation)}));
  if (changed == 0) {
    static constexpr Msg kNone{"no consent to withdraw for this purpose{org}",
                               "aucun consentement à retirer pour cette finalité{org}"};
    const std::string org = organisation.empty() ? "" : " (" + std::string(organisation) + ")";
    return Status::NotFound(Format(kNone, lang, {{"org", org}}));
  }
  return tx.Audit("consent_withdraw", "person", ConsentObject(person), ConsentPurposeCode(purpose),
                  std::to_string(changed) + " record(s)" +
                      (organisation.empty() ? "" : " with " + std::string(organisation)));
}

Result<std::vector<Consent>> ListConsents(store::Transaction& tx, PersonId person) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT id, purpose, organisation, given_at, given_by, withdrawn_at "
               "FROM referral_consent WHERE person_id = $1 ORDER BY id",
               {person}));
  std::vector<Consent> out;
  for (const store::SqlRow& row : rows) {
    Consent c;
    c.id = Int(row[0]);
    c.person_id = person;
    PALERMO_ASSIGN_OR_RETURN(c.purpose, ParseConsentPurposeCode(Str(row[1])));
    c.with_organisation = Str(row[2]);
    c.given_at = Str(row[3]);
    c.recorded_by = Str(row[4]);
    c.withdrawn_at = Str(row[5]);
    c.given = c.withdrawn_at.empty();
    out.push_back(std::move(c));
  }
  return out;
}

Status CheckConsent(store::Transaction& tx, PersonId person, ConsentPurpose purpose,
                    std::string_view organisation, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<Consent> records, ListConsents(tx, person));
  if (ConsentCovers(records, purpose, organisation)) return Status::Ok();
  static constexpr Msg kNoConsent{
      "no consent on record for {purpose}{org} (or it was withdrawn)",
      "aucun consentement enregistré pour la finalité {purpose}{org} (ou il a été retiré)"};
  const std::string org = organisation.empty() ? "" : " with " + std::string(organisation);
  const std::string org_fr = organisation.empty() ? "" : " avec " + std::string(organisation);
  const Status denied = Status::FailedPrecondition(
      lang == Lang::kFr
          ? Format(kNoConsent, lang,
                   {{"purpose", std::string(ConsentPurposeCode(purpose))}, {"org", org_fr}})
          : Format(kNoConsent, lang,
                   {{"purpose", std::string(ConsentPurposeCode(purpose))}, {"org", org}}));
  return internal::Deny(tx, "consent_denied", "person", ConsentObject(person), denied);
}

}  // namespace palermo::referral
