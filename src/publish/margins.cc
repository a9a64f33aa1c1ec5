// SPDX-License-Identifier: AGPL-3.0-or-later
// ReleaseConstraints: what the layout of a release tells an attacker about its cells besides
// each table's own relations. The tables count the same victims, so they share margins: the
// total by sex is in the sex × age, citizenship, status and year tables; the children by sex
// of the sex × age table are the girls and boys of the form table's person row; a country's
// citizenship total is the sum of the routes leaving it. Multi-valued fields give
// inequalities: a form's count is at most the persons with a recorded form, a region's
// person-category pairs at least its persons and at most four times as many.
// Every constraint holds on the true counts (tests/publish/release_test.cc checks it).
#include <map>
#include <set>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

struct View {
  int table_idx = -1;
  const Table* t = nullptr;
  int Row(std::string_view code) const {
    for (size_t i = 0; i < t->rows.size(); ++i)
      if (t->rows[i].code == code) return static_cast<int>(i);
    return -1;
  }
  int Col(std::string_view code) const {
    for (size_t i = 0; i < t->cols.size(); ++i)
      if (t->cols[i].code == code) return static_cast<int>(i);
    return -1;
  }
  CellRef At(int row_idx, int col_idx) const { return {table_idx, t->Cell(row_idx, col_idx)}; }
};

View Find(const std::vector<Table>& tables, std::string_view id) {
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i].id == id) return {static_cast<int>(i), &tables[i]};
  return {};
}

class Builder {
 public:
  void Equal(std::vector<std::pair<CellRef, int64_t>> terms) { Add(Constraint::Kind::kEqual, std::move(terms)); }
  void AtMost(std::vector<std::pair<CellRef, int64_t>> terms) { Add(Constraint::Kind::kAtMost, std::move(terms)); }
  std::vector<Constraint> Take() { return std::move(out_); }

 private:
  void Add(Constraint::Kind kind, std::vector<std::pair<CellRef, int64_t>> terms) {
    out_.push_back({kind, std::move(terms)});
  }
  std::vector<Constraint> out_;
};

const char* const kSexCols[] = {"female", "male", "other_or_unknown", "total"};

}  // namespace

std::vector<Constraint> ReleaseConstraints(const std::vector<Table>& tables, int year) {
  Builder b;
  const View sa = Find(tables, "sex_age"), fm = Find(tables, "form"), ct = Find(tables, "citizenship"),
             rf = Find(tables, "region_form"), rt = Find(tables, "route"), ag = Find(tables, "agency"),
             st = Find(tables, "status"), yr = Find(tables, "year");
  if (!sa.t) return {};
  const int sa_total = sa.Row("total"), sa_all = sa.Col("total");

  // The reporting year's victims by sex, in four tables.
  for (const char* sex : kSexCols) {
    const CellRef n = sa.At(sa_total, sa.Col(sex));
    for (const View& v : {ct, st})
      if (v.t) b.Equal({{v.At(v.Row("total"), v.Col(sex)), 1}, {n, -1}});
    if (yr.t) {
      const int row = year == 0 ? yr.Row("total") : yr.Row(std::to_string(year));
      if (row >= 0) b.Equal({{yr.At(row, yr.Col(sex)), 1}, {n, -1}});
      else b.Equal({{n, 1}});  // no victim that year
    }
  }
  const CellRef n = sa.At(sa_total, sa_all);
  for (const View& v : {rt, ag})
    if (v.t) b.Equal({{v.At(v.Row("total"), 0), 1}, {n, -1}});

  if (fm.t) {
    // The person row of the form table by GLOTIP category is the sex × age table regrouped.
    const int persons = fm.Row("persons"), nr = fm.Row("not_recorded"), pairs = fm.Row("total_pairs");
    const int children = sa.Row("children"), adults = sa.Row("adults"), unknown_age = sa.Row("unknown");
    const int female = sa.Col("female"), male = sa.Col("male"), other = sa.Col("other_or_unknown");
    b.Equal({{fm.At(persons, fm.Col("women")), 1}, {sa.At(adults, female), -1}});
    b.Equal({{fm.At(persons, fm.Col("men")), 1}, {sa.At(adults, male), -1}});
    b.Equal({{fm.At(persons, fm.Col("girls")), 1}, {sa.At(children, female), -1}});
    b.Equal({{fm.At(persons, fm.Col("boys")), 1}, {sa.At(children, male), -1}});
    b.Equal({{fm.At(persons, fm.Col("unknown")), 1},
             {sa.At(unknown_age, female), -1},
             {sa.At(unknown_age, male), -1},
             {sa.At(sa_total, other), -1}});
    b.Equal({{fm.At(persons, fm.Col("total")), 1}, {n, -1}});
    // Within the table: a form counts at most the persons with a recorded form; every person
    // is at least one pair and at most one pair per form.
    std::vector<int> form_rows;
    for (int row_idx : fm.t->data_rows) form_rows.push_back(row_idx);
    const int64_t n_forms = static_cast<int64_t>(form_rows.size());
    for (int col_idx = 0; col_idx < static_cast<int>(fm.t->cols.size()); ++col_idx) {
      const CellRef p = fm.At(persons, col_idx), none = fm.At(nr, col_idx), all = fm.At(pairs, col_idx);
      for (int row_idx : form_rows) b.AtMost({{fm.At(row_idx, col_idx), 1}, {none, 1}, {p, -1}});
      b.AtMost({{p, 1}, {all, -1}});
      // pairs - none <= n_forms · (persons - none)
      b.AtMost({{all, 1}, {none, n_forms - 1}, {p, -n_forms}});
    }
  }

  if (ct.t && rt.t) {
    // A citizenship's total is the sum of the routes leaving it.
    std::map<std::string, std::vector<int>> routes_from;
    for (int row_idx : rt.t->data_rows) {
      const std::string& code = rt.t->rows[row_idx].code;
      routes_from[code.substr(0, code.find('-'))].push_back(row_idx);
    }
    const int ct_all = ct.Col("total");
    for (int row_idx : ct.t->data_rows) {
      const Label& row = ct.t->rows[row_idx];
      if (!row.children.empty()) continue;  // a region
      std::vector<std::pair<CellRef, int64_t>> terms{{ct.At(row_idx, ct_all), 1}};
      for (int route : routes_from[row.code]) terms.push_back({rt.At(route, 0), -1});
      b.Equal(std::move(terms));
    }
  }

  if (rf.t && ct.t) {
    // A region's person-category pairs against its persons.
    const int rf_all = rf.Col("total"), rf_nr = rf.Col("not_recorded"), ct_all = ct.Col("total");
    int64_t n_categories = 0;
    for (const Label& c : rf.t->cols)
      if (!c.is_total && c.code != "not_recorded") ++n_categories;
    std::vector<int> rows = rf.t->data_rows;
    rows.push_back(rf.Row("total"));
    for (int row_idx : rows) {
      const int ct_row = ct.Row(rf.t->rows[row_idx].code);
      if (ct_row < 0) continue;
      const CellRef persons = ct.At(ct_row, ct_all), none = rf.At(row_idx, rf_nr), all = rf.At(row_idx, rf_all);
      for (int col_idx = 0; col_idx < static_cast<int>(rf.t->cols.size()); ++col_idx)
        if (col_idx != rf_all && col_idx != rf_nr) b.AtMost({{rf.At(row_idx, col_idx), 1}, {none, 1}, {persons, -1}});
      b.AtMost({{none, 1}, {persons, -1}});
      b.AtMost({{persons, 1}, {all, -1}});
      b.AtMost({{all, 1}, {none, n_categories - 1}, {persons, -n_categories}});
    }
  }

  if (rf.t && fm.t) {
    // Victims with no recorded form, in both tables; a category counts at least the victims of
    // each of its forms and at most their sum.
    const int rf_total = rf.Row("total"), fm_all = fm.Col("total");
    b.Equal({{rf.At(rf_total, rf.Col("not_recorded")), 1}, {fm.At(fm.Row("not_recorded"), fm_all), -1}});
    const CodeLists& codes = CodeLists::Default();
    std::map<std::string, std::vector<int>> forms_of;
    for (int row_idx : fm.t->data_rows) {
      const FormOfExploitation* f = codes.FindForm(fm.t->rows[row_idx].code);
      forms_of[f ? f->glotip_category : "other_purposes"].push_back(row_idx);
    }
    for (int col_idx = 0; col_idx < static_cast<int>(rf.t->cols.size()); ++col_idx) {
      const Label& col = rf.t->cols[col_idx];
      if (col.is_total || col.code == "not_recorded") continue;
      const CellRef cat = rf.At(rf_total, col_idx);
      std::vector<std::pair<CellRef, int64_t>> sum{{cat, 1}};
      for (int row_idx : forms_of[col.code]) {
        b.AtMost({{fm.At(row_idx, fm_all), 1}, {cat, -1}});
        sum.push_back({fm.At(row_idx, fm_all), -1});
      }
      b.AtMost(std::move(sum));
    }
  }
  return b.Take();
}

}  // namespace palermo::publish
