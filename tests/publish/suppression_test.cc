// SPDX-License-Identifier: AGPL-3.0-or-later
// Disclosure control: primary and secondary suppression, the differencing attack, rounding,
// and the property that nothing below the threshold is ever published.
#include <glpk.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <regex>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

using ::palermo::testing::TempDir;

// A table with `rows` detail rows, a total row, `cols` detail columns and a total column.
Table Grid(const std::vector<std::vector<int64_t>>& detail) {
  Table t;
  t.id = "grid";
  const int n_rows = static_cast<int>(detail.size()), n_cols = static_cast<int>(detail[0].size());
  std::vector<int> children;
  for (int r = 0; r < n_rows; ++r) {
    t.rows.push_back({"r" + std::to_string(r), {"r", "r"}, {}, false});
    children.push_back(r);
  }
  t.rows.push_back({"total", {"Total", "Total"}, children, true});
  for (int c = 0; c < n_cols; ++c) t.cols.push_back({"c" + std::to_string(c), {"c", "c"}, {}, false});
  t.cols.push_back({"total", {"Total", "Total"}, {}, true});
  t.values.assign((n_rows + 1) * (n_cols + 1), 0);
  for (int r = 0; r < n_rows; ++r)
    for (int c = 0; c < n_cols; ++c) {
      t.values[t.Cell(r, c)] = detail[r][c];
      t.values[t.Cell(r, n_cols)] += detail[r][c];
      t.values[t.Cell(n_rows, c)] += detail[r][c];
      t.values[t.Cell(n_rows, n_cols)] += detail[r][c];
    }
  t.state.assign(t.values.size(), CellState::kPublished);
  t.DeriveRelations();
  return t;
}

// The attacker, written independently of the library: from the published cells (null in the
// JSON = suppressed) and the table's relations (public: they are the table's layout), solve
// min and max of every suppressed cell by linear programming over non-negative reals.
struct Bounds {
  double low, high;
};
std::map<int, Bounds> Attack(const std::vector<Relation>& relations, const std::vector<std::optional<int64_t>>& published) {
  glp_term_out(GLP_OFF);
  glp_prob* lp = glp_create_prob();
  const int n = static_cast<int>(published.size());
  glp_add_cols(lp, n);
  for (int i = 0; i < n; ++i) {
    if (published[i]) glp_set_col_bnds(lp, i + 1, GLP_FX, *published[i], *published[i]);
    else glp_set_col_bnds(lp, i + 1, GLP_LO, 0, 0);
  }
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  glp_add_rows(lp, static_cast<int>(relations.size()) + 1);
  glp_set_row_bnds(lp, static_cast<int>(relations.size()) + 1, GLP_FR, 0, 0);
  for (size_t k = 0; k < relations.size(); ++k) {
    glp_set_row_bnds(lp, static_cast<int>(k) + 1, GLP_FX, 0, 0);
    ia.push_back(static_cast<int>(k) + 1);
    ja.push_back(relations[k].total + 1);
    ar.push_back(1);
    for (int p : relations[k].parts) {
      ia.push_back(static_cast<int>(k) + 1);
      ja.push_back(p + 1);
      ar.push_back(-1);
    }
  }
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  std::map<int, Bounds> out;
  for (int c = 0; c < n; ++c) {
    if (published[c]) continue;
    Bounds b{};
    for (int dir : {GLP_MIN, GLP_MAX}) {
      for (int i = 0; i < n; ++i) glp_set_obj_coef(lp, i + 1, i == c ? 1 : 0);
      glp_set_obj_dir(lp, dir);
      EXPECT_EQ(glp_simplex(lp, &parm), 0);
      const int status = glp_get_status(lp);
      EXPECT_TRUE(status == GLP_OPT || status == GLP_UNBND) << "published table is inconsistent";
      const double v = status == GLP_UNBND ? std::numeric_limits<double>::infinity() : glp_get_obj_val(lp);
      (dir == GLP_MIN ? b.low : b.high) = v;
    }
    out[c] = b;
  }
  glp_delete_prob(lp);
  return out;
}

std::vector<std::optional<int64_t>> PublishedFromJson(const nlohmann::json& table) {
  std::vector<std::optional<int64_t>> out;
  for (const auto& row : table["rows"])
    for (const auto& cell : row["cells"])
      out.push_back(cell.is_null() ? std::nullopt : std::optional<int64_t>(cell.get<int64_t>()));
  return out;
}

TEST(Suppression, CellBelowThresholdIsHiddenWithItsComplements) {
  Table t = Grid({{20, 3, 15}, {12, 9, 30}, {8, 14, 6}});
  DisclosureOptions opt;
  EXPECT_EQ(SuppressPrimary(t, opt), 1);
  EXPECT_EQ(t.state[t.Cell(0, 1)], CellState::kPrimarySuppressed);
  PALERMO_ASSERT_OK(SuppressSecondary(t, opt));
  // One hidden cell in a row with a published total is recomputed by subtraction, so the row
  // and the column need another hidden cell each, and they need a fourth: at least 4.
  EXPECT_GE(std::count(t.state.begin(), t.state.end(), CellState::kSecondarySuppressed), 3);
  std::vector<std::optional<int64_t>> published;
  for (size_t i = 0; i < t.values.size(); ++i)
    published.push_back(t.IsSuppressed(static_cast<int>(i)) ? std::nullopt : std::optional<int64_t>(t.values[i]));
  for (const auto& [cell, b] : Attack(t.relations, published)) {
    EXPECT_GE(b.high - b.low, 5 - 1e-6) << "cell " << cell;
    EXPECT_LE(b.low, t.values[cell] + 1e-6);
    EXPECT_GE(b.high, t.values[cell] - 1e-6);
  }
}

TEST(Suppression, WithoutSecondarySuppressionTheAttackerRecoversTheCell) {
  // The attack is real: primary suppression alone lets the attacker pin the cell exactly.
  Table t = Grid({{20, 3, 15}, {12, 9, 30}});
  SuppressPrimary(t, DisclosureOptions{});
  std::vector<std::optional<int64_t>> published;
  for (size_t i = 0; i < t.values.size(); ++i)
    published.push_back(t.IsSuppressed(static_cast<int>(i)) ? std::nullopt : std::optional<int64_t>(t.values[i]));
  auto bounds = Attack(t.relations, published);
  ASSERT_EQ(bounds.size(), 1u);
  EXPECT_NEAR(bounds.begin()->second.low, 3, 1e-9);
  EXPECT_NEAR(bounds.begin()->second.high, 3, 1e-9);
}

TEST(Suppression, RowWhereEveryVictimSharesOneSensitiveValueIsSuppressed) {
  Table t = Grid({{0, 12, 0}, {7, 9, 30}});
  t.sensitive_columns = true;
  DisclosureOptions opt;
  EXPECT_EQ(SuppressPrimary(t, opt), 1);
  EXPECT_EQ(t.state[t.Cell(0, 1)], CellState::kPrimarySuppressed);
  PALERMO_ASSERT_OK(SuppressSecondary(t, opt));
  // Zeros in the row must be hidden too, or the row total gives the cell away.
  std::vector<std::optional<int64_t>> published;
  for (size_t i = 0; i < t.values.size(); ++i)
    published.push_back(t.IsSuppressed(static_cast<int>(i)) ? std::nullopt : std::optional<int64_t>(t.values[i]));
  auto bounds = Attack(t.relations, published);
  EXPECT_GE(bounds.at(t.Cell(0, 1)).high - bounds.at(t.Cell(0, 1)).low, 5 - 1e-6);
  t.sensitive_columns = false;
  Table plain = Grid({{0, 12, 0}, {7, 9, 30}});
  EXPECT_EQ(SuppressPrimary(plain, opt), 0);
}

TEST(Suppression, DifferencingAttackOnEveryPublishedTableFindsNoNarrowInterval) {
  auto report = MakeReport(testing::FixtureInput(), DisclosureOptions{});
  PALERMO_ASSERT_OK(report);
  const nlohmann::json j = nlohmann::json::parse(RenderJson(*report, Lang::kEn));
  int attacked = 0;
  for (size_t k = 0; k < report->tables.size(); ++k) {
    const Table& t = report->tables[k];
    ASSERT_EQ(j["tables"][k]["id"], t.id);
    for (const auto& [cell, b] : Attack(t.relations, PublishedFromJson(j["tables"][k]))) {
      ++attacked;
      EXPECT_GE(b.high - b.low, 5 - 1e-6) << t.id << " cell " << cell << " is narrowed to [" << b.low << ", " << b.high << "]";
    }
  }
  EXPECT_GT(attacked, 10);  // the fixture has small cells: the test attacks something
}

// Every number a reader sees, per format.
std::vector<int64_t> NumbersInCsv(const std::string& csv) {
  std::vector<int64_t> out;
  auto t = ParseCsv(csv, ',', "t.csv");
  EXPECT_TRUE(t.ok());
  for (const auto& row : t->rows) {
    if (row[0] == "note") continue;
    for (size_t i = 2; i < row.size(); ++i)
      if (row[i] != "x") out.push_back(std::stoll(row[i]));
  }
  return out;
}

std::vector<int64_t> NumbersInHtmlTables(const std::string& html) {
  std::vector<int64_t> out;
  const std::regex td("<td[^>]*>([^<]*)</td>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), td); it != std::sregex_iterator(); ++it) {
    std::string text = (*it)[1];
    std::string digits;
    for (char c : text)
      if (c >= '0' && c <= '9') digits += c;
      else if (c == '.') break;  // rates have decimals: their integer part is enough
    if (!digits.empty() && text.find("–") == std::string::npos) out.push_back(std::stoll(digits));
  }
  return out;
}

TEST(Suppression, NoPublishedCellInAnyFormatIsBelowTheThresholdUnlessZero) {
  const auto all = testing::LoadPersons();
  for (int variant = 0; variant < 4; ++variant) {
    ReportInput in = testing::FixtureInput();
    in.rows.clear();
    // Subsets of different sizes and make-up, so many small cells appear.
    for (size_t i = 0; i < all.size(); ++i)
      if ((i * 7 + variant * 3) % (variant + 2) == 0) in.rows.push_back(all[i]);
    in.population.reset();
    in.estimate.reset();
    DisclosureOptions opt;
    opt.threshold = 5 + variant;
    auto report = MakeReport(in, opt);
    PALERMO_ASSERT_OK(report);
    TempDir dir;
    PALERMO_ASSERT_OK(WriteReport(*report, dir.path(), Lang::kEn));
    auto check = [&](int64_t v, const std::string& where) {
      EXPECT_TRUE(v == 0 || v >= opt.threshold) << where << " publishes " << v << " (variant " << variant << ")";
    };
    for (const Table& t : report->tables) {
      for (int64_t v : NumbersInCsv(testing::Slurp((dir.path() / "tables" / (t.id + ".csv")).string())))
        check(v, t.id + ".csv");
    }
    const nlohmann::json j = nlohmann::json::parse(testing::Slurp((dir.path() / "tables.json").string()));
    for (const auto& t : j["tables"])
      for (const auto& row : t["rows"])
        for (const auto& cell : row["cells"])
          if (!cell.is_null()) check(cell.get<int64_t>(), "tables.json " + t["id"].get<std::string>());
    // The HTML tables of counts (charts repeat the same numbers).
    for (int64_t v : NumbersInHtmlTables(RenderHtml(*report, Lang::kEn))) check(v, "index.html");
  }
}

TEST(Rounding, ControlledRoundingKeepsTheTableAdditiveInMultiplesOfTheBase) {
  auto tables = BuildTables(testing::FixtureInput());
  for (int base : {3, 5}) {
    for (Table t : tables) {
      const std::vector<int64_t> before = t.values;
      auto additive = RoundControlled(t, base, 5);
      PALERMO_ASSERT_OK(additive);
      for (size_t i = 0; i < t.values.size(); ++i) {
        EXPECT_EQ(t.values[i] % base, 0) << t.id;
        EXPECT_LT(std::abs(t.values[i] - before[i]), base) << t.id << " cell " << i;
      }
      if (*additive) {
        for (const Relation& r : t.relations) {
          int64_t sum = 0;
          for (int p : r.parts) sum += t.values[p];
          EXPECT_EQ(t.values[r.total], sum) << t.id;
        }
      }
    }
  }
  // Two-way tables always have a controlled rounding (Cox 1987).
  Table grid = Grid({{7, 2, 11}, {4, 13, 1}});
  auto additive = RoundControlled(grid, 5, 5);
  PALERMO_ASSERT_OK(additive);
  EXPECT_TRUE(*additive);
  EXPECT_THAT(RoundControlled(grid, 4, 5), palermo::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("3 or 5")));
}

TEST(Rounding, RoundedReportStillPassesTheThresholdAndSaysSo) {
  DisclosureOptions opt;
  opt.rounding = Rounding::kBase3;
  auto report = MakeReport(testing::FixtureInput(), opt);
  PALERMO_ASSERT_OK(report);
  for (const Table& t : report->tables)
    for (size_t i = 0; i < t.values.size(); ++i)
      if (!t.IsSuppressed(static_cast<int>(i))) {
        EXPECT_EQ(t.values[i] % 3, 0);
        EXPECT_TRUE(t.values[i] == 0 || t.values[i] >= 5);
      }
  EXPECT_NE(RenderHtml(*report, Lang::kEn).find("multiple of 3"), std::string::npos);
}

}  // namespace
}  // namespace palermo::publish
