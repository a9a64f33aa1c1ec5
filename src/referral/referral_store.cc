// SPDX-License-Identifier: AGPL-3.0-or-later
// Referrals over the store: creation, transitions, history and alerts. The checks are the pure
// CheckTransition (state_machine.cc); this file loads facts, writes rows and audits.
#include <algorithm>
#include <set>

#include "referral/referral.h"
#include "referral/store_util.h"

namespace palermo::referral {
namespace {

using internal::Int;
using internal::Str;

constexpr const char* kSelectReferral =
    "SELECT id, case_id, profile_id, profile_version, state, organisation, created_at, "
    "state_entered_at, is_child "
    "FROM referral_referral";

ReferralInfo RowToReferral(const store::SqlRow& row) {
  ReferralInfo r;
  r.id = Int(row[0]);
  r.case_id = Int(row[1]);
  r.profile_id = Str(row[2]);
  r.profile_version = Str(row[3]);
  r.state = Str(row[4]);
  r.organisation = Str(row[5]);
  r.created_at = Str(row[6]);
  r.state_entered_at = Str(row[7]);
  r.is_child = Int(row[8]) != 0;
  return r;
}

// Whether the person counts as a child: from the recorded age, else from the first responder's
// presumption (Directive 2011/36/EU art. 13(2)).
Result<bool> IsChild(const CaseRecord& record, bool presumed_child, Lang lang) {
  const std::optional<int> age = AgeAtIdentification(record);
  if (!age) return presumed_child;
  if (presumed_child && *age >= kAgeOfMajority) {
    static constexpr Msg kAdult{
        "the case’s recorded age ({age}) is not a child’s; the presumption of minority "
        "applies only when the age is unknown",
        "l’âge enregistré du dossier ({age}) n’est pas celui d’un enfant ; la présomption "
        "de minorité ne s’applique que si l’âge est inconnu"};
    return Status::InvalidArgument(Format(kAdult, lang, {{"age", int64_t{*age}}}));
  }
  return *age < kAgeOfMajority;
}

Status AddEvent(store::Transaction& tx, const store::Actor& actor, int64_t referral_id,
                const TransitionDef& t, std::string_view from, std::string_view to, Instant at,
                const TransitionOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute(
          "INSERT INTO referral_event (referral_id, transition_id, from_state, to_state, at, "
          "user_name, "
          "organisation, role, target_organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {referral_id, t.id, std::string(from), std::string(to), FormatInstant(at), actor.user,
           actor.organisation, actor.role, options.target_organisation}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(int64_t id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(internal::SealNote(tx, "referral_event", id, options.note));
  return tx.Audit(
      "referral_" + t.id, "referral", std::to_string(referral_id),
      ConsentPurposeCode(t.consent_purpose),
      std::string(from.empty() ? "-" : from) + " -> " + std::string(to) +
          (options.target_organisation.empty() ? "" : " (to " + options.target_organisation + ")"));
}

}  // namespace

void RegisterMigrations() {
  store::RegisterMigration(
      {"referral", 1,
       "CREATE TABLE referral_consent (id {{id}}, person_id BIGINT NOT NULL, purpose TEXT NOT "
       "NULL, "
       "organisation TEXT NOT NULL, given_at TEXT NOT NULL, given_by TEXT NOT NULL, withdrawn_at "
       "TEXT, "
       "withdrawn_by TEXT);"
       "CREATE INDEX referral_consent_person ON referral_consent (person_id);"
       "CREATE TABLE referral_referral (id {{id}}, case_id BIGINT NOT NULL, profile_id TEXT NOT "
       "NULL, "
       "profile_version TEXT NOT NULL, state TEXT NOT NULL, organisation TEXT NOT NULL, created_at "
       "TEXT NOT NULL, "
       "state_entered_at TEXT NOT NULL, is_child BIGINT NOT NULL);"
       "CREATE INDEX referral_referral_case ON referral_referral (case_id);"
       "CREATE TABLE referral_event (id {{id}}, referral_id BIGINT NOT NULL REFERENCES "
       "referral_referral (id), "
       "transition_id TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, at TEXT NOT "
       "NULL, "
       "user_name TEXT NOT NULL, organisation TEXT NOT NULL, role TEXT NOT NULL, "
       "target_organisation TEXT NOT NULL, "
       "note {{blob}});"
       "CREATE INDEX referral_event_referral ON referral_event (referral_id);"
       "CREATE TABLE referral_service (id {{id}}, organisation TEXT NOT NULL, type TEXT NOT NULL, "
       "name TEXT NOT NULL, "
       "min_age BIGINT, max_age BIGINT, sexes TEXT NOT NULL, nationalities TEXT NOT NULL, forms "
       "TEXT NOT NULL, "
       "capacity BIGINT, created_at TEXT NOT NULL);"
       "CREATE TABLE referral_service_referral (id {{id}}, case_id BIGINT NOT NULL, service_id "
       "BIGINT NOT NULL "
       "REFERENCES referral_service (id), status TEXT NOT NULL, outcome TEXT NOT NULL, created_at "
       "TEXT NOT NULL, "
       "updated_at TEXT NOT NULL, note {{blob}});"
       "CREATE INDEX referral_service_referral_case ON referral_service_referral (case_id)"});
  // Transfers by case and by receiving organisation; the service providers' inboxes.
  store::RegisterMigration(
      {"referral", 2,
       "CREATE INDEX referral_event_target ON referral_event (target_organisation);"
       "CREATE INDEX referral_service_organisation ON referral_service (organisation);"
       "CREATE INDEX referral_service_referral_service ON referral_service_referral "
       "(service_id)"});
  store::RegisterSealedColumn({"referral_event", "id", "note", "referral_event:"});
  store::RegisterSealedColumn(
      {"referral_service_referral", "id", "note", "referral_service_referral:"});
}

Result<ReferralInfo> CreateReferral(store::Transaction& tx, const store::Actor& actor,
                                    const Profile& profile, CaseId case_id,
                                    const TransitionOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record, tx.GetCase(case_id, /*with_identifiers=*/false, ""));
  const std::string object = "case:" + std::to_string(case_id);
  PALERMO_ASSIGN_OR_RETURN(std::vector<ReferralInfo> existing, ListReferrals(tx, case_id));
  for (const ReferralInfo& r : existing) {
    const StateDef* s = profile.FindState(r.state);
    if (r.profile_id == profile.id() && s && !s->terminal) {
      static constexpr Msg kOpen{
          "case {case} already has an open referral ({id}, state “{state}”)",
          "le dossier {case} a déjà une orientation en cours ({id}, état « {state} »)"};
      return internal::Deny(tx, "referral_denied", "referral", object,
                            Status::AlreadyExists(Format(kOpen, options.lang,
                                                         {{"case", std::to_string(case_id)},
                                                          {"id", std::to_string(r.id)},
                                                          {"state", r.state}})));
    }
  }
  PALERMO_ASSIGN_OR_RETURN(const bool is_child,
                           IsChild(record, options.presumed_child, options.lang));
  const TransitionDef& create = profile.create();
  PALERMO_ASSIGN_OR_RETURN(std::vector<Consent> consents, ListConsents(tx, record.person.id));
  const Instant at = options.at.value_or(Now());
  const TransitionFacts facts{.role = actor.role,
                              .is_child = is_child,
                              .has_consent = ConsentCovers(consents, create.consent_purpose, ""),
                              .target_organisation = options.target_organisation,
                              .at = at};
  Result<const TransitionDef*> checked =
      CheckTransition(profile, nullptr, create.id, facts, options.lang);
  if (!checked.ok())
    return internal::Deny(tx, "referral_denied", "referral", object, checked.status());

  ReferralInfo info;
  info.case_id = case_id;
  info.profile_id = profile.id();
  info.profile_version = profile.version();
  info.state = create.to;
  info.organisation = actor.organisation;
  info.created_at = FormatInstant(at);
  info.state_entered_at = info.created_at;
  info.is_child = is_child;
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute("INSERT INTO referral_referral (case_id, profile_id, profile_version, state, "
                 "organisation, "
                 "created_at, state_entered_at, is_child) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                 {case_id, info.profile_id, info.profile_version, info.state, info.organisation,
                  info.created_at, info.state_entered_at, int64_t{is_child ? 1 : 0}}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(info.id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(AddEvent(tx, actor, info.id, create, "", info.state, at, options));
  return info;
}

Result<ReferralInfo> ApplyTransition(store::Transaction& tx, const store::Actor& actor,
                                     const Profile& profile, int64_t referral_id,
                                     std::string_view transition,
                                     const TransitionOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(ReferralInfo info, GetReferral(tx, referral_id));
  const std::string object = std::to_string(referral_id);
  if (info.profile_id != profile.id()) {
    return internal::Deny(tx, "referral_denied", "referral", object,
                          Status::FailedPrecondition("referral " + object + " follows profile " +
                                                     info.profile_id + ", not " + profile.id()));
  }
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record,
                           tx.GetCase(info.case_id, /*with_identifiers=*/false, ""));
  PALERMO_ASSIGN_OR_RETURN(Instant entered, ParseInstant(info.state_entered_at));
  const Instant at = options.at.value_or(Now());
  if (at < entered) {
    return Status::InvalidArgument("the transition time " + FormatInstant(at) +
                                   " is before the current state began (" + info.state_entered_at +
                                   ")");
  }
  // Consent for this transition's purpose; for data sharing, with the receiving organisation.
  const TransitionDef* t = profile.FindTransition(transition);
  bool has_consent = false;
  if (t) {
    PALERMO_ASSIGN_OR_RETURN(std::vector<Consent> consents, ListConsents(tx, record.person.id));
    const std::string org = t->consent_purpose == ConsentPurpose::kDataSharing
                                ? options.target_organisation
                                : std::string();
    has_consent = ConsentCovers(consents, t->consent_purpose, org);
  }
  const ReferralSnapshot snapshot{info.state, entered, info.organisation};
  const TransitionFacts facts{.role = actor.role,
                              .is_child = info.is_child,
                              .has_consent = has_consent,
                              .target_organisation = options.target_organisation,
                              .at = at};
  Result<const TransitionDef*> checked =
      CheckTransition(profile, &snapshot, transition, facts, options.lang);
  if (!checked.ok())
    return internal::Deny(tx, "referral_denied", "referral", object, checked.status());

  const std::string from = info.state;
  if (!(*checked)->to.empty() && (*checked)->to != info.state) {
    info.state = (*checked)->to;
    info.state_entered_at = FormatInstant(at);
  }
  if ((*checked)->changes_organisation) info.organisation = options.target_organisation;
  PALERMO_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE referral_referral SET state = $1, state_entered_at = $2, "
                 "organisation = $3 WHERE id = $4",
                 {info.state, info.state_entered_at, info.organisation, referral_id}));
  (void)changed;
  // Only a transfer has a target: TransferredTo reads the events' target_organisation.
  TransitionOptions recorded = options;
  if (!(*checked)->changes_organisation) recorded.target_organisation.clear();
  PALERMO_RETURN_IF_ERROR(
      AddEvent(tx, actor, referral_id, **checked, from, info.state, at, recorded));
  return info;
}

Result<ReferralInfo> GetReferral(store::Transaction& tx, int64_t referral_id) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query(std::string(kSelectReferral) + " WHERE id = $1", {referral_id}));
  if (rows.empty()) return Status::NotFound("no referral " + std::to_string(referral_id));
  return RowToReferral(rows[0]);
}

Result<std::vector<ReferralInfo>> ListReferrals(store::Transaction& tx, CaseId case_id) {
  Result<std::vector<store::SqlRow>> rows =
      case_id
          ? tx.Query(std::string(kSelectReferral) + " WHERE case_id = $1 ORDER BY id", {case_id})
          : tx.Query(std::string(kSelectReferral) + " ORDER BY id");
  if (!rows.ok()) return rows.status();
  std::vector<ReferralInfo> out;
  for (const store::SqlRow& row : *rows) out.push_back(RowToReferral(row));
  return out;
}

Result<std::vector<ReferralEvent>> ReferralHistory(store::Transaction& tx, int64_t referral_id,
                                                   bool with_notes) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT id, transition_id, from_state, to_state, at, user_name, organisation, role, "
               "target_organisation, note FROM referral_event WHERE referral_id = $1 ORDER BY id",
               {referral_id}));
  std::vector<ReferralEvent> out;
  for (const store::SqlRow& row : rows) {
    ReferralEvent e;
    e.transition = Str(row[1]);
    e.from_state = Str(row[2]);
    e.to_state = Str(row[3]);
    e.at = Str(row[4]);
    e.user = Str(row[5]);
    e.organisation = Str(row[6]);
    e.role = Str(row[7]);
    e.target_organisation = Str(row[8]);
    if (with_notes) {
      PALERMO_ASSIGN_OR_RETURN(e.note,
                               internal::OpenNote(tx, "referral_event", Int(row[0]), row[9]));
    }
    out.push_back(std::move(e));
  }
  if (with_notes) {
    PALERMO_RETURN_IF_ERROR(tx.Audit("referral_read_notes", "referral", std::to_string(referral_id),
                                     "case_management", ""));
  }
  return out;
}

Result<std::optional<std::string>> TransferredTo(store::Transaction& tx, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT e.target_organisation FROM referral_event e JOIN referral_referral r ON "
               "r.id = e.referral_id WHERE r.case_id = $1 AND e.target_organisation <> '' "
               "ORDER BY e.id DESC LIMIT 1",
               {case_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(Str(rows[0][0]));
}

Result<std::vector<CaseId>> CasesTransferredTo(store::Transaction& tx,
                                               std::string_view organisation) {
  // Candidates by the target index, then each kept only if its newest transfer is still to
  // `organisation` (a case may have moved on since).
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT DISTINCT r.case_id FROM referral_event e JOIN referral_referral r ON "
               "r.id = e.referral_id WHERE e.target_organisation = $1 ORDER BY r.case_id",
               {std::string(organisation)}));
  std::vector<CaseId> out;
  for (const store::SqlRow& row : rows) {
    const CaseId id = Int(row[0]);
    PALERMO_ASSIGN_OR_RETURN(const std::optional<std::string> to, TransferredTo(tx, id));
    if (to && *to == organisation) out.push_back(id);
  }
  return out;
}

Result<std::vector<CaseId>> CasesEverTransferred(store::Transaction& tx,
                                                 const std::vector<CaseId>& among) {
  std::vector<CaseId> out;
  if (among.empty()) return out;
  const auto [lo, hi] = std::minmax_element(among.begin(), among.end());
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT DISTINCT r.case_id FROM referral_referral r JOIN referral_event e ON "
               "e.referral_id = r.id WHERE r.case_id >= $1 AND r.case_id <= $2 AND "
               "e.target_organisation <> '' ORDER BY r.case_id",
               {*lo, *hi}));
  const std::set<CaseId> wanted(among.begin(), among.end());
  for (const store::SqlRow& row : rows) {
    if (wanted.count(Int(row[0])) != 0) out.push_back(Int(row[0]));
  }
  return out;
}

Result<std::vector<Alert>> DueAlerts(store::Transaction& tx, const Profile& profile,
                                     Instant as_of) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<ReferralInfo> all, ListReferrals(tx));
  std::vector<Alert> out;
  for (const ReferralInfo& r : all) {
    if (r.profile_id != profile.id()) continue;
    PALERMO_ASSIGN_OR_RETURN(Instant entered, ParseInstant(r.state_entered_at));
    std::optional<Alert> a =
        AlertFor(profile, ReferralSnapshot{r.state, entered, r.organisation}, as_of);
    if (!a) continue;
    a->referral_id = r.id;
    a->case_id = r.case_id;
    out.push_back(std::move(*a));
  }
  std::stable_sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    if (a.level != b.level) return a.level == AlertLevel::kOverdue;
    return a.due.end < b.due.end;
  });
  return out;
}

}  // namespace palermo::referral
