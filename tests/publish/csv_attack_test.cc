// SPDX-License-Identifier: AGPL-3.0-or-later
// An independent check of a written release: re-read tables/*.csv as a reader would get them,
// write down from the layout alone what the tables say about each other, and attack every
// suppressed cell with GLPK. Nothing here uses the library's constraints or attacker.
#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

struct CsvTable {
  std::vector<std::string> rows;                             // row codes
  std::vector<std::vector<std::optional<int64_t>>> cells;    // nullopt = "x"
  size_t n_cols = 0;
};

struct Var {
  std::string table;
  std::string row;
  size_t col;
};

class Attacker {
 public:
  explicit Attacker(const std::filesystem::path& dir) {
    for (const char* id : {"sex_age", "form", "citizenship", "region_form", "route", "agency", "status", "year"}) {
      auto csv = ReadCsvFile(dir / "tables" / (std::string(id) + ".csv"));
      EXPECT_TRUE(csv.ok()) << id;
      CsvTable& t = tables_[id];
      t.n_cols = csv->header.size() - 2;
      for (const auto& row : csv->rows) {
        if (row[0] == "note") continue;
        t.rows.push_back(row[0]);
        std::vector<std::optional<int64_t>> cells;
        for (size_t c = 2; c < row.size(); ++c)
          cells.push_back(row[c] == "x" ? std::nullopt : std::optional<int64_t>(std::stoll(row[c])));
        t.cells.push_back(std::move(cells));
      }
    }
  }

  // Adds every relation a reader can see from the layout.
  void WriteDownTheLayout(int year) {
    for (auto& [id, t] : tables_) {
      const size_t total_col = t.n_cols - 1;
      for (const std::string& row : t.rows) {
        if (t.n_cols > 1) SumOfColumns(id, row, total_col);
        if (IsDataRow(id, row)) AtLeast(1, {{Col(id, row, t.n_cols > 1 ? total_col : 0), 1}});
      }
      for (size_t c = 0; c < t.n_cols; ++c) {
        auto rows_sum = [&](const std::string& total, const std::vector<std::string>& parts) {
          std::vector<std::pair<int, double>> terms{{Col(id, total, c), 1}};
          for (const std::string& p : parts) terms.push_back({Col(id, p, c), -1});
          Equal(std::move(terms));
        };
        std::vector<std::string> details, regions, patterns;
        for (const std::string& row : t.rows)
          if (row != "total" && row != "total_pairs" && row != "persons" && row.rfind("agency:", 0) != 0) details.push_back(row);
        if (id == "sex_age") {
          rows_sum("children", {"0-8", "9-17"});
          std::vector<std::string> adults;
          bool in = false;
          for (const std::string& row : t.rows) {
            if (row == "unknown") in = false;
            if (in) adults.push_back(row);
            if (row == "adults") in = true;
          }
          rows_sum("adults", adults);
          rows_sum("total", {"children", "adults", "unknown"});
        } else if (id == "form") {
          rows_sum("total_pairs", details);
        } else if (id == "citizenship") {
          std::string region;
          std::map<std::string, std::vector<std::string>> countries;
          for (const std::string& row : t.rows) {
            if (row.rfind("m49_", 0) == 0 || row == "region_unknown") regions.push_back(region = row);
            else if (row != "total") countries[region].push_back(row);
          }
          for (const auto& [r, list] : countries) rows_sum(r, list);
          rows_sum("total", regions);
        } else if (id == "agency") {
          for (const std::string& row : t.rows) {
            if (row.rfind("agency:", 0) != 0) continue;
            const std::string agency = row.substr(7);
            std::vector<std::string> with;
            for (const std::string& p : details)
              if (("+" + p.substr(8) + "+").find("+" + agency + "+") != std::string::npos) with.push_back(p);
            rows_sum(row, with);
          }
          rows_sum("total", details);
        } else {
          rows_sum("total", details);
        }
      }
    }
    // Shared margins. Sex columns are in the same order in the four sex tables.
    const std::string y = year == 0 ? "total" : std::to_string(year);
    for (size_t c = 0; c < 4; ++c) {
      const int n = Col("sex_age", "total", c);
      Equal({{Col("citizenship", "total", c), 1}, {n, -1}});
      Equal({{Col("status", "total", c), 1}, {n, -1}});
      Equal({{Col("year", y, c), 1}, {n, -1}});
    }
    const int n = Col("sex_age", "total", 3);
    Equal({{Col("route", "total", 0), 1}, {n, -1}});
    Equal({{Col("agency", "total", 0), 1}, {n, -1}});
    // Form table columns: women, men, girls, boys, sex or age not recorded, total.
    Equal({{Col("form", "persons", 0), 1}, {Col("sex_age", "adults", 0), -1}});
    Equal({{Col("form", "persons", 1), 1}, {Col("sex_age", "adults", 1), -1}});
    Equal({{Col("form", "persons", 2), 1}, {Col("sex_age", "children", 0), -1}});
    Equal({{Col("form", "persons", 3), 1}, {Col("sex_age", "children", 1), -1}});
    Equal({{Col("form", "persons", 4), 1}, {Col("sex_age", "unknown", 0), -1}, {Col("sex_age", "unknown", 1), -1},
           {Col("sex_age", "total", 2), -1}});
    Equal({{Col("form", "persons", 5), 1}, {n, -1}});
    for (size_t c = 0; c < 6; ++c)
      for (const std::string& row : tables_["form"].rows)
        if (IsDataRow("form", row))  // a form counts at most the persons with a recorded form
          AtMost(0, {{Col("form", row, c), 1}, {Col("form", "not_recorded", c), 1}, {Col("form", "persons", c), -1}});
    // A citizenship is the sum of the routes leaving it.
    std::map<std::string, std::vector<std::string>> from;
    for (const std::string& row : tables_["route"].rows)
      if (row != "total") from[row.substr(0, row.find('-'))].push_back(row);
    for (const std::string& row : tables_["citizenship"].rows) {
      if (row == "total" || row.rfind("m49_", 0) == 0 || row == "region_unknown") continue;
      std::vector<std::pair<int, double>> terms{{Col("citizenship", row, 3), 1}};
      for (const std::string& r : from[row]) terms.push_back({Col("route", r, 0), -1});
      Equal(std::move(terms));
    }
    // Victims with no recorded form; a region's categories are each at most its victims.
    Equal({{Col("region_form", "total", 4), 1}, {Col("form", "not_recorded", 5), -1}});
    for (const std::string& row : tables_["region_form"].rows)
      for (size_t c = 0; c < 4; ++c)
        AtMost(0, {{Col("region_form", row, c), 1}, {Col("region_form", row, 4), 1}, {Col("citizenship", row, 3), -1}});
  }

  // floor(max) - ceil(min) of every suppressed cell, by name.
  std::map<std::string, std::pair<double, double>> Attack() {
    glp_term_out(GLP_OFF);
    glp_prob* lp = glp_create_prob();
    glp_add_cols(lp, static_cast<int>(vars_.size()));
    for (size_t i = 0; i < vars_.size(); ++i) {
      const auto& v = tables_[vars_[i].table];
      const auto& cell = v.cells[RowIdx(vars_[i].table, vars_[i].row)][vars_[i].col];
      if (cell) glp_set_col_bnds(lp, static_cast<int>(i) + 1, GLP_FX, static_cast<double>(*cell), static_cast<double>(*cell));
      else glp_set_col_bnds(lp, static_cast<int>(i) + 1, GLP_LO, 0, 0);
    }
    glp_add_rows(lp, static_cast<int>(rows_.size()));
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    for (size_t r = 0; r < rows_.size(); ++r) {
      glp_set_row_bnds(lp, static_cast<int>(r) + 1, rows_[r].type, rows_[r].bound, rows_[r].bound);
      for (const auto& [col, coef] : rows_[r].terms) {
        ia.push_back(static_cast<int>(r) + 1);
        ja.push_back(col + 1);
        ar.push_back(coef);
      }
    }
    glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    std::map<std::string, std::pair<double, double>> out;
    for (size_t i = 0; i < vars_.size(); ++i) {
      const auto& v = tables_[vars_[i].table];
      if (v.cells[RowIdx(vars_[i].table, vars_[i].row)][vars_[i].col]) continue;
      std::pair<double, double> b;
      for (int dir : {GLP_MIN, GLP_MAX}) {
        for (size_t j = 0; j < vars_.size(); ++j) glp_set_obj_coef(lp, static_cast<int>(j) + 1, i == j ? 1 : 0);
        glp_set_obj_dir(lp, dir);
        EXPECT_EQ(glp_simplex(lp, &parm), 0);
        const int status = glp_get_status(lp);
        EXPECT_TRUE(status == GLP_OPT || status == GLP_UNBND) << "the CSVs contradict their own layout";
        const double value = status == GLP_OPT ? glp_get_obj_val(lp) : HUGE_VAL;
        (dir == GLP_MIN ? b.first : b.second) = value;
      }
      out[vars_[i].table + " " + vars_[i].row + " col " + std::to_string(vars_[i].col)] = b;
    }
    glp_delete_prob(lp);
    return out;
  }

 private:
  struct Row {
    int type;
    double bound;
    std::vector<std::pair<int, double>> terms;
  };
  static bool IsDataRow(const std::string& id, const std::string& row) {
    if (row == "total" || row == "total_pairs" || row == "persons" || row == "not_recorded") return false;
    return id == "citizenship" || id == "region_form" || id == "route" || id == "agency" || id == "year" || id == "form";
  }
  size_t RowIdx(const std::string& id, const std::string& row) {
    const auto& rows = tables_[id].rows;
    const auto it = std::find(rows.begin(), rows.end(), row);
    EXPECT_NE(it, rows.end()) << id << " has no row " << row;
    return it == rows.end() ? 0 : static_cast<size_t>(it - rows.begin());
  }
  int Col(const std::string& id, const std::string& row, size_t col) {
    RowIdx(id, row);
    const std::string key = id + "\x1f" + row + "\x1f" + std::to_string(col);
    auto [it, inserted] = index_.emplace(key, static_cast<int>(vars_.size()));
    if (inserted) vars_.push_back({id, row, col});
    return it->second;
  }
  void SumOfColumns(const std::string& id, const std::string& row, size_t total_col) {
    std::vector<std::pair<int, double>> terms{{Col(id, row, total_col), 1}};
    for (size_t c = 0; c < total_col; ++c) terms.push_back({Col(id, row, c), -1});
    Equal(std::move(terms));
  }
  void Equal(std::vector<std::pair<int, double>> terms) { rows_.push_back({GLP_FX, 0, std::move(terms)}); }
  void AtMost(double bound, std::vector<std::pair<int, double>> terms) { rows_.push_back({GLP_UP, bound, std::move(terms)}); }
  void AtLeast(double bound, std::vector<std::pair<int, double>> terms) { rows_.push_back({GLP_LO, bound, std::move(terms)}); }

  std::map<std::string, CsvTable> tables_;
  std::map<std::string, int> index_;
  std::vector<Var> vars_;
  std::vector<Row> rows_;
};

TEST(CsvAttack, WrittenReleaseResistsAnAttackerReadingEveryCsvTogether) {
  for (int year : {2023, 2022}) {
    ReportInput in = testing::FixtureInput();
    in.year = year;
    in.population.reset();
    auto report = MakeReport(in, DisclosureOptions{});
    PALERMO_ASSERT_OK(report);
    palermo::testing::TempDir dir;
    PALERMO_ASSERT_OK(WriteReport(*report, dir.path(), Lang::kEn));
    Attacker attacker(dir.path());
    attacker.WriteDownTheLayout(year);
    const auto bounds = attacker.Attack();
    EXPECT_GT(bounds.size(), 10u);
    for (const auto& [cell, b] : bounds)
      EXPECT_GE(std::floor(b.second + 1e-6) - std::ceil(b.first - 1e-6), 5)
          << year << ": " << cell << " is bounded to [" << b.first << ", " << b.second << "]";
  }
}

TEST(CsvAttack, FindsTheLeaksOfTableByTableProtection) {
  // The same attacker on the pre-issue-16 protection finds narrow cells: it is not vacuous.
  ReportInput in = testing::FixtureInput();
  std::vector<Table> tables = BuildTables(in);
  for (Table& t : tables) {
    SuppressPrimary(t, DisclosureOptions{});
    PALERMO_ASSERT_OK(SuppressSecondary(t, DisclosureOptions{}));
  }
  palermo::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "tables");
  for (const Table& t : tables) palermo::testing::WriteFile(dir.path() / "tables" / (t.id + ".csv"), RenderTableCsv(t, Lang::kEn));
  Attacker attacker(dir.path());
  attacker.WriteDownTheLayout(in.year);
  int narrow = 0;
  for (const auto& [cell, b] : attacker.Attack())
    if (std::floor(b.second + 1e-6) - std::ceil(b.first - 1e-6) < 5) ++narrow;
  EXPECT_GE(narrow, 5);
}

// Attacks a release written elsewhere (the demo's report/, say) when PALERMO_ATTACK_DIR and
// PALERMO_ATTACK_YEAR are set; prints every narrow cell. Skipped otherwise.
TEST(CsvAttack, ReleaseNamedByTheEnvironment) {
  const char* dir = std::getenv("PALERMO_ATTACK_DIR");
  const char* year = std::getenv("PALERMO_ATTACK_YEAR");
  if (!dir || !year) GTEST_SKIP() << "set PALERMO_ATTACK_DIR and PALERMO_ATTACK_YEAR";
  Attacker attacker(dir);
  attacker.WriteDownTheLayout(std::stoi(year));
  int attacked = 0;
  for (const auto& [cell, b] : attacker.Attack()) {
    ++attacked;
    EXPECT_GE(std::floor(b.second + 1e-6) - std::ceil(b.first - 1e-6), 5)
        << cell << " is bounded to [" << b.first << ", " << b.second << "]";
  }
  std::cout << attacked << " suppressed cells attacked\n";
}

}  // namespace
}  // namespace palermo::publish
