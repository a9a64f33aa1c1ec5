// SPDX-License-Identifier: AGPL-3.0-or-later
// ExportMicrodata: k-anonymous, l-diverse microdata of PersonRows, by KAnonymise over the
// hierarchies sex → *, age → CTDC band → child/adult → *, country → M49 subregion → region →
// *, year → five-year period → *; the sensitive value is the set of forms, diverse per form.
#include <algorithm>
#include <map>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

// Builds a hierarchy from per-value group labels at each level; groups numbered in order of
// first appearance. The last level is always "*".
Hierarchy MakeHierarchy(std::string name, const std::vector<std::vector<std::string>>& labels_by_level) {
  Hierarchy h;
  h.name = std::move(name);
  const size_t domain = labels_by_level[0].size();
  for (const auto& level_labels : labels_by_level) {
    std::map<std::string, uint32_t> index;
    std::vector<uint32_t> map(domain);
    std::vector<std::string> labels;
    for (size_t c = 0; c < domain; ++c) {
      auto [it, inserted] = index.emplace(level_labels[c], static_cast<uint32_t>(labels.size()));
      if (inserted) labels.push_back(level_labels[c]);
      map[c] = it->second;
    }
    h.levels.push_back(std::move(map));
    h.labels.push_back(std::move(labels));
  }
  h.levels.push_back(std::vector<uint32_t>(domain, 0));
  h.labels.push_back({"*"});
  return h;
}

}  // namespace

Result<Microdata> ExportMicrodata(const std::vector<PersonRow>& rows, const KAnonymityOptions& options) {
  const CodeLists& codes = CodeLists::Default();
  // Sex.
  const std::vector<std::string> sexes = {"female", "male", "other", "unknown"};
  Hierarchy sex = MakeHierarchy("sex", {sexes});
  // Age: exact years 0..120, then "unknown" (code 121).
  std::vector<std::string> age0, age1, age2;
  for (int a = 0; a <= 120; ++a) {
    age0.push_back(std::to_string(a));
    age1.push_back(codes.AgeBandFor(a).label);
    age2.push_back(a < kAgeOfMajority ? "child" : "adult");
  }
  age0.push_back("unknown");
  age1.push_back("unknown");
  age2.push_back("unknown");
  Hierarchy age = MakeHierarchy("age", {age0, age1, age2});
  // Countries: code list order, then "unknown".
  std::vector<std::string> c0, c1, c2;
  std::map<std::string, uint32_t> country_code;
  for (const Country& c : codes.countries()) {
    country_code[c.alpha3] = static_cast<uint32_t>(c0.size());
    c0.push_back(c.alpha3);
    c1.push_back(c.subregion_m49.empty() ? "M49-none" : "M49-" + c.subregion_m49);
    c2.push_back(c.region_m49.empty() ? "M49-none" : "M49-" + c.region_m49);
  }
  const uint32_t unknown_country = static_cast<uint32_t>(c0.size());
  c0.push_back("unknown");
  c1.push_back("unknown");
  c2.push_back("unknown");
  Hierarchy citizenship = MakeHierarchy("citizenship", {c0, c1, c2});
  Hierarchy exploitation = MakeHierarchy("country_of_exploitation", {c0, c1, c2});
  // Years: the range in the data, then "unknown"; five-year periods 2020-2024.
  int min_year = 0, max_year = -1;
  for (const PersonRow& p : rows)
    if (p.year) {
      min_year = max_year < min_year ? *p.year : std::min(min_year, *p.year);
      max_year = std::max(max_year, *p.year);
    }
  std::vector<std::string> y0, y1;
  for (int y = min_year; y <= max_year; ++y) {
    y0.push_back(std::to_string(y));
    const int start = y - ((y % 5) + 5) % 5;
    y1.push_back(std::to_string(start) + "-" + std::to_string(start + 4));
  }
  y0.push_back("unknown");
  y1.push_back("unknown");
  Hierarchy year = MakeHierarchy("year", {y0, y1});
  std::vector<Hierarchy> hierarchies = {sex, age, citizenship, exploitation, year};

  auto country_of = [&](const std::string& code) -> uint32_t {
    if (code.empty()) return unknown_country;
    const Country* c = codes.FindCountry(code);
    if (!c) return unknown_country;
    return country_code[c->alpha3];
  };
  std::vector<uint32_t> qi;
  std::vector<uint32_t> sensitive;
  std::vector<std::string> form_text;
  std::map<std::string, uint32_t> form_index;
  std::map<std::string, int> form_bit;
  std::vector<uint64_t> sets;  // sensitive code -> set of forms
  qi.reserve(rows.size() * hierarchies.size());
  for (const PersonRow& p : rows) {
    qi.push_back(p.sex == Sex::kFemale ? 0 : p.sex == Sex::kMale ? 1 : p.sex == Sex::kOther ? 2 : 3);
    qi.push_back(p.age && *p.age >= 0 ? static_cast<uint32_t>(std::min(*p.age, 120)) : 121);
    qi.push_back(country_of(p.citizenship));
    qi.push_back(country_of(p.country_of_exploitation));
    qi.push_back(p.year ? static_cast<uint32_t>(*p.year - min_year) : static_cast<uint32_t>(y0.size() - 1));
    std::string forms;
    uint64_t set = 0;
    for (const std::string& f : internal::BoundedForms(p, 0)) {
      forms += forms.empty() ? "" : ";";
      forms += f;
      auto [bit, fresh] = form_bit.emplace(f, static_cast<int>(form_bit.size()));
      if (bit->second >= 64) return Status::InvalidArgument("microdata: more than 64 forms of exploitation");
      set |= uint64_t{1} << bit->second;
    }
    auto [it, inserted] = form_index.emplace(forms, static_cast<uint32_t>(form_index.size()));
    if (inserted) sets.push_back(set);
    sensitive.push_back(it->second);
    form_text.push_back(forms);
  }
  // l-diversity per form: "" (no form recorded) is not a value.
  PALERMO_ASSIGN_OR_RETURN(KAnonymityResult result, KAnonymise(qi, hierarchies, sensitive, options, sets));
  Microdata md;
  md.header = {"sex", "age", "citizenship", "country_of_exploitation", "year", "forms"};
  const size_t q = hierarchies.size();
  for (size_t row = 0; row < rows.size(); ++row) {
    if (result.suppressed[row]) continue;
    std::vector<std::string> line;
    for (size_t i = 0; i < q; ++i) {
      const Hierarchy& h = hierarchies[i];
      const int level = result.levels[i];
      line.push_back(h.labels[level][h.levels[level][qi[row * q + i]]]);
    }
    line.push_back(form_text[row]);
    md.rows.push_back(std::move(line));
  }
  std::sort(md.rows.begin(), md.rows.end());  // no trace of input order
  md.result = std::move(result);
  return md;
}

}  // namespace palermo::publish
