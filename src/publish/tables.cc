// SPDX-License-Identifier: AGPL-3.0-or-later
// BuildTables: counts of victims by the GLOTIP / SDG 16.2.2 disaggregations.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {

void Table::DeriveRelations() {
  relations.clear();
  const int n_cols = static_cast<int>(cols.size());
  int total_col = -1;
  for (int col_idx = 0; col_idx < n_cols; ++col_idx)
    if (cols[col_idx].is_total) total_col = col_idx;
  for (int row_idx = 0; row_idx < static_cast<int>(rows.size()); ++row_idx) {
    if (total_col >= 0) {
      Relation r{Cell(row_idx, total_col), {}};
      for (int col_idx = 0; col_idx < n_cols; ++col_idx)
        if (col_idx != total_col) r.parts.push_back(Cell(row_idx, col_idx));
      relations.push_back(std::move(r));
    }
    if (!rows[row_idx].children.empty()) {
      for (int col_idx = 0; col_idx < n_cols; ++col_idx) {
        Relation r{Cell(row_idx, col_idx), {}};
        for (int child : rows[row_idx].children) r.parts.push_back(Cell(child, col_idx));
        relations.push_back(std::move(r));
      }
    }
  }
}

namespace {

const Text kTotal{"Total", "Total"};

// Columns by sex: female, male, other or not recorded, total.
std::vector<Label> SexColumns() {
  return {{"female", {"Female", "Féminin"}, {}, false},
          {"male", {"Male", "Masculin"}, {}, false},
          {"other_or_unknown", {"Other or not recorded", "Autre ou non renseigné"}, {}, false},
          {"total", kTotal, {}, true}};
}
int SexColumn(Sex sex) {
  switch (sex) {
    case Sex::kFemale: return 0;
    case Sex::kMale: return 1;
    default: return 2;
  }
}

// GLOTIP columns: women, men, girls, boys (age 18 is the boundary), then unknown, total.
std::vector<Label> GlotipColumns() {
  return {{"women", {"Women", "Femmes"}, {}, false},
          {"men", {"Men", "Hommes"}, {}, false},
          {"girls", {"Girls", "Filles"}, {}, false},
          {"boys", {"Boys", "Garçons"}, {}, false},
          {"unknown", {"Sex or age not recorded", "Sexe ou âge non renseigné"}, {}, false},
          {"total", kTotal, {}, true}};
}
int GlotipColumn(const PersonRow& p) {
  // As the sex × age table: a negative age is not recorded.
  if (!p.age || *p.age < 0 || (p.sex != Sex::kFemale && p.sex != Sex::kMale)) return 4;
  const bool is_minor = *p.age < kAgeOfMajority;
  if (p.sex == Sex::kFemale) return is_minor ? 2 : 0;
  return is_minor ? 3 : 1;
}

// Fills subtotal rows from their children (children may themselves be subtotals) and the total
// column from the detail columns. REQUIRES: the child graph is acyclic.
void Complete(Table& t) {
  const int n_rows = static_cast<int>(t.rows.size());
  const int n_cols = static_cast<int>(t.cols.size());
  std::vector<bool> done(n_rows, false);
  std::function<void(int)> fill = [&](int row_idx) {
    if (done[row_idx]) return;
    done[row_idx] = true;
    if (t.rows[row_idx].children.empty()) return;
    for (int col_idx = 0; col_idx < n_cols; ++col_idx) t.values[t.Cell(row_idx, col_idx)] = 0;
    for (int child : t.rows[row_idx].children) {
      fill(child);
      for (int col_idx = 0; col_idx < n_cols; ++col_idx)
        t.values[t.Cell(row_idx, col_idx)] += t.values[t.Cell(child, col_idx)];
    }
  };
  for (int row_idx = 0; row_idx < n_rows; ++row_idx) fill(row_idx);
  int total_col = -1;
  for (int col_idx = 0; col_idx < n_cols; ++col_idx)
    if (t.cols[col_idx].is_total) total_col = col_idx;
  if (total_col >= 0) {
    for (int row_idx = 0; row_idx < n_rows; ++row_idx) {
      int64_t sum = 0;
      for (int col_idx = 0; col_idx < n_cols; ++col_idx)
        if (col_idx != total_col) sum += t.values[t.Cell(row_idx, col_idx)];
      t.values[t.Cell(row_idx, total_col)] = sum;
    }
  }
  t.state.assign(t.values.size(), CellState::kPublished);
  t.DeriveRelations();
}

void Init(Table& t) { t.values.assign(t.rows.size() * t.cols.size(), 0); }

Label Detail(std::string code, Text text) { return {std::move(code), std::move(text), {}, false}; }
Label Sum(std::string code, Text text, std::vector<int> children) {
  return {std::move(code), std::move(text), std::move(children), true};
}

Text CountryText(std::string_view alpha3) {
  if (alpha3.empty()) return {"Not recorded", "Non renseigné"};
  const Country* c = CodeLists::Default().FindCountry(alpha3);
  if (!c) return {std::string(alpha3), std::string(alpha3)};
  return {c->name_en, c->name_fr};
}
std::string CountryCode(std::string_view code) {
  if (code.empty()) return "";
  const Country* c = CodeLists::Default().FindCountry(code);
  if (c) return c->alpha3;
  // A code outside the code list is kept, without '-', which separates a route's two ends.
  std::string raw(code);
  std::replace(raw.begin(), raw.end(), '-', '_');
  return raw;
}
// The alpha-3 code of a country of the code list; empty (not recorded) for any other code.
std::string KnownCountryCode(std::string_view code) {
  const Country* c = code.empty() ? nullptr : CodeLists::Default().FindCountry(code);
  return c ? c->alpha3 : "";
}
std::string RegionOf(std::string_view alpha3) {
  const Country* c = alpha3.empty() ? nullptr : CodeLists::Default().FindCountry(alpha3);
  return c ? c->region_m49 : "";
}
Text RegionText(const std::string& m49) {
  if (m49.empty()) return {"Not recorded or no M49 region", "Non renseigné ou sans région M49"};
  const CodeLists& codes = CodeLists::Default();
  return {codes.RegionName(m49, Lang::kEn), codes.RegionName(m49, Lang::kFr)};
}

Table SexAge(const std::vector<const PersonRow*>& rows) {
  const CodeLists& codes = CodeLists::Default();
  Table t;
  t.id = "sex_age";
  t.title = {"Detected victims by sex and age group", "Victimes détectées par sexe et groupe d'âge"};
  t.note = {"Age at identification; bands as in CTDC; children are under 18.",
            "Âge à l'identification ; tranches de la CTDC ; les enfants ont moins de 18 ans."};
  std::vector<int> child_rows, adult_rows;
  std::map<std::string, int> band_row;
  t.rows.push_back({});  // children subtotal, filled below
  for (const AgeBand& band : codes.age_bands()) {
    if (!band.is_minor) continue;
    band_row[band.label] = static_cast<int>(t.rows.size());
    child_rows.push_back(static_cast<int>(t.rows.size()));
    t.rows.push_back(Detail(band.label, {band.label, band.label}));
  }
  const int adult_row = static_cast<int>(t.rows.size());
  t.rows.push_back({});
  for (const AgeBand& band : codes.age_bands()) {
    if (band.is_minor) continue;
    band_row[band.label] = static_cast<int>(t.rows.size());
    adult_rows.push_back(static_cast<int>(t.rows.size()));
    t.rows.push_back(Detail(band.label, {band.label, band.label}));
  }
  t.rows[0] = Sum("children", {"Children (under 18)", "Enfants (moins de 18 ans)"}, child_rows);
  t.rows[adult_row] = Sum("adults", {"Adults (18 and over)", "Adultes (18 ans et plus)"}, adult_rows);
  const int unknown_row = static_cast<int>(t.rows.size());
  t.rows.push_back(Detail("unknown", {"Age not recorded", "Âge non renseigné"}));
  t.rows.push_back(Sum("total", kTotal, {0, adult_row, unknown_row}));
  t.cols = SexColumns();
  Init(t);
  for (const PersonRow* p : rows) {
    const int row_idx = p->age && *p->age >= 0 ? band_row[codes.AgeBandFor(*p->age).label] : unknown_row;
    ++t.values[t.Cell(row_idx, SexColumn(p->sex))];
  }
  Complete(t);
  return t;
}

// With `fixed`, every form of the code list has a row (zero or not) and a code outside the list
// is not counted as a form, so that the layout does not depend on the data.
Table FormTable(const std::vector<const PersonRow*>& rows, int max_forms_per_person, bool fixed) {
  const CodeLists& codes = CodeLists::Default();
  Table t;
  t.id = "form";
  t.title = {"Detected victims by form of exploitation, sex and age",
             "Victimes détectées par forme d'exploitation, sexe et âge"};
  t.note = {"A victim exploited in several forms is counted once in each form, so the form rows "
            "add up to person-form pairs; the last row counts each person once.",
            "Une victime exploitée sous plusieurs formes est comptée une fois par forme : les lignes "
            "des formes totalisent des couples personne-forme ; la dernière ligne compte chaque "
            "personne une seule fois."};
  std::vector<std::vector<std::string>> kept(rows.size());
  std::set<std::string> present;
  for (size_t i = 0; i < rows.size(); ++i) {
    kept[i] = internal::BoundedForms(*rows[i], max_forms_per_person, fixed);
    present.insert(kept[i].begin(), kept[i].end());
  }
  std::map<std::string, int> form_row;
  std::vector<int> detail_rows;
  for (const FormOfExploitation& f : codes.forms()) {
    if (!fixed && !present.count(f.code)) continue;
    form_row[f.code] = static_cast<int>(t.rows.size());
    detail_rows.push_back(static_cast<int>(t.rows.size()));
    t.rows.push_back(Detail(f.code, {f.label_en, f.label_fr}));
  }
  for (const std::string& code : present) {
    if (form_row.count(code)) continue;  // a code outside the code list: kept, labelled by code
    form_row[code] = static_cast<int>(t.rows.size());
    detail_rows.push_back(static_cast<int>(t.rows.size()));
    t.rows.push_back(Detail(code, {code, code}));
  }
  if (!fixed) t.data_rows = detail_rows;  // the forms seen in the data; "not recorded" is always there
  const int none_row = static_cast<int>(t.rows.size());
  detail_rows.push_back(none_row);
  t.rows.push_back(Detail("not_recorded", {"Form not recorded", "Forme non renseignée"}));
  t.rows.push_back(Sum("total_pairs", {"Total (person-form pairs)", "Total (couples personne-forme)"},
                       detail_rows));
  const int persons_row = static_cast<int>(t.rows.size());
  t.rows.push_back(Detail("persons", {"Victims (each counted once)", "Victimes (chacune comptée une fois)"}));
  t.rows.back().is_total = true;
  t.standalone_rows = {persons_row};
  t.cols = GlotipColumns();
  Init(t);
  for (size_t i = 0; i < rows.size(); ++i) {
    const int col_idx = GlotipColumn(*rows[i]);
    if (kept[i].empty()) ++t.values[t.Cell(none_row, col_idx)];
    for (const std::string& f : kept[i]) ++t.values[t.Cell(form_row[f], col_idx)];
    ++t.values[t.Cell(persons_row, col_idx)];
  }
  Complete(t);
  return t;
}

// With `fixed`, every country of the code list has a row under its region, and a code outside
// the list counts as not recorded.
Table CitizenshipTable(const std::vector<const PersonRow*>& rows, bool fixed) {
  Table t;
  t.id = "citizenship";
  t.title = {"Detected victims by citizenship and UN M49 region",
             "Victimes détectées par nationalité et région M49 des Nations Unies"};
  t.note = {"Regions follow the UN M49 standard; region rows are sums of their countries.",
            "Les régions suivent la norme M49 des Nations Unies ; chaque région est la somme de "
            "ses pays."};
  std::map<std::string, std::map<std::string, int>> by_region;  // region -> country -> row
  auto code_of = [fixed](std::string_view c) { return fixed ? KnownCountryCode(c) : CountryCode(c); };
  if (fixed) {
    for (const Country& c : CodeLists::Default().countries()) by_region[c.region_m49][c.alpha3];
    by_region[""][""];
  }
  for (const PersonRow* p : rows) by_region[RegionOf(p->citizenship)][code_of(p->citizenship)];
  std::vector<int> region_rows;
  // Regions with a code first (in code order), then the one without.
  std::vector<std::string> order;
  for (const auto& [region, countries] : by_region)
    if (!region.empty()) order.push_back(region);
  if (by_region.count("")) order.push_back("");
  for (const std::string& region : order) {
    const int region_row = static_cast<int>(t.rows.size());
    region_rows.push_back(region_row);
    t.rows.push_back(Sum(region.empty() ? "region_unknown" : "m49_" + region, RegionText(region), {}));
    std::vector<std::pair<std::string, std::string>> countries;  // English name, code
    for (const auto& [code, unused] : by_region[region]) countries.push_back({CountryText(code).en, code});
    std::sort(countries.begin(), countries.end());
    for (const auto& [name, code] : countries) {
      by_region[region][code] = static_cast<int>(t.rows.size());
      t.rows[region_row].children.push_back(static_cast<int>(t.rows.size()));
      t.rows.push_back(Detail(code.empty() ? "unknown" : code, CountryText(code)));
    }
  }
  if (!fixed)
    for (int row_idx = 0; row_idx < static_cast<int>(t.rows.size()); ++row_idx) t.data_rows.push_back(row_idx);
  t.rows.push_back(Sum("total", kTotal, region_rows));
  t.cols = SexColumns();
  Init(t);
  for (const PersonRow* p : rows)
    ++t.values[t.Cell(by_region[RegionOf(p->citizenship)][code_of(p->citizenship)], SexColumn(p->sex))];
  Complete(t);
  return t;
}

Table RegionFormTable(const std::vector<const PersonRow*>& rows, int max_forms_per_person, bool fixed) {
  const CodeLists& codes = CodeLists::Default();
  Table t;
  t.id = "region_form";
  t.title = {"Detected victims by region of citizenship and form of exploitation (GLOTIP categories)",
             "Victimes détectées par région de nationalité et forme d'exploitation (catégories GLOTIP)"};
  t.note = {"A victim is counted once in each category of exploitation they suffered; the total "
            "column counts person-category pairs. Form of exploitation is sensitive: a cell that "
            "would show that every victim of a region suffered one form is suppressed.",
            "Une victime est comptée une fois dans chaque catégorie d'exploitation subie ; la "
            "colonne total compte des couples personne-catégorie. La forme d'exploitation est "
            "sensible : une case qui montrerait que toutes les victimes d'une région ont subi la "
            "même forme est masquée."};
  t.sensitive_columns = true;
  const std::vector<std::pair<std::string, Text>> categories = {
      {"sexual_exploitation", {"Sexual exploitation", "Exploitation sexuelle"}},
      {"forced_labour", {"Forced labour", "Travail forcé"}},
      {"other_purposes", {"Other purposes", "Autres fins"}},
      {"organ_removal", {"Organ removal", "Prélèvement d'organes"}},
      {"not_recorded", {"Form not recorded", "Forme non renseignée"}}};
  for (const auto& [code, text] : categories) t.cols.push_back(Detail(code, text));
  t.cols.push_back({"total", {"Total (person-category pairs)", "Total (couples personne-catégorie)"}, {}, true});
  std::map<std::string, int> region_row;
  if (fixed) {
    for (const Country& c : codes.countries()) region_row[c.region_m49];
    region_row[""];
  }
  for (const PersonRow* p : rows) region_row[RegionOf(p->citizenship)];
  std::vector<std::string> order;
  for (const auto& [region, unused] : region_row)
    if (!region.empty()) order.push_back(region);
  if (region_row.count("")) order.push_back("");
  std::vector<int> detail_rows;
  for (const std::string& region : order) {
    region_row[region] = static_cast<int>(t.rows.size());
    detail_rows.push_back(static_cast<int>(t.rows.size()));
    t.rows.push_back(Detail(region.empty() ? "region_unknown" : "m49_" + region, RegionText(region)));
  }
  if (!fixed) t.data_rows = detail_rows;
  t.rows.push_back(Sum("total", kTotal, detail_rows));
  Init(t);
  for (const PersonRow* p : rows) {
    const int row_idx = region_row[RegionOf(p->citizenship)];
    std::set<int> cats;
    for (const std::string& f : internal::BoundedForms(*p, max_forms_per_person, fixed)) {
      const FormOfExploitation* form = codes.FindForm(f);
      const std::string cat = form ? form->glotip_category : "other_purposes";
      for (size_t col_idx = 0; col_idx < categories.size(); ++col_idx)
        if (categories[col_idx].first == cat) cats.insert(static_cast<int>(col_idx));
    }
    if (cats.empty()) cats.insert(4);
    for (int col_idx : cats) ++t.values[t.Cell(row_idx, col_idx)];
  }
  Complete(t);
  return t;
}

// With `fixed`, a country outside the code list counts as not recorded (the routes themselves
// stay an open domain: a DP release thresholds them, see ProtectTables).
Table RouteTable(const std::vector<const PersonRow*>& rows, bool fixed) {
  auto code_of = [fixed](std::string_view c) { return fixed ? KnownCountryCode(c) : CountryCode(c); };
  Table t;
  t.id = "route";
  t.title = {"Routes: citizenship → country of exploitation", "Itinéraires : nationalité → pays d'exploitation"};
  t.note = {"Origin is the victim's citizenship; destination the country where the exploitation "
            "took place. Routes are sorted by name, never by size.",
            "L'origine est la nationalité de la victime ; la destination, le pays où "
            "l'exploitation a eu lieu. Les itinéraires sont triés par nom, jamais par effectif."};
  std::map<std::pair<std::string, std::string>, int> route_row;
  for (const PersonRow* p : rows)
    route_row[{code_of(p->citizenship), code_of(p->country_of_exploitation)}];
  std::vector<std::tuple<std::string, std::string, std::string>> order;  // name, from, to
  for (const auto& [key, unused] : route_row)
    order.push_back({CountryText(key.first).en + " → " + CountryText(key.second).en, key.first, key.second});
  std::sort(order.begin(), order.end());
  std::vector<int> detail_rows;
  for (const auto& [name, from, to] : order) {
    route_row[{from, to}] = static_cast<int>(t.rows.size());
    detail_rows.push_back(static_cast<int>(t.rows.size()));
    const Text a = CountryText(from), b = CountryText(to);
    t.rows.push_back(Detail((from.empty() ? "unknown" : from) + "-" + (to.empty() ? "unknown" : to),
                            {a.en + " → " + b.en, a.fr + " → " + b.fr}));
  }
  t.data_rows = detail_rows;
  t.rows.push_back(Sum("total", kTotal, detail_rows));
  t.cols = {Detail("victims", {"Victims", "Victimes"})};
  Init(t);
  for (const PersonRow* p : rows)
    ++t.values[t.Cell(route_row[{code_of(p->citizenship), code_of(p->country_of_exploitation)}], 0)];
  Complete(t);
  return t;
}

Table AgencyTable(const std::vector<const PersonRow*>& rows, Unit unit) {
  Table t;
  t.id = "agency";
  t.title = {"Detecting agencies and overlap between their lists",
             "Organismes de détection et recoupement de leurs listes"};
  t.note = unit == Unit::kUniquePersons
               ? Text{"Overlap rows are disjoint: each victim appears in exactly one, the set of "
                      "agencies that recorded them. An agency's row adds up every pattern that "
                      "includes it.",
                      "Les lignes de recoupement sont disjointes : chaque victime figure dans une "
                      "seule, l'ensemble des organismes qui l'ont enregistrée. La ligne d'un "
                      "organisme additionne tous les recoupements qui l'incluent."}
               : Text{"Without linkage each record has one agency: overlap between agencies "
                      "cannot be measured.",
                      "Sans appariement, chaque enregistrement relève d'un seul organisme : le "
                      "recoupement ne peut pas être mesuré."};
  auto pattern_of = [](const PersonRow& p) {
    std::set<std::string> s(p.agencies.begin(), p.agencies.end());
    return std::vector<std::string>(s.begin(), s.end());
  };
  std::map<std::vector<std::string>, int> pattern_row;
  std::set<std::string> agencies;
  for (const PersonRow* p : rows) {
    auto pattern = pattern_of(*p);
    agencies.insert(pattern.begin(), pattern.end());
    pattern_row[pattern];
  }
  std::vector<int> pattern_rows;
  for (auto& [pattern, row_idx] : pattern_row) {
    row_idx = static_cast<int>(t.rows.size());
    pattern_rows.push_back(row_idx);
    std::string code, en, fr;
    for (const std::string& a : pattern) {
      { code += code.empty() ? "" : "+"; code += a; }
      { en += en.empty() ? "" : " + "; en += a; }
    }
    fr = en;
    if (pattern.empty()) {
      code = "none";
      en = "Agency not recorded";
      fr = "Organisme non renseigné";
    } else if (pattern.size() == 1) {
      en += " only";
      fr += " seulement";
    }
    t.rows.push_back(Detail("pattern:" + code, {en, fr}));
  }
  for (const std::string& a : agencies) {
    std::vector<int> children;
    for (const auto& [pattern, row_idx] : pattern_row)
      if (std::binary_search(pattern.begin(), pattern.end(), a)) children.push_back(row_idx);
    Label l = Sum("agency:" + a, {"Recorded by " + a + " (all patterns)", "Enregistrées par " + a + " (tous recoupements)"},
                  children);
    l.is_total = false;
    t.rows.push_back(std::move(l));
  }
  for (int row_idx = 0; row_idx < static_cast<int>(t.rows.size()); ++row_idx) t.data_rows.push_back(row_idx);
  t.rows.push_back(Sum("total", kTotal, pattern_rows));
  t.cols = {Detail("victims", {unit == Unit::kUniquePersons ? "Victims" : "Records",
                               unit == Unit::kUniquePersons ? "Victimes" : "Enregistrements"})};
  Init(t);
  for (const PersonRow* p : rows) ++t.values[t.Cell(pattern_row[pattern_of(*p)], 0)];
  Complete(t);
  return t;
}

Table StatusTable(const std::vector<const PersonRow*>& rows) {
  Table t;
  t.id = "status";
  t.title = {"Detected victims by identification status and sex",
             "Victimes détectées par statut d'identification et sexe"};
  t.note = {"Identified: formally identified as a victim; presumed: presumed victim awaiting a "
            "decision.",
            "Identifiée : formellement identifiée comme victime ; présumée : victime présumée en "
            "attente de décision."};
  t.rows = {Detail("identified", {"Identified victims", "Victimes identifiées"}),
            Detail("presumed", {"Presumed victims", "Victimes présumées"}),
            Detail("unknown", {"Status not recorded", "Statut non renseigné"}),
            Sum("total", kTotal, {0, 1, 2})};
  t.cols = SexColumns();
  Init(t);
  for (const PersonRow* p : rows) {
    const int row_idx = p->status == VictimStatus::kActualVictim     ? 0
                        : p->status == VictimStatus::kPossibleVictim ? 1
                                                                     : 2;
    ++t.values[t.Cell(row_idx, SexColumn(p->sex))];
  }
  Complete(t);
  return t;
}

// With `first_year` > 0, the rows are every year of [first_year, last_year] and one row for a
// year not recorded or outside the range, whatever the data.
Table YearTable(const std::vector<const PersonRow*>& rows, int first_year, int last_year) {
  Table t;
  t.id = "year";
  t.title = {"Detected victims by year of identification and sex",
             "Victimes détectées par année d'identification et sexe"};
  t.note = {"All years in the data, not only the reporting year.",
            "Toutes les années des données, pas seulement l'année du rapport."};
  std::map<int, int> year_row;
  bool has_unknown = false;
  const bool fixed = first_year > 0;
  auto in_range = [&](const PersonRow* p) { return p->year && (!fixed || (*p->year >= first_year && *p->year <= last_year)); };
  if (fixed) {
    t.note = {"Years " + std::to_string(first_year) + " to " + std::to_string(last_year) + ", declared in advance.",
              "Années " + std::to_string(first_year) + " à " + std::to_string(last_year) + ", déclarées à l'avance."};
    for (int y = first_year; y <= last_year; ++y) year_row[y];
    has_unknown = true;
  }
  for (const PersonRow* p : rows) {
    if (in_range(p)) year_row[*p->year];
    else has_unknown = true;
  }
  std::vector<int> detail_rows;
  for (auto& [year, row_idx] : year_row) {
    row_idx = static_cast<int>(t.rows.size());
    detail_rows.push_back(row_idx);
    t.rows.push_back(Detail(std::to_string(year), {std::to_string(year), std::to_string(year)}));
  }
  const int unknown_row = static_cast<int>(t.rows.size());
  if (has_unknown) {
    detail_rows.push_back(unknown_row);
    t.rows.push_back(fixed ? Detail("unknown", {"Year not recorded or outside the range", "Année non renseignée ou hors de la période"})
                           : Detail("unknown", {"Year not recorded", "Année non renseignée"}));
  }
  if (!fixed) t.data_rows = detail_rows;
  t.rows.push_back(Sum("total", kTotal, detail_rows));
  t.cols = SexColumns();
  Init(t);
  for (const PersonRow* p : rows)
    ++t.values[t.Cell(in_range(p) ? year_row[*p->year] : unknown_row, SexColumn(p->sex))];
  Complete(t);
  return t;
}

}  // namespace

namespace internal {

uint64_t Fnv1a(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::vector<std::string> BoundedForms(const PersonRow& p, int max_forms_per_person, bool known_only) {
  std::set<std::string> unique;
  const CodeLists& codes = CodeLists::Default();
  for (const std::string& f : p.forms) {
    if (f.empty()) continue;
    if (!known_only) { unique.insert(f); continue; }
    if (const FormOfExploitation* form = codes.FindForm(f)) unique.insert(form->code);
  }
  std::vector<std::string> forms(unique.begin(), unique.end());
  if (max_forms_per_person > 0 && static_cast<int>(forms.size()) > max_forms_per_person) {
    // Which forms are kept depends on the person's key, not on the form, so no form is
    // systematically dropped.
    std::sort(forms.begin(), forms.end(), [&](const std::string& a, const std::string& b) {
      return Fnv1a(p.person_key + "\x1f" + a) < Fnv1a(p.person_key + "\x1f" + b);
    });
    forms.resize(max_forms_per_person);
    std::sort(forms.begin(), forms.end());
  }
  return forms;
}

void DropRows(Table& t, const std::vector<bool>& keep) {
  const size_t n_cols = t.cols.size();
  std::vector<int> index(t.rows.size(), -1);
  Table out = t;
  out.rows.clear();
  out.values.clear();
  out.state.clear();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (!keep[r]) continue;
    index[r] = static_cast<int>(out.rows.size());
    out.rows.push_back(t.rows[r]);
    out.values.insert(out.values.end(), t.values.begin() + static_cast<std::ptrdiff_t>(r * n_cols),
                      t.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * n_cols));
    out.state.insert(out.state.end(), t.state.begin() + static_cast<std::ptrdiff_t>(r * n_cols),
                     t.state.begin() + static_cast<std::ptrdiff_t>((r + 1) * n_cols));
  }
  auto remap = [&](const std::vector<int>& v) {
    std::vector<int> kept;
    for (int r : v)
      if (index[r] >= 0) kept.push_back(index[r]);
    return kept;
  };
  for (size_t r = 0; r < out.rows.size(); ++r) {
    Label& l = out.rows[r];
    if (l.children.empty()) continue;
    l.children = remap(l.children);
    if (l.children.empty())
      for (size_t c = 0; c < n_cols; ++c) out.values[r * n_cols + c] = 0;
  }
  out.data_rows = remap(t.data_rows);
  out.standalone_rows = remap(t.standalone_rows);
  out.DeriveRelations();
  RecomputeTotals(out);
  t = std::move(out);
}

std::vector<Table> BuildTables(const ReportInput& input, int max_forms_per_person, const Domains& domains) {
  std::vector<const PersonRow*> all, of_year;
  for (const PersonRow& p : input.rows) {
    if (p.status == VictimStatus::kNotAVictim) continue;
    all.push_back(&p);
    if (input.year == 0 || (p.year && *p.year == input.year)) of_year.push_back(&p);
  }
  std::vector<Table> tables;
  tables.push_back(SexAge(of_year));
  tables.push_back(FormTable(of_year, max_forms_per_person, domains.fixed));
  tables.push_back(CitizenshipTable(of_year, domains.fixed));
  tables.push_back(RegionFormTable(of_year, max_forms_per_person, domains.fixed));
  tables.push_back(RouteTable(of_year, domains.fixed));
  tables.push_back(AgencyTable(of_year, input.unit));
  tables.push_back(StatusTable(of_year));
  tables.push_back(YearTable(all, domains.fixed ? domains.first_year : 0, domains.last_year));
  return tables;
}

}  // namespace internal

std::vector<Table> BuildTables(const ReportInput& input) { return internal::BuildTables(input, 0, {}); }

}  // namespace palermo::publish
