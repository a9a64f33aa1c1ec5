// SPDX-License-Identifier: AGPL-3.0-or-later
// The ILO/EC 2009 decision rule (WCMS_105023, "Operational indicators of trafficking in human
// beings", revised September 2009, p. 3): step 1 per dimension, step 2 combining dimensions as
// the Palermo Protocol art. 3 elements; for children art. 3(c) drops the means.
#include <map>
#include <sstream>

#include "screen/screen.h"

namespace palermo::screen {
namespace {

bool IsRecruitment(Dimension d) {
  return d == Dimension::kDeceptiveRecruitment || d == Dimension::kCoerciveRecruitment ||
         d == Dimension::kRecruitmentAbuseOfVulnerability;
}
bool IsDestinationMeans(Dimension d) {
  return d == Dimension::kCoercionAtDestination ||
         d == Dimension::kAbuseOfVulnerabilityAtDestination;
}

// Labels of `codes` in `lang`, joined by "; ".
std::string JoinLabels(const IndicatorList& list, Population p, Exploitation e,
                       const std::vector<std::string>& codes, Lang lang) {
  std::string out;
  for (const std::string& code : codes) {
    const Indicator* ind = list.Find(p, e, code);
    if (!out.empty()) out += "; ";
    out += ind ? ind->Label(lang) : code;
    if (ind && ind->strength != Strength::kNone) {
      out += " (";
      out += lang == Lang::kFr ? (ind->strength == Strength::kStrong   ? "fort"
                                  : ind->strength == Strength::kMedium ? "moyen"
                                                                       : "faible")
                               : StrengthCode(ind->strength);
      out += ")";
    }
  }
  return out;
}

std::string JoinDimensions(const std::vector<Dimension>& dims, Lang lang) {
  std::string out;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) out += lang == Lang::kFr ? ", " : ", ";
    out += DimensionLabel(dims[i], lang);
  }
  return out;
}

Reason Both(const Msg& msg, std::initializer_list<MsgArg> en_args,
            std::initializer_list<MsgArg> fr_args) {
  return Reason{Format(msg, Lang::kEn, en_args), Format(msg, Lang::kFr, fr_args)};
}

constexpr Msg kClauseText[] = {
    {"", ""},
    {"clause (a): two strong indicators", "clause a) : deux indicateurs forts"},
    {"clause (b): one strong and one medium or weak indicator",
     "clause b) : un indicateur fort et un moyen ou faible"},
    {"clause (c): three medium indicators", "clause c) : trois indicateurs moyens"},
    {"clause (d): two medium and one weak indicator",
     "clause d) : deux indicateurs moyens et un faible"},
};

Reason DimensionReason(const DimensionResult& r, const IndicatorList& list, Population p,
                       Exploitation e) {
  static constexpr Msg kPositive{"{dimension}: positive by {clause}. Present: {present}.",
                                 "{dimension} : positif selon la {clause}. Présents : {present}."};
  static constexpr Msg kNegative{
      "{dimension}: negative ({strong} strong, {medium} medium, {weak} weak present; no clause can "
      "be "
      "met even if the unknown indicators were present).",
      "{dimension} : négatif ({strong} fort(s), {medium} moyen(s), {weak} faible(s) présents ; "
      "aucune "
      "clause ne peut être remplie même si les indicateurs inconnus étaient présents)."};
  static constexpr Msg kUndetermined{
      "{dimension}: undetermined ({strong} strong, {medium} medium, {weak} weak present); it would "
      "be "
      "positive if some of these unknown indicators were present: {unknown}.",
      "{dimension} : indéterminé ({strong} fort(s), {medium} moyen(s), {weak} faible(s) présents) "
      "; il "
      "serait positif si certains de ces indicateurs inconnus étaient présents : {unknown}."};
  auto args = [&](Lang lang) -> std::map<std::string, std::string> {
    return {{"dimension", DimensionLabel(r.dimension, lang)},
            {"present", JoinLabels(list, p, e, r.yes_codes, lang)},
            {"unknown", JoinLabels(list, p, e, r.unknown_codes, lang)}};
  };
  const auto en = args(Lang::kEn), fr = args(Lang::kFr);
  switch (r.positive) {
    case Tri::kYes:
      return Both(kPositive,
                  {{"dimension", en.at("dimension")},
                   {"clause", std::string(kClauseText[r.clause - 'a' + 1].en)},
                   {"present", en.at("present")}},
                  {{"dimension", fr.at("dimension")},
                   {"clause", std::string(kClauseText[r.clause - 'a' + 1].fr)},
                   {"present", fr.at("present")}});
    case Tri::kNo:
      return Both(kNegative,
                  {{"dimension", en.at("dimension")},
                   {"strong", int64_t{r.strong}},
                   {"medium", int64_t{r.medium}},
                   {"weak", int64_t{r.weak}}},
                  {{"dimension", fr.at("dimension")},
                   {"strong", int64_t{r.strong}},
                   {"medium", int64_t{r.medium}},
                   {"weak", int64_t{r.weak}}});
    case Tri::kUndetermined:
      break;
  }
  return Both(kUndetermined,
              {{"dimension", en.at("dimension")},
               {"strong", int64_t{r.strong}},
               {"medium", int64_t{r.medium}},
               {"weak", int64_t{r.weak}},
               {"unknown", en.at("unknown")}},
              {{"dimension", fr.at("dimension")},
               {"strong", int64_t{r.strong}},
               {"medium", int64_t{r.medium}},
               {"weak", int64_t{r.weak}},
               {"unknown", fr.at("unknown")}});
}

Tri AnyOf(std::initializer_list<Tri> values) {
  bool undetermined = false;
  for (Tri t : values) {
    if (t == Tri::kYes) return Tri::kYes;
    if (t == Tri::kUndetermined) undetermined = true;
  }
  return undetermined ? Tri::kUndetermined : Tri::kNo;
}
Tri AllOf(std::initializer_list<Tri> values) {
  bool undetermined = false;
  for (Tri t : values) {
    if (t == Tri::kNo) return Tri::kNo;
    if (t == Tri::kUndetermined) undetermined = true;
  }
  return undetermined ? Tri::kUndetermined : Tri::kYes;
}

std::string_view TriWord(Tri t, Lang lang) {
  switch (t) {
    case Tri::kYes:
      return lang == Lang::kFr ? "positif" : "positive";
    case Tri::kNo:
      return lang == Lang::kFr ? "négatif" : "negative";
    case Tri::kUndetermined:
      break;
  }
  return lang == Lang::kFr ? "indéterminé" : "undetermined";
}

}  // namespace

std::string_view TriCode(Tri t) {
  switch (t) {
    case Tri::kYes:
      return "positive";
    case Tri::kNo:
      return "negative";
    case Tri::kUndetermined:
      break;
  }
  return "undetermined";
}

std::string_view PresumptionCode(Presumption p) {
  switch (p) {
    case Presumption::kPresumedVictim:
      return "presumed";
    case Presumption::kNotPresumed:
      return "not_presumed";
    case Presumption::kInsufficientInformation:
      break;
  }
  return "insufficient_information";
}

std::string PresumptionLabel(Presumption p, Exploitation e, Lang lang) {
  static constexpr Msg kPresumed{
      "{form, select, sexual {Presumed victim of trafficking for sexual exploitation} other "
      "{Presumed "
      "victim of trafficking for labour exploitation}}",
      "{form, select, sexual {Victime présumée de la traite à des fins d’exploitation sexuelle} "
      "other "
      "{Victime présumée de la traite à des fins d’exploitation par le travail}}"};
  static constexpr Msg kNot{"Not presumed a victim of trafficking on these indicators",
                            "Pas de présomption de traite au vu de ces indicateurs"};
  static constexpr Msg kInsufficient{"Insufficient information", "Informations insuffisantes"};
  switch (p) {
    case Presumption::kPresumedVictim:
      return Format(kPresumed, lang, {{"form", std::string(ExploitationCode(e))}});
    case Presumption::kNotPresumed:
      return Format(kNot, lang);
    case Presumption::kInsufficientInformation:
      break;
  }
  return Format(kInsufficient, lang);
}

char DimensionClause(int strong, int medium, int weak) {
  if (strong >= 2) return 'a';
  if (strong >= 1 && medium + weak >= 1) return 'b';
  if (medium >= 3) return 'c';
  if (medium >= 2 && weak >= 1) return 'd';
  return 0;
}

ScreeningResult Evaluate(const IndicatorList& list, Population population,
                         Exploitation exploitation, const std::vector<AnswerRecord>& answers) {
  ScreeningResult result;
  result.population = population;
  result.exploitation = exploitation;
  std::map<std::string, Answer, std::less<>> by_code;
  for (const AnswerRecord& a : answers) by_code[a.code] = a.answer;  // the last answer counts
  auto answer_of = [&](const std::string& code) {
    auto it = by_code.find(code);
    return it == by_code.end() ? Answer::kUnknown : it->second;
  };

  for (int dim_idx = 0; dim_idx < kGradedDimensions; ++dim_idx)
    result.dimensions[dim_idx].dimension = static_cast<Dimension>(dim_idx);
  Tri act_item = Tri::kNo;
  bool has_act_item = false;
  for (const Indicator* ind : list.Set(population, exploitation)) {
    const Answer a = answer_of(ind->code);
    if (ind->dimension == Dimension::kAct) {
      has_act_item = true;
      act_item = a == Answer::kYes ? Tri::kYes : a == Answer::kNo ? Tri::kNo : Tri::kUndetermined;
      continue;
    }
    DimensionResult& d = result.dimensions[static_cast<int>(ind->dimension)];
    if (a == Answer::kNo) continue;
    const bool yes = a == Answer::kYes;
    (yes ? d.yes_codes : d.unknown_codes).push_back(ind->code);
    switch (ind->strength) {
      case Strength::kStrong:
        ++(yes ? d.strong : d.unknown_strong);
        break;
      case Strength::kMedium:
        ++(yes ? d.medium : d.unknown_medium);
        break;
      case Strength::kWeak:
        ++(yes ? d.weak : d.unknown_weak);
        break;
      case Strength::kNone:
        break;
    }
  }
  for (DimensionResult& d : result.dimensions) {
    d.clause = DimensionClause(d.strong, d.medium, d.weak);
    const bool could_be = DimensionClause(d.strong + d.unknown_strong, d.medium + d.unknown_medium,
                                          d.weak + d.unknown_weak) != 0;
    d.positive = d.clause ? Tri::kYes : could_be ? Tri::kUndetermined : Tri::kNo;
    result.reasons.push_back(DimensionReason(d, list, population, exploitation));
  }
  auto dim = [&](Dimension d) { return result.dimensions[static_cast<int>(d)].positive; };
  const Tri recruitment =
      AnyOf({dim(Dimension::kDeceptiveRecruitment), dim(Dimension::kCoerciveRecruitment),
             dim(Dimension::kRecruitmentAbuseOfVulnerability)});
  const Tri exploitation_dim = dim(Dimension::kExploitativeConditions);
  const Tri destination = AnyOf(
      {dim(Dimension::kCoercionAtDestination), dim(Dimension::kAbuseOfVulnerabilityAtDestination)});
  // A positive recruitment dimension establishes the act (recruitment) by itself.
  result.act = AnyOf({has_act_item ? act_item : Tri::kNo, recruitment});

  std::vector<Dimension> positive, undetermined;
  for (const DimensionResult& d : result.dimensions) {
    if (d.positive == Tri::kYes) positive.push_back(d.dimension);
    if (d.positive == Tri::kUndetermined) undetermined.push_back(d.dimension);
  }

  Tri rule;
  if (population == Population::kAdult) {
    rule = AllOf({recruitment, exploitation_dim, destination});
    static constexpr Msg kAdultRule{
        "Adult rule (recruitment by deception, coercion or abuse of vulnerability AND exploitative "
        "conditions of work AND coercion or abuse of vulnerability at destination): recruitment "
        "{recruitment}, exploitation {exploitation}, destination {destination}.",
        "Règle pour les adultes (recrutement trompeur, sous la contrainte ou par abus de "
        "vulnérabilité "
        "ET conditions de travail abusives ET contrainte ou abus de vulnérabilité à destination) : "
        "recrutement {recruitment}, exploitation {exploitation}, destination {destination}."};
    result.reasons.push_back(
        Both(kAdultRule,
             {{"recruitment", std::string(TriWord(recruitment, Lang::kEn))},
              {"exploitation", std::string(TriWord(exploitation_dim, Lang::kEn))},
              {"destination", std::string(TriWord(destination, Lang::kEn))}},
             {{"recruitment", std::string(TriWord(recruitment, Lang::kFr))},
              {"exploitation", std::string(TriWord(exploitation_dim, Lang::kFr))},
              {"destination", std::string(TriWord(destination, Lang::kFr))}}));
  } else {
    rule = AllOf({result.act, exploitation_dim});
    static constexpr Msg kChildRule{
        "Child rule (Palermo Protocol art. 3(c): the means are not required): act (recruitment or "
        "movement) {act}, exploitative conditions of work {exploitation}.",
        "Règle pour les enfants (Protocole de Palerme art. 3 c) : les moyens ne sont pas requis) : "
        "acte "
        "(recrutement ou déplacement) {act}, conditions de travail abusives {exploitation}."};
    static constexpr Msg kActWord{
        "{v, select, positive {established} negative {not established} other {unknown}}",
        "{v, select, positive {établi} negative {non établi} other {inconnu}}"};
    const std::string act_code(TriCode(result.act));
    result.reasons.push_back(
        Both(kChildRule,
             {{"act", Format(kActWord, Lang::kEn, {{"v", act_code}})},
              {"exploitation", std::string(TriWord(exploitation_dim, Lang::kEn))}},
             {{"act", Format(kActWord, Lang::kFr, {{"v", act_code}})},
              {"exploitation", std::string(TriWord(exploitation_dim, Lang::kFr))}}));
    std::vector<Dimension> means;
    for (Dimension d : positive)
      if (IsRecruitment(d) || IsDestinationMeans(d)) means.push_back(d);
    if (!means.empty()) {
      static constexpr Msg kMeans{
          "Means also present (supporting evidence, not required): {dims}.",
          "Moyens également présents (éléments à l’appui, non requis) : {dims}."};
      result.reasons.push_back(Both(kMeans, {{"dims", JoinDimensions(means, Lang::kEn)}},
                                    {{"dims", JoinDimensions(means, Lang::kFr)}}));
    }
  }

  switch (rule) {
    case Tri::kYes:
      result.presumption = Presumption::kPresumedVictim;
      break;
    case Tri::kNo:
      result.presumption = Presumption::kNotPresumed;
      break;
    case Tri::kUndetermined: {
      result.presumption = Presumption::kInsufficientInformation;
      static constexpr Msg kDepends{
          "The result depends on unknown answers in: {dims}. Ask about them before concluding.",
          "Le résultat dépend de réponses inconnues dans : {dims}. Posez ces questions avant de "
          "conclure."};
      std::vector<Dimension> open = undetermined;
      if (population == Population::kChild && result.act == Tri::kUndetermined)
        open.push_back(Dimension::kAct);
      result.reasons.push_back(Both(kDepends, {{"dims", JoinDimensions(open, Lang::kEn)}},
                                    {{"dims", JoinDimensions(open, Lang::kFr)}}));
      break;
    }
  }
  return result;
}

std::string DescribeResult(const ScreeningResult& result, const IndicatorList& list, Lang lang) {
  static constexpr Msg kHeader{"Screening ({population}, {form}) with {list} version {version}",
                               "Repérage ({population}, {form}) avec {list} version {version}"};
  static constexpr Msg kPop{"{p, select, child {child} other {adult}}",
                            "{p, select, child {enfant} other {adulte}}"};
  static constexpr Msg kForm{
      "{f, select, sexual {sexual exploitation} other {labour exploitation}}",
      "{f, select, sexual {exploitation sexuelle} other {exploitation par le travail}}"};
  static constexpr Msg kNotADecision{
      "This is a presumption to guide referral, not a decision: a person decides.",
      "Ceci est une présomption pour orienter la personne, pas une décision : une personne "
      "décide."};
  std::ostringstream out;
  out << Format(kHeader, lang,
                {{"population",
                  Format(kPop, lang, {{"p", std::string(PopulationCode(result.population))}})},
                 {"form",
                  Format(kForm, lang, {{"f", std::string(ExploitationCode(result.exploitation))}})},
                 {"list", list.name()},
                 {"version", list.version()}})
      << "\n";
  for (const DimensionResult& d : result.dimensions)
    out << "  " << DimensionLabel(d.dimension, lang) << (lang == Lang::kFr ? " : " : ": ")
        << TriWord(d.positive, lang) << "\n";
  out << "=> " << PresumptionLabel(result.presumption, result.exploitation, lang) << "\n";
  for (const Reason& r : result.reasons) out << "  - " << r.Get(lang) << "\n";
  out << Format(kNotADecision, lang) << "\n";
  return out.str();
}

}  // namespace palermo::screen
