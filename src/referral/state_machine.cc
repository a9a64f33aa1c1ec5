// SPDX-License-Identifier: AGPL-3.0-or-later
// The referral state machine's checks, deadlines and alerts. Pure functions of the profile.
#include <algorithm>

#include "referral/referral.h"

namespace palermo::referral {
namespace {

std::string JoinAllowed(const Profile& profile, std::string_view state, Lang lang) {
  std::string out;
  for (const TransitionDef* t : profile.AllowedFrom(state)) {
    if (!out.empty()) out += ", ";
    out += t->id + " (" + t->label.Get(lang) + ")";
  }
  if (out.empty()) out = lang == Lang::kFr ? "aucune (état final)" : "none (final state)";
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string StateLabel(const Profile& profile, std::string_view state, Lang lang) {
  const StateDef* s = profile.FindState(state);
  return s ? s->label.Get(lang) : std::string(state);
}

std::string PurposeLabel(ConsentPurpose p, Lang lang) {
  static constexpr Msg kPurpose{
      "{p, select, referral {referral} data_sharing {data sharing} cross_border_exchange "
      "{cross-border "
      "exchange} other {research and statistics}}",
      "{p, select, referral {l’orientation} data_sharing {le partage de données} "
      "cross_border_exchange "
      "{l’échange transfrontalier} other {la recherche et la statistique}}"};
  return Format(kPurpose, lang, {{"p", std::string(ConsentPurposeCode(p))}});
}

}  // namespace

std::string_view AlertLevelCode(AlertLevel level) {
  return level == AlertLevel::kOverdue ? "overdue" : "due_soon";
}

Result<const TransitionDef*> CheckTransition(const Profile& profile,
                                             const ReferralSnapshot* current,
                                             std::string_view transition,
                                             const TransitionFacts& facts, Lang lang) {
  const TransitionDef* t = profile.FindTransition(transition);
  if (!t) {
    static constexpr Msg kUnknown{
        "unknown transition “{t}” in profile {profile}; it knows: {all}",
        "transition « {t} » inconnue dans le profil {profile} ; il connaît : {all}"};
    std::vector<std::string> all;
    for (const TransitionDef& d : profile.transitions()) all.push_back(d.id);
    return Status::InvalidArgument(
        Format(kUnknown, lang,
               {{"t", std::string(transition)}, {"profile", profile.id()}, {"all", Join(all)}}));
  }
  const std::string state = current ? current->state : std::string();
  if (current == nullptr) {
    if (!t->from.empty()) {
      static constexpr Msg kNeedsReferral{
          "“{t}” applies to an existing referral; a new referral starts with “{create}”",
          "« {t} » s’applique à une orientation existante ; une nouvelle orientation commence par "
          "« {create} »"};
      return Status::FailedPrecondition(
          Format(kNeedsReferral, lang, {{"t", t->id}, {"create", profile.create().id}}));
    }
  } else {
    const std::vector<const TransitionDef*> allowed = profile.AllowedFrom(state);
    if (std::find(allowed.begin(), allowed.end(), t) == allowed.end()) {
      static constexpr Msg kNotAllowed{
          "“{t}” is not allowed in the current state “{state}” ({label}); allowed next steps: "
          "{allowed}",
          "« {t} » n’est pas possible dans l’état actuel « {state} » ({label}) ; étapes possibles "
          ": {allowed}"};
      return Status::FailedPrecondition(Format(kNotAllowed, lang,
                                               {{"t", t->id},
                                                {"state", state},
                                                {"label", StateLabel(profile, state, lang)},
                                                {"allowed", JoinAllowed(profile, state, lang)}}));
    }
  }
  if (std::find(t->roles.begin(), t->roles.end(), facts.role) == t->roles.end()) {
    static constexpr Msg kRole{
        "role “{role}” may not do “{t}” ({label}) in state “{state}”; roles allowed: {roles}",
        "le rôle « {role} » ne peut pas effectuer « {t} » ({label}) dans l’état « {state} » ; "
        "rôles autorisés : "
        "{roles}"};
    return Status::PermissionDenied(Format(kRole, lang,
                                           {{"role", facts.role},
                                            {"t", t->id},
                                            {"label", t->label.Get(lang)},
                                            {"state", state.empty() ? std::string("-") : state},
                                            {"roles", Join(t->roles)}}));
  }
  if (t->changes_organisation) {
    if (facts.target_organisation.empty()) {
      static constexpr Msg kNeedsOrg{"“{t}” needs the receiving organisation",
                                     "« {t} » exige l’organisation destinataire"};
      return Status::InvalidArgument(Format(kNeedsOrg, lang, {{"t", t->id}}));
    }
    if (current && facts.target_organisation == current->organisation) {
      static constexpr Msg kSameOrg{"the referral is already with organisation {org}",
                                    "l’orientation est déjà suivie par l’organisation {org}"};
      return Status::InvalidArgument(Format(kSameOrg, lang, {{"org", facts.target_organisation}}));
    }
  }
  const bool needs_consent =
      t->consent == ConsentRule::kAlways || (t->consent == ConsentRule::kAdult && !facts.is_child);
  if (needs_consent && !facts.has_consent) {
    static constexpr Msg kConsent{
        "“{t}” needs the person’s consent to {purpose}{org}, and none is on record (an adult’s "
        "consent is "
        "required; withdrawn consent does not count); record it with “palermo consent give” first",
        "« {t} » exige le consentement de la personne à {purpose}{org}, et aucun n’est enregistré "
        "(le "
        "consentement d’un adulte est requis ; un consentement retiré ne compte pas) ; "
        "enregistrez-le d’abord "
        "avec « palermo consent give »"};
    std::string org;
    if (t->consent_purpose == ConsentPurpose::kDataSharing && !facts.target_organisation.empty())
      org = (lang == Lang::kFr ? " avec " : " with ") + facts.target_organisation;
    return Status::FailedPrecondition(
        Format(kConsent, lang,
               {{"t", t->id}, {"purpose", PurposeLabel(t->consent_purpose, lang)}, {"org", org}}));
  }
  if (current && t->after_minimum) {
    const StateDef* s = profile.FindState(state);
    if (s) {
      const std::optional<Deadline> ends = MinimumEnds(profile, *s, current->state_entered_at);
      if (ends && profile.calendar().LocalDate(facts.at) < ends->local_date) {
        static constexpr Msg kTooEarly{
            "the {what} runs until {date}: “{t}” is possible from {date} (state “{state}”)",
            "la {what} court jusqu’au {date} : « {t} » est possible à partir du {date} (état « "
            "{state} »)"};
        return Status::FailedPrecondition(Format(kTooEarly, lang,
                                                 {{"what", s->minimum_what.Get(lang)},
                                                  {"date", FormatDay(ends->local_date)},
                                                  {"t", t->id},
                                                  {"state", state}}));
      }
    }
  }
  return t;
}

std::optional<Deadline> DueBy(const Profile& profile, const StateDef& state, Instant entered) {
  if (state.due_working_days)
    return profile.calendar().WorkingDaysAfter(entered, *state.due_working_days);
  if (state.due_days) return profile.calendar().DaysAfter(entered, *state.due_days);
  return std::nullopt;
}

std::optional<Deadline> MinimumEnds(const Profile& profile, const StateDef& state,
                                    Instant entered) {
  if (state.minimum_working_days)
    return profile.calendar().WorkingDaysAfter(entered, *state.minimum_working_days);
  if (state.minimum_days) return profile.calendar().DaysAfter(entered, *state.minimum_days);
  return std::nullopt;
}

std::optional<Alert> AlertFor(const Profile& profile, const ReferralSnapshot& snapshot,
                              Instant as_of) {
  const StateDef* s = profile.FindState(snapshot.state);
  if (!s || s->terminal) return std::nullopt;
  const std::optional<Deadline> due = DueBy(profile, *s, snapshot.state_entered_at);
  if (!due) return std::nullopt;
  Alert a;
  a.state = snapshot.state;
  a.organisation = snapshot.organisation;
  a.what = s->due_what;
  a.due = *due;
  a.working_days_left =
      profile.calendar().WorkingDaysBetween(profile.calendar().LocalDate(as_of), due->local_date);
  if (as_of > due->end) {
    a.level = AlertLevel::kOverdue;
  } else if (a.working_days_left <= profile.due_soon_working_days()) {
    a.level = AlertLevel::kDueSoon;
  } else {
    return std::nullopt;
  }
  return a;
}

bool ConsentCovers(const std::vector<Consent>& records, ConsentPurpose purpose,
                   std::string_view organisation) {
  // The latest record (highest id) for this purpose that applies to `organisation` decides.
  const Consent* latest = nullptr;
  for (const Consent& c : records) {
    if (c.purpose != purpose) continue;
    const bool applies = c.with_organisation == organisation ||
                         (purpose != ConsentPurpose::kDataSharing && c.with_organisation.empty());
    if (!applies) continue;
    if (!latest || c.id > latest->id) latest = &c;
  }
  return latest && latest->given && latest->withdrawn_at.empty();
}

}  // namespace palermo::referral
