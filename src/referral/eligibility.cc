// SPDX-License-Identifier: AGPL-3.0-or-later
// Service eligibility: every rule gives a reason, met or not, in English and French.
#include <algorithm>

#include "referral/referral.h"

namespace palermo::referral {
namespace {

Text Both(const Msg& msg, std::initializer_list<MsgArg> en, std::initializer_list<MsgArg> fr) {
  return Text{Format(msg, Lang::kEn, en), Format(msg, Lang::kFr, fr)};
}

std::string JoinCodes(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string AgeRange(const Eligibility& e) {
  const std::string lo = e.min_age ? std::to_string(*e.min_age) : "0";
  const std::string hi = e.max_age ? std::to_string(*e.max_age) : "+";
  return e.max_age ? lo + "-" + hi : lo + hi;
}

}  // namespace

Text ServiceTypeLabel(std::string_view type) {
  static constexpr Msg kType{
      "{t, select, shelter {shelter} medical {medical care} legal {legal aid} psychosocial "
      "{psychosocial support} "
      "interpretation {interpretation} return_reintegration {return and reintegration} "
      "compensation "
      "{compensation} other {other}}",
      "{t, select, shelter {hébergement} medical {soins médicaux} legal {aide juridique} "
      "psychosocial {soutien "
      "psychosocial} interpretation {interprétariat} return_reintegration {retour et "
      "réintégration} compensation "
      "{indemnisation} other {autre}}"};
  return Both(kType, {{"t", std::string(type)}}, {{"t", std::string(type)}});
}

EligibilityCheck CheckEligibility(const ServiceDef& service, const CaseRecord& record,
                                  int places_in_use) {
  EligibilityCheck out;
  const Eligibility& e = service.eligibility;
  auto fail = [&](Text t) {
    out.eligible = false;
    out.reasons.push_back(std::move(t));
  };
  auto pass = [&](Text t) { out.reasons.push_back(std::move(t)); };

  if (e.min_age || e.max_age) {
    const std::optional<int> age = AgeAtIdentification(record);
    const std::string range = AgeRange(e);
    if (!age) {
      static constexpr Msg k{"age unknown; the service takes ages {range}",
                             "âge inconnu ; le service accueille les âges {range}"};
      fail(Both(k, {{"range", range}}, {{"range", range}}));
    } else if ((e.min_age && *age < *e.min_age) || (e.max_age && *age > *e.max_age)) {
      static constexpr Msg k{"age {age} is outside the ages the service takes ({range})",
                             "l’âge {age} est hors des âges accueillis par le service ({range})"};
      fail(Both(k, {{"age", int64_t{*age}}, {"range", range}},
                {{"age", int64_t{*age}}, {"range", range}}));
    } else {
      static constexpr Msg k{"age {age} is within the ages the service takes ({range})",
                             "l’âge {age} est dans les âges accueillis par le service ({range})"};
      pass(Both(k, {{"age", int64_t{*age}}, {"range", range}},
                {{"age", int64_t{*age}}, {"range", range}}));
    }
  }
  if (!e.sexes.empty()) {
    std::vector<std::string> codes;
    for (Sex s : e.sexes) codes.emplace_back(SexCode(s));
    const std::string sex(SexCode(record.person.sex));
    const std::string list = JoinCodes(codes);
    if (record.person.sex == Sex::kUnknown) {
      static constexpr Msg k{"sex unknown; the service takes: {list}",
                             "sexe inconnu ; le service accueille : {list}"};
      fail(Both(k, {{"list", list}}, {{"list", list}}));
    } else if (std::find(e.sexes.begin(), e.sexes.end(), record.person.sex) == e.sexes.end()) {
      static constexpr Msg k{
          "sex {sex} is not among those the service takes ({list})",
          "le sexe {sex} n’est pas parmi ceux que le service accueille ({list})"};
      fail(Both(k, {{"sex", sex}, {"list", list}}, {{"sex", sex}, {"list", list}}));
    } else {
      static constexpr Msg k{"sex {sex} is among those the service takes ({list})",
                             "le sexe {sex} est parmi ceux que le service accueille ({list})"};
      pass(Both(k, {{"sex", sex}, {"list", list}}, {{"sex", sex}, {"list", list}}));
    }
  }
  if (!e.nationalities.empty()) {
    const std::string list = JoinCodes(e.nationalities);
    const std::string& nat = record.person.citizenship;
    if (nat.empty()) {
      static constexpr Msg k{
          "nationality unknown; the service is for nationals of: {list}",
          "nationalité inconnue ; le service est destiné aux ressortissants de : {list}"};
      fail(Both(k, {{"list", list}}, {{"list", list}}));
    } else if (std::find(e.nationalities.begin(), e.nationalities.end(), nat) ==
               e.nationalities.end()) {
      static constexpr Msg k{"nationality {nat} is not among those the service is for ({list})",
                             "la nationalité {nat} n’est pas parmi celles du service ({list})"};
      fail(Both(k, {{"nat", nat}, {"list", list}}, {{"nat", nat}, {"list", list}}));
    } else {
      static constexpr Msg k{"nationality {nat} is among those the service is for ({list})",
                             "la nationalité {nat} est parmi celles du service ({list})"};
      pass(Both(k, {{"nat", nat}, {"list", list}}, {{"nat", nat}, {"list", list}}));
    }
  }
  if (!e.forms.empty()) {
    const std::string list = JoinCodes(e.forms);
    std::vector<std::string> served;
    for (const std::string& f : record.forms)
      if (std::find(e.forms.begin(), e.forms.end(), f) != e.forms.end()) served.push_back(f);
    if (record.forms.empty()) {
      static constexpr Msg k{
          "no form of exploitation recorded; the service is for: {list}",
          "aucune forme d’exploitation enregistrée ; le service est destiné à : {list}"};
      fail(Both(k, {{"list", list}}, {{"list", list}}));
    } else if (served.empty()) {
      static constexpr Msg k{
          "the case’s forms of exploitation ({forms}) are not among those the service is for "
          "({list})",
          "les formes d’exploitation du dossier ({forms}) ne sont pas parmi celles du service "
          "({list})"};
      const std::string forms = JoinCodes(record.forms);
      fail(Both(k, {{"forms", forms}, {"list", list}}, {{"forms", forms}, {"list", list}}));
    } else {
      static constexpr Msg k{
          "form of exploitation {forms} is among those the service is for ({list})",
          "la forme d’exploitation {forms} est parmi celles du service ({list})"};
      const std::string forms = JoinCodes(served);
      pass(Both(k, {{"forms", forms}, {"list", list}}, {{"forms", forms}, {"list", list}}));
    }
  }
  if (e.capacity) {
    const int64_t free_places = std::max(0, *e.capacity - places_in_use);
    const int64_t cap = *e.capacity;
    if (free_places == 0) {
      static constexpr Msg k{"no place free ({cap} of {cap} in use)",
                             "aucune place libre ({cap} sur {cap} occupées)"};
      fail(Both(k, {{"cap", cap}}, {{"cap", cap}}));
    } else {
      static constexpr Msg k{"{free} of {cap} places free", "{free} place(s) libre(s) sur {cap}"};
      pass(Both(k, {{"free", free_places}, {"cap", cap}}, {{"free", free_places}, {"cap", cap}}));
    }
  }
  if (out.reasons.empty()) {
    static constexpr Msg k{"no eligibility rule: open to every case",
                           "aucune condition : ouvert à tous les dossiers"};
    pass(Both(k, {}, {}));
  }
  return out;
}

}  // namespace palermo::referral
