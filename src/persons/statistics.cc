// SPDX-License-Identifier: AGPL-3.0-or-later
// Persons as statistics count them (no identifiers), and their capture histories per year.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "persons/internal.h"

namespace palermo::persons {
namespace {

using internal::Int;
using internal::Real;
using internal::Str;

// The most frequent non-empty value; `none` when there is none or a tie.
template <typename T>
T Majority(const std::vector<T>& values, const T& none) {
  std::map<T, int> counts;
  for (const T& v : values)
    if (v != none) ++counts[v];
  T best = none;
  int best_count = 0;
  bool tie = false;
  for (const auto& [v, n] : counts) {
    if (n > best_count) {
      best = v;
      best_count = n;
      tie = false;
    } else if (n == best_count) {
      tie = true;
    }
  }
  return tie ? none : best;
}

int StatusRank(VictimStatus s) {
  switch (s) {
    case VictimStatus::kActualVictim: return 3;
    case VictimStatus::kPossibleVictim: return 2;
    case VictimStatus::kUnknown: return 1;
    case VictimStatus::kNotAVictim: return 0;
  }
  return 0;
}

// The stratum of a person for CaptureHistories; "" when `strata` is empty.
std::string StratumOf(const PersonSummary& p, std::string_view strata) {
  if (strata.empty()) return "";
  if (strata == "sex") return std::string(SexCode(p.sex));
  if (strata == "age_group") return !p.age ? "unknown" : *p.age < 18 ? "child" : "adult";
  if (strata == "form") return p.forms.empty() ? "unknown" : p.forms.size() > 1 ? "several" : p.forms[0];
  // citizenship_region
  if (const Country* c = CodeLists::Default().FindCountry(p.citizenship); c && !c->region_m49.empty())
    return c->region_m49;
  return "unknown";
}

}  // namespace

std::string MostFrequent(const std::vector<std::string>& values) {
  return Majority(values, std::string());
}

PersonSummary Summarise(std::string key, const std::vector<const CaseRecord*>& cases) {
  PersonSummary p;
  p.key = std::move(key);
  p.status = VictimStatus::kNotAVictim;  // raised to the strongest status recorded
  std::vector<Sex> sexes;
  std::vector<std::string> cits, coes;
  std::set<std::string> forms, agencies;
  std::map<int, std::set<std::string>> by_year;
  for (const CaseRecord* c : cases) {
    sexes.push_back(c->person.sex);
    cits.push_back(c->person.citizenship);
    coes.push_back(c->country_of_exploitation);
    forms.insert(c->forms.begin(), c->forms.end());
    agencies.insert(c->agency);
    const std::optional<int> age = AgeAtIdentification(*c);
    if (age && (!p.age || *age < *p.age)) p.age = age;
    if (c->identification_date) {
      const int year = c->identification_date->year();
      if (!p.year || year < *p.year) p.year = year;
      by_year[year].insert(c->agency);
    }
    if (StatusRank(c->victim_status) > StatusRank(p.status)) p.status = c->victim_status;
  }
  if (cases.empty()) p.status = VictimStatus::kUnknown;
  p.sex = Majority(sexes, Sex::kUnknown);
  p.citizenship = Majority(cits, std::string());
  p.country_of_exploitation = Majority(coes, std::string());
  p.forms.assign(forms.begin(), forms.end());
  p.agencies.assign(agencies.begin(), agencies.end());
  for (const auto& [year, names] : by_year) p.agencies_by_year[year].assign(names.begin(), names.end());
  return p;
}

Result<StatisticsInput> LoadPersons(store::Transaction& tx) {
  StatisticsInput in;
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases,
                           tx.ListCases("", /*with_identifiers=*/false, ""));
  PALERMO_ASSIGN_OR_RETURN(auto rows,
                           tx.Query("SELECT case_id, person_id FROM persons_assignment"));
  std::unordered_map<CaseId, int64_t> person_of;
  for (const auto& r : rows) person_of[Int(r[0])] = Int(r[1]);
  std::map<int64_t, std::vector<const CaseRecord*>> by_person;
  in.cases = static_cast<int64_t>(cases.size());
  for (const CaseRecord& c : cases) {
    const auto it = person_of.find(c.id);
    if (it == person_of.end()) {
      ++in.unlinked_cases;
      in.persons.push_back(Summarise("case:" + std::to_string(c.id), {&c}));
    } else {
      by_person[it->second].push_back(&c);
    }
  }
  for (const auto& [id, members] : by_person)
    in.persons.push_back(Summarise("person:" + std::to_string(id), members));
  PALERMO_ASSIGN_OR_RETURN(auto review, tx.Query("SELECT COUNT(*) FROM persons_review"));
  in.review_pairs = Int(review[0][0]);
  PALERMO_ASSIGN_OR_RETURN(
      auto runs, tx.Query("SELECT id, at, by_user, mode, cases, persons, threshold FROM "
                          "persons_run ORDER BY id DESC LIMIT 1"));
  if (!runs.empty())
    in.last_run = RunInfo{Int(runs[0][0]), Str(runs[0][1]), Str(runs[0][2]),
                          Str(runs[0][3]) == "full", Int(runs[0][4]), Int(runs[0][5]),
                          Real(runs[0][6])};
  return in;
}

Result<estimate::CaptureTable> CaptureHistories(const std::vector<PersonSummary>& persons,
                                                int year, std::string_view strata, Lang lang) {
  if (!strata.empty() && strata != "sex" && strata != "age_group" && strata != "form" &&
      strata != "citizenship_region")
    return Status::InvalidArgument(
        Format({"--strata: unknown stratification \"{s}\" (sex, age_group, form or "
                "citizenship_region)",
                "--strata : stratification inconnue « {s} » (sex, age_group, form ou "
                "citizenship_region)"},
               lang, {{"s", std::string(strata)}}));
  // The persons of the period and, for each, the agencies that recorded them in it.
  std::vector<std::pair<const PersonSummary*, std::set<std::string>>> seen;
  std::set<std::string> lists;
  for (const PersonSummary& p : persons) {
    if (p.status == VictimStatus::kNotAVictim || !p.year) continue;
    if (year != 0 && *p.year != year) continue;
    std::set<std::string> agencies;
    if (year == 0) {
      agencies.insert(p.agencies.begin(), p.agencies.end());
    } else if (const auto it = p.agencies_by_year.find(year); it != p.agencies_by_year.end()) {
      agencies.insert(it->second.begin(), it->second.end());
    }
    if (agencies.empty()) continue;
    lists.insert(agencies.begin(), agencies.end());
    seen.emplace_back(&p, std::move(agencies));
  }
  if (lists.size() < 2)
    return Status::InvalidArgument(Format(
        {"{year}: {n, plural, one {# agency} other {# agencies}} recorded persons; an estimate "
         "needs at least 2 lists",
         "{year} : {n, plural, one {# organisme a} other {# organismes ont}} enregistré des "
         "personnes ; une estimation demande au moins 2 listes"},
        lang,
        {{"year", year == 0 ? std::string(lang == Lang::kFr ? "toutes années" : "all years")
                            : std::to_string(year)},
         {"n", static_cast<int64_t>(lists.size())}}));
  if (lists.size() > static_cast<size_t>(estimate::kMaxLists))
    return Status::InvalidArgument(Format(
        {"{n} agencies recorded persons; an estimate reads at most {max} lists",
         "{n} organismes ont enregistré des personnes ; une estimation lit au plus {max} listes"},
        lang, {{"n", static_cast<int64_t>(lists.size())}, {"max", static_cast<int64_t>(estimate::kMaxLists)}}));
  estimate::CaptureTable table;
  table.list_names.assign(lists.begin(), lists.end());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < table.list_names.size(); ++i) index[table.list_names[i]] = i;
  std::map<std::string, std::vector<double>> cells;
  for (const auto& [p, agencies] : seen) {
    estimate::Term mask = 0;
    for (const std::string& a : agencies) mask |= estimate::Term{1} << index[a];
    auto [it, fresh] = cells.try_emplace(StratumOf(*p, strata), size_t{1} << lists.size(), 0.0);
    it->second[mask] += 1;
  }
  for (auto& [stratum, counts] : cells) {
    PALERMO_ASSIGN_OR_RETURN(estimate::Overlap o,
                             estimate::Overlap::FromCells(table.list_names, std::move(counts)));
    table.strata.emplace_back(stratum, std::move(o));
  }
  return table;
}

}  // namespace palermo::persons
