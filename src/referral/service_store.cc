// SPDX-License-Identifier: AGPL-3.0-or-later
// Services directory and referrals to services over the store.
#include <algorithm>

#include "referral/referral.h"
#include "referral/store_util.h"

namespace palermo::referral {
namespace {

using internal::Int;
using internal::OptInt;
using internal::Str;

const std::initializer_list<std::string_view> kServiceAdminRoles = {"administrator", "case_worker"};
const std::initializer_list<std::string_view> kReferringRoles = {"first_responder", "case_worker"};
constexpr std::string_view kOutcomes[] = {"completed", "ended_early", "not_taken_up"};

std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}
std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr const char* kSelectService =
    "SELECT id, organisation, type, name, min_age, max_age, sexes, nationalities, forms, capacity "
    "FROM "
    "referral_service";

Result<ServiceDef> RowToService(const store::SqlRow& row) {
  ServiceDef s;
  s.id = Int(row[0]);
  s.organisation = Str(row[1]);
  s.type = Str(row[2]);
  s.name = Str(row[3]);
  s.eligibility.min_age = OptInt(row[4]);
  s.eligibility.max_age = OptInt(row[5]);
  for (const std::string& code : SplitList(Str(row[6]))) {
    PALERMO_ASSIGN_OR_RETURN(Sex sex, ParseSexCode(code));
    s.eligibility.sexes.push_back(sex);
  }
  s.eligibility.nationalities = SplitList(Str(row[7]));
  s.eligibility.forms = SplitList(Str(row[8]));
  s.eligibility.capacity = OptInt(row[9]);
  return s;
}

store::SqlValue OptValue(const std::optional<int>& v) {
  if (!v) return std::monostate{};
  return int64_t{*v};
}

Result<ServiceDef> GetService(store::Transaction& tx, int64_t id) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                           tx.Query(std::string(kSelectService) + " WHERE id = $1", {id}));
  if (rows.empty()) return Status::NotFound("no service " + std::to_string(id));
  return RowToService(rows[0]);
}

Result<int> PlacesInUse(store::Transaction& tx, int64_t service_id) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                           tx.Query("SELECT COUNT(*) FROM referral_service_referral WHERE "
                                    "service_id = $1 AND status = 'accepted'",
                                    {service_id}));
  return rows.empty() ? 0 : static_cast<int>(Int(rows[0][0]));
}

constexpr const char* kSelectServiceReferral =
    "SELECT id, case_id, service_id, status, outcome, created_at, updated_at FROM "
    "referral_service_referral";

ServiceReferral RowToServiceReferral(const store::SqlRow& row) {
  ServiceReferral r;
  r.id = Int(row[0]);
  r.case_id = Int(row[1]);
  r.service_id = Int(row[2]);
  r.status = Str(row[3]);
  r.outcome = Str(row[4]);
  r.created_at = Str(row[5]);
  r.updated_at = Str(row[6]);
  return r;
}

Result<ServiceReferral> GetServiceReferral(store::Transaction& tx, int64_t id) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                           tx.Query(std::string(kSelectServiceReferral) + " WHERE id = $1", {id}));
  if (rows.empty()) return Status::NotFound("no service referral " + std::to_string(id));
  return RowToServiceReferral(rows[0]);
}

Status UpdateServiceReferral(store::Transaction& tx, const ServiceReferral& r,
                             std::string_view note) {
  PALERMO_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE referral_service_referral SET status = $1, outcome = $2, updated_at = $3 "
                 "WHERE id = $4",
                 {r.status, r.outcome, r.updated_at, r.id}));
  (void)changed;
  return internal::SealNote(tx, "referral_service_referral", r.id, note);
}

Status WrongStatus(store::Transaction& tx, const ServiceReferral& r, std::string_view expected,
                   Lang lang) {
  static constexpr Msg kWrong{
      "service referral {id} is “{status}”; this step needs it “{expected}”",
      "l’orientation vers le service {id} est « {status} » ; cette étape exige « {expected} »"};
  return internal::Deny(tx, "service_denied", "service_referral", std::to_string(r.id),
                        Status::FailedPrecondition(Format(kWrong, lang,
                                                          {{"id", std::to_string(r.id)},
                                                           {"status", r.status},
                                                           {"expected", std::string(expected)}})));
}

}  // namespace

Result<int64_t> AddService(store::Transaction& tx, const store::Actor& actor,
                           const ServiceDef& service, Lang lang) {
  if (!internal::HasRole(actor.role, kServiceAdminRoles))
    return internal::DenyRole(tx, "service_denied", "service", "-", actor.role, kServiceAdminRoles,
                              lang);
  if (std::find(std::begin(kServiceTypes), std::end(kServiceTypes), service.type) ==
      std::end(kServiceTypes))
    return Status::InvalidArgument("unknown service type '" + service.type +
                                   "'; use shelter, medical, legal, psychosocial, interpretation, "
                                   "return_reintegration or compensation");
  if (service.organisation.empty() || service.name.empty())
    return Status::InvalidArgument("a service needs an organisation and a name");
  const Eligibility& e = service.eligibility;
  if ((e.min_age && *e.min_age < 0) || (e.max_age && *e.max_age < 0) ||
      (e.min_age && e.max_age && *e.min_age > *e.max_age))
    return Status::InvalidArgument(
        "age range: ages are 0 or more and the minimum is not above the maximum");
  if (e.capacity && *e.capacity < 0) return Status::InvalidArgument("capacity: 0 or more places");
  std::vector<std::string> nationalities, forms, sexes;
  for (const std::string& n : e.nationalities) {
    const Country* c = CodeLists::Default().FindCountry(n);
    if (!c) return Status::InvalidArgument("nationality: unknown country code '" + n + "'");
    nationalities.push_back(c->alpha3);
  }
  for (const std::string& f : e.forms) {
    const FormOfExploitation* form = CodeLists::Default().FindForm(f);
    if (!form) return Status::InvalidArgument("form: unknown form of exploitation '" + f + "'");
    forms.push_back(form->code);
  }
  for (Sex s : e.sexes) sexes.emplace_back(SexCode(s));
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute("INSERT INTO referral_service (organisation, type, name, min_age, max_age, sexes, "
                 "nationalities, "
                 "forms, capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                 {service.organisation, service.type, service.name, OptValue(e.min_age),
                  OptValue(e.max_age), JoinList(sexes), JoinList(nationalities), JoinList(forms),
                  OptValue(e.capacity), FormatInstant(Now())}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(int64_t id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(tx.Audit("service_add", "service", std::to_string(id), "",
                                   service.type + " of " + service.organisation));
  return id;
}

Result<std::vector<ServiceDef>> ListServices(store::Transaction& tx) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                           tx.Query(std::string(kSelectService) + " ORDER BY id"));
  std::vector<ServiceDef> out;
  for (const store::SqlRow& row : rows) {
    PALERMO_ASSIGN_OR_RETURN(ServiceDef s, RowToService(row));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<ServiceMatch>> MatchServices(store::Transaction& tx, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record, tx.GetCase(case_id, /*with_identifiers=*/false, ""));
  PALERMO_ASSIGN_OR_RETURN(std::vector<ServiceDef> services, ListServices(tx));
  std::vector<ServiceMatch> out;
  for (ServiceDef& s : services) {
    PALERMO_ASSIGN_OR_RETURN(int in_use, PlacesInUse(tx, s.id));
    EligibilityCheck check = CheckEligibility(s, record, in_use);
    out.push_back(ServiceMatch{std::move(s), in_use, std::move(check)});
  }
  return out;
}

Result<ServiceReferral> ReferToService(store::Transaction& tx, const store::Actor& actor,
                                       CaseId case_id, int64_t service_id,
                                       const TransitionOptions& options) {
  const std::string object = "case:" + std::to_string(case_id);
  if (!internal::HasRole(actor.role, kReferringRoles))
    return internal::DenyRole(tx, "service_denied", "service_referral", object, actor.role,
                              kReferringRoles, options.lang);
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record, tx.GetCase(case_id, /*with_identifiers=*/false, ""));
  PALERMO_ASSIGN_OR_RETURN(ServiceDef service, GetService(tx, service_id));
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> open,
                           tx.Query("SELECT id FROM referral_service_referral WHERE case_id = $1 "
                                    "AND service_id = $2 AND status IN "
                                    "('pending', 'accepted')",
                                    {case_id, service_id}));
  if (!open.empty())
    return internal::Deny(
        tx, "service_denied", "service_referral", object,
        Status::AlreadyExists("case " + std::to_string(case_id) + " already has referral " +
                              std::to_string(Int(open[0][0])) + " to service " +
                              std::to_string(service_id)));
  PALERMO_ASSIGN_OR_RETURN(int in_use, PlacesInUse(tx, service_id));
  const EligibilityCheck check = CheckEligibility(service, record, in_use);
  if (!check.eligible) {
    static constexpr Msg kNotEligible{"the case is not eligible for service {id}: {reasons}",
                                      "le dossier n’est pas éligible au service {id} : {reasons}"};
    std::string reasons;
    for (const Text& r : check.reasons)
      reasons += (reasons.empty() ? "" : "; ") + r.Get(options.lang);
    return internal::Deny(tx, "service_denied", "service_referral", object,
                          Status::FailedPrecondition(
                              Format(kNotEligible, options.lang,
                                     {{"id", std::to_string(service_id)}, {"reasons", reasons}})));
  }
  const std::optional<int> age = AgeAtIdentification(record);
  const bool is_child = age ? *age < kAgeOfMajority : options.presumed_child;
  if (!is_child) {
    Status consent = CheckConsent(tx, record.person.id, ConsentPurpose::kDataSharing,
                                  service.organisation, options.lang);
    if (!consent.ok()) return consent;  // audited by CheckConsent
  }
  ServiceReferral r;
  r.case_id = case_id;
  r.service_id = service_id;
  r.status = "pending";
  r.created_at = FormatInstant(options.at.value_or(Now()));
  r.updated_at = r.created_at;
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute("INSERT INTO referral_service_referral (case_id, service_id, status, outcome, "
                 "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
                 {case_id, service_id, r.status, r.outcome, r.created_at, r.updated_at}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(r.id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(internal::SealNote(tx, "referral_service_referral", r.id, options.note));
  PALERMO_RETURN_IF_ERROR(tx.Audit("service_refer", "service_referral", std::to_string(r.id),
                                   "data_sharing",
                                   "case " + std::to_string(case_id) + " to service " +
                                       std::to_string(service_id) + " of " + service.organisation));
  return r;
}

Result<ServiceReferral> RespondToServiceReferral(store::Transaction& tx, const store::Actor& actor,
                                                 int64_t service_referral_id, bool accept,
                                                 const TransitionOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(ServiceReferral r, GetServiceReferral(tx, service_referral_id));
  PALERMO_ASSIGN_OR_RETURN(ServiceDef service, GetService(tx, r.service_id));
  const std::string object = std::to_string(r.id);
  if (actor.role != "administrator" && actor.organisation != service.organisation) {
    static constexpr Msg kOtherOrg{
        "only organisation {org} (or an administrator) answers referrals to its services",
        "seule l’organisation {org} (ou un administrateur) répond aux orientations vers "
        "ses services"};
    return internal::Deny(
        tx, "service_denied", "service_referral", object,
        Status::PermissionDenied(Format(kOtherOrg, options.lang, {{"org", service.organisation}})));
  }
  if (r.status != "pending") return WrongStatus(tx, r, "pending", options.lang);
  if (accept && service.eligibility.capacity) {
    PALERMO_ASSIGN_OR_RETURN(int in_use, PlacesInUse(tx, r.service_id));
    if (in_use >= *service.eligibility.capacity)
      return internal::Deny(
          tx, "service_denied", "service_referral", object,
          Status::FailedPrecondition("no place free in service " + std::to_string(r.service_id)));
  }
  r.status = accept ? "accepted" : "declined";
  r.updated_at = FormatInstant(options.at.value_or(Now()));
  PALERMO_RETURN_IF_ERROR(UpdateServiceReferral(tx, r, options.note));
  PALERMO_RETURN_IF_ERROR(
      tx.Audit(accept ? "service_accept" : "service_decline", "service_referral", object, "", ""));
  return r;
}

Result<ServiceReferral> RecordServiceOutcome(store::Transaction& tx, const store::Actor& actor,
                                             int64_t service_referral_id, std::string_view outcome,
                                             const TransitionOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(ServiceReferral r, GetServiceReferral(tx, service_referral_id));
  PALERMO_ASSIGN_OR_RETURN(ServiceDef service, GetService(tx, r.service_id));
  const std::string object = std::to_string(r.id);
  if (actor.role != "administrator" && actor.organisation != service.organisation)
    return internal::Deny(
        tx, "service_denied", "service_referral", object,
        Status::PermissionDenied("only organisation " + service.organisation +
                                 " (or an administrator) records outcomes of its services"));
  if (std::find(std::begin(kOutcomes), std::end(kOutcomes), outcome) == std::end(kOutcomes))
    return Status::InvalidArgument("outcome must be completed, ended_early or not_taken_up");
  if (r.status != "accepted") return WrongStatus(tx, r, "accepted", options.lang);
  r.status = "completed";
  r.outcome = std::string(outcome);
  r.updated_at = FormatInstant(options.at.value_or(Now()));
  PALERMO_RETURN_IF_ERROR(UpdateServiceReferral(tx, r, options.note));
  PALERMO_RETURN_IF_ERROR(tx.Audit("service_outcome", "service_referral", object, "", r.outcome));
  return r;
}

Result<std::vector<ServiceReferral>> ListServiceReferrals(store::Transaction& tx, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query(std::string(kSelectServiceReferral) + " WHERE case_id = $1 ORDER BY id", {case_id}));
  std::vector<ServiceReferral> out;
  for (const store::SqlRow& row : rows) out.push_back(RowToServiceReferral(row));
  return out;
}

Result<std::vector<IncomingServiceReferral>> ListServiceReferralsForOrganisation(
    store::Transaction& tx, std::string_view organisation, bool include_closed) {
  // One indexed join (referral_service.organisation, referral_service_referral.service_id).
  const std::string sql =
      "SELECT r.id, r.case_id, r.service_id, r.status, r.outcome, r.created_at, r.updated_at, "
      "s.id, s.organisation, s.type, s.name, s.min_age, s.max_age, s.sexes, s.nationalities, "
      "s.forms, s.capacity FROM referral_service_referral r JOIN referral_service s ON "
      "s.id = r.service_id WHERE s.organisation = $1" +
      std::string(include_closed ? "" : " AND r.status IN ('pending', 'accepted')") +
      " ORDER BY r.id";
  PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                           tx.Query(sql, {std::string(organisation)}));
  std::vector<IncomingServiceReferral> out;
  out.reserve(rows.size());
  for (const store::SqlRow& row : rows) {
    IncomingServiceReferral in;
    in.referral = RowToServiceReferral(row);
    PALERMO_ASSIGN_OR_RETURN(in.service,
                             RowToService(store::SqlRow(row.begin() + 7, row.end())));
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace palermo::referral
