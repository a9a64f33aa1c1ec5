// SPDX-License-Identifier: AGPL-3.0-or-later
// k-anonymity and l-diversity: the export is verified as a reader would, and the search is
// checked against brute force over the whole lattice.
#include <map>
#include <set>
#include <sstream>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

TEST(KAnonymity, ExportedMicrodataIsKAnonymousAndLDiverse) {
  std::vector<PersonRow> rows = testing::LoadPersons();
  for (int k : {5, 11}) {
    KAnonymityOptions opt;
    opt.k = k;
    opt.l = 2;
    auto md = ExportMicrodata(rows, opt);
    PALERMO_ASSERT_OK(md);
    ASSERT_EQ(md->header.back(), "forms");
    // Per class: rows, rows with a recorded form, and how many rows have each form.
    struct Class {
      int rows = 0, recorded = 0;
      std::map<std::string, int> with;
    };
    std::map<std::vector<std::string>, Class> classes;
    for (const auto& row : md->rows) {
      std::vector<std::string> qi(row.begin(), row.end() - 1);
      Class& c = classes[qi];
      ++c.rows;
      if (row.back().empty()) continue;
      ++c.recorded;
      std::stringstream forms(row.back());
      for (std::string f; std::getline(forms, f, ';');) ++c.with[f];
    }
    for (const auto& [qi, c] : classes) {
      EXPECT_GE(c.rows, k) << "class " << ::testing::PrintToString(qi);
      EXPECT_GE(c.recorded, 1) << "class " << ::testing::PrintToString(qi);
      for (const auto& [form, n] : c.with)
        EXPECT_LT(n, c.recorded) << "every victim of class " << ::testing::PrintToString(qi) << " has " << form;
    }
    EXPECT_EQ(md->rows.size() + md->result.suppressed_rows, rows.size());
    EXPECT_LE(md->result.suppressed_rows, static_cast<int64_t>(0.05 * rows.size()));
    // No exact age and no country survive k = 11 on 320 rows with these spreads.
    if (k == 11) {
      for (const auto& row : md->rows) EXPECT_NE(row[2], "ERI") << "Eritrean victims all share one form: l-diversity must hide them";
    }
  }
}

TEST(KAnonymity, LDiversityHoldsPerFormAndNotRecordedIsNoValue) {
  // One quasi-identifier with one value: a single class of 4 rows.
  Hierarchy h{"q", {{0}, {0}}, {{"a"}, {"*"}}};
  const std::vector<uint32_t> codes = {0, 0, 0, 0};
  KAnonymityOptions opt;
  opt.k = 2;
  opt.l = 2;
  opt.max_suppressed_fraction = 0;
  // Sets: 0 = none recorded, 1 = {sexual}, 3 = {sexual, forced_labour}, 2 = {forced_labour}.
  const std::vector<uint64_t> sets = {0, 1, 3, 2};
  // {sexual} and {forced_labour; sexual}: two distinct strings, but everyone has "sexual".
  EXPECT_THAT(KAnonymise(codes, {h}, {1, 2, 1, 2}, opt, sets), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("k-anonymity")));
  // {sexual} and "not recorded": "" is not a value.
  EXPECT_THAT(KAnonymise(codes, {h}, {1, 0, 1, 0}, opt, sets), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("k-anonymity")));
  // {sexual}, {forced_labour}: each form is missing from some victim.
  PALERMO_EXPECT_OK(KAnonymise(codes, {h}, {1, 3, 0, 0}, opt, sets));
  // The old rule (distinct values) would have let the first two through.
  PALERMO_EXPECT_OK(KAnonymise(codes, {h}, {1, 2, 1, 2}, opt));
}

// Brute force over the lattice with the same loss definition, written independently.
double BruteForceBest(const std::vector<uint32_t>& codes, const std::vector<Hierarchy>& h,
                      const std::vector<uint32_t>& sensitive, const KAnonymityOptions& opt) {
  const size_t q = h.size(), n = codes.size() / q;
  std::vector<int> levels(q, 0);
  double best = 2;
  for (;;) {
    std::map<std::vector<uint32_t>, std::pair<int, std::set<uint32_t>>> classes;
    for (size_t r = 0; r < n; ++r) {
      std::vector<uint32_t> key;
      for (size_t i = 0; i < q; ++i) key.push_back(h[i].levels[levels[i]][codes[r * q + i]]);
      classes[key].first++;
      classes[key].second.insert(sensitive[r]);
    }
    double loss = 0;
    size_t suppressed = 0;
    for (const auto& [key, c] : classes) {
      if (c.first < opt.k || static_cast<int>(c.second.size()) < opt.l) {
        suppressed += c.first;
        loss += static_cast<double>(c.first) * q;
        continue;
      }
      for (size_t i = 0; i < q; ++i) {
        const double domain = static_cast<double>(h[i].levels[0].size());
        double leaves = 0;
        for (uint32_t g : h[i].levels[levels[i]]) leaves += g == key[i];
        loss += c.first * (leaves - 1) / (domain - 1);
      }
    }
    if (suppressed <= opt.max_suppressed_fraction * n) best = std::min(best, loss / (n * q));
    size_t i = 0;
    while (i < q && ++levels[i] == static_cast<int>(h[i].levels.size())) levels[i++] = 0;
    if (i == q) break;
  }
  return best;
}

Hierarchy Ladder(const std::string& name, int values, std::vector<int> group_sizes) {
  Hierarchy h;
  h.name = name;
  std::vector<uint32_t> id(values);
  for (int v = 0; v < values; ++v) id[v] = v;
  h.levels.push_back(id);
  for (int size : group_sizes) {
    std::vector<uint32_t> level(values);
    for (int v = 0; v < values; ++v) level[v] = v / size;
    h.levels.push_back(level);
  }
  h.levels.push_back(std::vector<uint32_t>(values, 0));
  return h;
}

TEST(KAnonymity, SearchFindsTheLeastLossOverTheWholeLattice) {
  std::vector<Hierarchy> h = {Ladder("a", 16, {2, 4, 8}), Ladder("b", 9, {3}), Ladder("c", 4, {2}), Ladder("d", 2, {})};
  uint64_t state = 12345;
  auto next = [&](uint32_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((state >> 33) % n);
  };
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<uint32_t> codes, sensitive;
    for (int r = 0; r < 400; ++r) {
      const uint32_t a = next(16);
      codes.push_back(a);
      codes.push_back(trial % 2 ? next(9) : std::min<uint32_t>(a / 2, 8));
      codes.push_back(next(4));
      codes.push_back(next(2));
      sensitive.push_back(next(3));
    }
    KAnonymityOptions opt;
    opt.k = 3 + trial * 2;
    opt.l = 1 + trial % 2;
    opt.max_suppressed_fraction = 0.02 * trial;
    auto r = KAnonymise(codes, h, sensitive, opt);
    PALERMO_ASSERT_OK(r);
    EXPECT_NEAR(r->information_loss, BruteForceBest(codes, h, sensitive, opt), 1e-9) << "trial " << trial;
  }
}

// Hierarchies whose groups are not ranges of codes (the search renumbers values in the
// hierarchy's depth-first order), a sensitive value, and a suppression budget: the optimum
// equals brute force, and the rows marked removed are exactly those of the classes that
// violate k or l at the chosen levels.
TEST(KAnonymity, ShuffledHierarchiesAreExactAndRemovedRowsAreThoseOfSmallClasses) {
  uint64_t state = 777;
  auto next = [&](uint32_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((state >> 33) % n);
  };
  // a: 12 values, groups {v % 4} then {v % 2} then *; b: 10 values grouped by a permutation.
  Hierarchy a{"a", {}, {}}, b{"b", {}, {}};
  std::vector<uint32_t> id(12), mod4(12), mod2(12), zero12(12, 0);
  for (uint32_t v = 0; v < 12; ++v) id[v] = v, mod4[v] = v % 4, mod2[v] = (v % 4) % 2;
  a.levels = {id, mod4, mod2, zero12};
  const std::vector<uint32_t> perm = {7, 2, 9, 0, 4, 1, 8, 3, 6, 5};
  std::vector<uint32_t> bid(10), bgroup(10), zero10(10, 0);
  for (uint32_t v = 0; v < 10; ++v) bid[v] = v, bgroup[v] = perm[v] / 4;
  b.levels = {bid, bgroup, zero10};
  std::vector<Hierarchy> h = {a, b, Ladder("c", 6, {2, 4}), Ladder("d", 3, {})};
  for (int trial = 0; trial < 6; ++trial) {
    std::vector<uint32_t> codes, sensitive;
    const int rows = 300 + 100 * trial;
    for (int r = 0; r < rows; ++r) {
      codes.push_back(std::min(next(12), next(12)));
      codes.push_back(next(10));
      codes.push_back(next(6));
      codes.push_back(next(3));
      sensitive.push_back(next(2 + trial % 3));
    }
    KAnonymityOptions opt;
    opt.k = 2 + trial;
    opt.l = 1 + trial % 3;
    opt.max_suppressed_fraction = 0.01 * trial;
    auto r = KAnonymise(codes, h, sensitive, opt);
    PALERMO_ASSERT_OK(r);
    EXPECT_NEAR(r->information_loss, BruteForceBest(codes, h, sensitive, opt), 1e-9) << "trial " << trial;
    // Recount the classes at the chosen levels, independently.
    std::map<std::vector<uint32_t>, std::pair<int, std::set<uint32_t>>> classes;
    auto key = [&](int row) {
      std::vector<uint32_t> k;
      for (size_t i = 0; i < h.size(); ++i) k.push_back(h[i].levels[r->levels[i]][codes[row * h.size() + i]]);
      return k;
    };
    for (int row = 0; row < rows; ++row) {
      auto& c = classes[key(row)];
      ++c.first;
      c.second.insert(sensitive[row]);
    }
    int64_t removed = 0;
    for (int row = 0; row < rows; ++row) {
      const auto& c = classes[key(row)];
      const bool violates = c.first < opt.k || static_cast<int>(c.second.size()) < opt.l;
      EXPECT_EQ(r->suppressed[row], violates) << "trial " << trial << " row " << row;
      removed += violates;
    }
    EXPECT_EQ(r->suppressed_rows, removed);
    EXPECT_LE(removed, opt.max_suppressed_fraction * rows);
  }
}

// The budget is honoured at the boundary: with one row short of a class of k, the row is
// removed when the budget allows one row, and the data are generalised when it allows none.
TEST(KAnonymity, SuppressionBudgetDecidesBetweenRemovingAndGeneralising) {
  std::vector<Hierarchy> h = {Ladder("a", 4, {2})};
  std::vector<uint32_t> codes(20, 0);
  codes.push_back(1);  // one row alone in value 1; 0 and 1 merge at level 1
  KAnonymityOptions opt{.k = 5, .l = 1, .max_suppressed_fraction = 0.05};  // 1 row of 21
  auto r = KAnonymise(codes, h, {}, opt);
  PALERMO_ASSERT_OK(r);
  EXPECT_EQ(r->levels, std::vector<int>{0});
  EXPECT_EQ(r->suppressed_rows, 1);
  EXPECT_TRUE(r->suppressed.back());
  opt.max_suppressed_fraction = 0;
  r = KAnonymise(codes, h, {}, opt);
  PALERMO_ASSERT_OK(r);
  EXPECT_EQ(r->levels, std::vector<int>{1});
  EXPECT_EQ(r->suppressed_rows, 0);
  // Without a sensitive attribute, l does not apply.
  opt.l = 3;
  r = KAnonymise(codes, h, {}, opt);
  PALERMO_ASSERT_OK(r);
  EXPECT_EQ(r->levels, std::vector<int>{1});
}

TEST(KAnonymity, UnhappyPaths) {
  std::vector<Hierarchy> h = {Ladder("a", 4, {2})};
  EXPECT_THAT(KAnonymise({0, 1, 2}, h, {}, {.k = 11, .l = 1}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("no generalisation")));
  EXPECT_THAT(KAnonymise({0, 7}, h, {}, {.k = 1, .l = 1}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("row 2, a: value outside")));
  std::vector<Hierarchy> nine(9, Ladder("a", 2, {}));
  EXPECT_THAT(KAnonymise(std::vector<uint32_t>(9, 0), nine, {}, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("8 quasi-identifiers")));
  Hierarchy broken = Ladder("b", 4, {2});
  broken.levels[1] = {0, 1, 0, 1};  // groups {0,2} and {1,3} ...
  broken.levels.insert(broken.levels.begin() + 2, std::vector<uint32_t>{0, 0, 1, 1});  // ... split again
  EXPECT_THAT(KAnonymise({0, 1, 2, 3}, {broken}, {}, {.k = 1, .l = 1}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not nested")));
}

}  // namespace
}  // namespace palermo::publish
