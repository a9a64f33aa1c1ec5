// SPDX-License-Identifier: AGPL-3.0-or-later
// Cell suppression: primary (threshold, attribute disclosure) and secondary (GLPK MILP),
// with the attacker's linear programs used to verify the result.
//
// Secondary suppression follows the model of Fischetti & Salazar-González (2001), "Solving the
// cell suppression problem on tabular data with linear constraints", Management Science 47(7):
// a binary x_i per cell (1 = suppressed) and, for each cell p to protect and each direction,
// a perturbation vector y with A·y = 0 (the table's relations still hold), y_p = +u_p or
// -l_p, and -a_i·x_i <= y_i <= M·x_i (only suppressed cells move; no cell goes negative).
// Such a y is a witness that a table consistent with everything published has cell p at
// a_p + u_p (resp. a_p - l_p), so the attacker's interval contains [a_p - l_p, a_p + u_p].
// We minimise the weight of suppressed cells. Cells are protected in batches (constraint
// generation): suppressing more cells never narrows an interval, so once a batch is protected
// it stays protected, and the loop ends when the attacker finds no narrow interval.
#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

using internal::GlpProb;
using internal::NewProb;
using internal::Triplets;

int64_t Width(const DisclosureOptions& options) {
  return options.protection_width > 0 ? options.protection_width : std::max<int64_t>(options.threshold, 1);
}

// Protection required below and above the cell's value.
std::pair<int64_t, int64_t> LowerUpper(int64_t value, int64_t width) {
  const int64_t lower = std::min(value, width / 2);
  return {lower, width - lower};
}

double CellWeight(const Table& t, int cell_idx, const std::vector<bool>& is_total) {
  const double base = 1.0 + static_cast<double>(t.values[cell_idx]);
  return is_total[cell_idx] ? 5.0 * base : base;  // totals cost five times their count
}

// Solves the MILP protecting `targets`; on success sets the chosen cells to secondary
// suppression and returns true. False if GLPK found no feasible pattern in time.
bool SolveBatch(Table& t, const std::vector<int>& targets, int64_t width, double time_limit_s) {
  const int n = static_cast<int>(t.values.size());
  std::vector<bool> is_total(n, false);
  for (const Relation& r : t.relations) is_total[r.total] = true;
  struct Vec {
    int target;
    double shift;
  };
  std::vector<Vec> vecs;
  for (int p : targets) {
    auto [lower, upper] = LowerUpper(t.values[p], width);
    if (upper > 0) vecs.push_back({p, static_cast<double>(upper)});
    if (lower > 0) vecs.push_back({p, -static_cast<double>(lower)});
  }
  const double big_m = 2.0 * static_cast<double>(width);
  GlpProb lp = NewProb();
  glp_set_obj_dir(lp.get(), GLP_MIN);
  // Columns: x_0..x_{n-1}, then y^v_i for each vector v.
  glp_add_cols(lp.get(), n + static_cast<int>(vecs.size()) * n);
  for (int i = 0; i < n; ++i) {
    const int col = i + 1;
    glp_set_col_kind(lp.get(), col, GLP_BV);
    if (t.IsSuppressed(i)) glp_set_col_bnds(lp.get(), col, GLP_FX, 1, 1);
    glp_set_obj_coef(lp.get(), col, CellWeight(t, i, is_total));
  }
  Triplets m;
  int row = 0;
  for (size_t v = 0; v < vecs.size(); ++v) {
    auto ycol = [&](int i) { return n + static_cast<int>(v) * n + i + 1; };
    for (int i = 0; i < n; ++i) {
      const double a = static_cast<double>(t.values[i]);
      if (i == vecs[v].target) {
        glp_set_col_bnds(lp.get(), ycol(i), GLP_FX, vecs[v].shift, vecs[v].shift);
        continue;
      }
      glp_set_col_bnds(lp.get(), ycol(i), GLP_DB, -a, big_m);
      // y_i - M x_i <= 0
      glp_add_rows(lp.get(), 1);
      ++row;
      glp_set_row_bnds(lp.get(), row, GLP_UP, 0, 0);
      m.Add(row, ycol(i), 1);
      m.Add(row, i + 1, -big_m);
      if (a > 0) {  // y_i + a_i x_i >= 0
        glp_add_rows(lp.get(), 1);
        ++row;
        glp_set_row_bnds(lp.get(), row, GLP_LO, 0, 0);
        m.Add(row, ycol(i), 1);
        m.Add(row, i + 1, a);
      }
    }
    for (const Relation& r : t.relations) {
      glp_add_rows(lp.get(), 1);
      ++row;
      glp_set_row_bnds(lp.get(), row, GLP_FX, 0, 0);
      m.Add(row, ycol(r.total), 1);
      for (int part : r.parts) m.Add(row, ycol(part), -1);
    }
  }
  m.Load(lp.get());
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  parm.tm_lim = static_cast<int>(time_limit_s * 1000);
  parm.mip_gap = 0.01;
  glp_intopt(lp.get(), &parm);
  const int status = glp_mip_status(lp.get());
  if (status != GLP_OPT && status != GLP_FEAS) return false;
  for (int i = 0; i < n; ++i)
    if (!t.IsSuppressed(i) && glp_mip_col_val(lp.get(), i + 1) > 0.5)
      t.state[i] = CellState::kSecondarySuppressed;
  return true;
}

}  // namespace

namespace internal {
GlpProb NewProb() {
  glp_term_out(GLP_OFF);
  return GlpProb(glp_create_prob());
}
}  // namespace internal

int SuppressPrimary(Table& t, const DisclosureOptions& options) {
  if (t.state.size() != t.values.size()) t.state.assign(t.values.size(), CellState::kPublished);
  int count = 0;
  auto mark = [&](int cell_idx) {
    if (t.state[cell_idx] == CellState::kPublished) ++count;
    t.state[cell_idx] = CellState::kPrimarySuppressed;
  };
  for (size_t i = 0; i < t.values.size(); ++i)
    if (t.values[i] > 0 && t.values[i] < options.threshold) mark(static_cast<int>(i));
  if (options.attribute_disclosure && t.sensitive_columns) {
    const int n_cols = static_cast<int>(t.cols.size());
    for (int row_idx = 0; row_idx < static_cast<int>(t.rows.size()); ++row_idx) {
      int nonzero = 0, last = -1;
      for (int col_idx = 0; col_idx < n_cols; ++col_idx) {
        if (t.cols[col_idx].is_total) continue;
        if (t.Value(row_idx, col_idx) > 0) {
          ++nonzero;
          last = col_idx;
        }
      }
      if (nonzero == 1) mark(t.Cell(row_idx, last));
    }
  }
  return count;
}

Result<std::vector<Interval>> AttackerIntervals(const Table& t) {
  const int n = static_cast<int>(t.values.size());
  std::vector<Interval> out;
  GlpProb lp = NewProb();
  glp_add_cols(lp.get(), n);
  for (int i = 0; i < n; ++i) {
    const double a = static_cast<double>(t.values[i]);
    if (t.IsSuppressed(i)) glp_set_col_bnds(lp.get(), i + 1, GLP_LO, 0, 0);
    else glp_set_col_bnds(lp.get(), i + 1, GLP_FX, a, a);
  }
  Triplets m;
  int row = 0;
  for (const Relation& r : t.relations) {
    glp_add_rows(lp.get(), 1);
    ++row;
    glp_set_row_bnds(lp.get(), row, GLP_FX, 0, 0);
    m.Add(row, r.total + 1, 1);
    for (int part : r.parts) m.Add(row, part + 1, -1);
  }
  if (row == 0) {  // GLPK wants at least one row
    glp_add_rows(lp.get(), 1);
    glp_set_row_bnds(lp.get(), 1, GLP_FR, 0, 0);
  }
  m.Load(lp.get());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  for (int c = 0; c < n; ++c) {
    if (!t.IsSuppressed(c)) continue;
    Interval iv{c, 0, 0};
    for (int dir : {GLP_MIN, GLP_MAX}) {
      for (int i = 0; i < n; ++i) glp_set_obj_coef(lp.get(), i + 1, i == c ? 1 : 0);
      glp_set_obj_dir(lp.get(), dir);
      if (glp_simplex(lp.get(), &parm) != 0)
        return Status::Internal("attacker LP: simplex failed for table " + t.id);
      const int status = glp_get_status(lp.get());
      double value;
      if (status == GLP_OPT) value = glp_get_obj_val(lp.get());
      else if (status == GLP_UNBND) value = dir == GLP_MAX ? std::numeric_limits<double>::infinity() : 0;
      else return Status::Internal("attacker LP: no feasible table for " + t.id);
      (dir == GLP_MIN ? iv.low : iv.high) = value;
    }
    out.push_back(iv);
  }
  return out;
}

Status SuppressSecondary(Table& t, const DisclosureOptions& options) {
  const int64_t width = Width(options);
  constexpr size_t kBatch = 8;
  for (int round = 0;; ++round) {
    PALERMO_ASSIGN_OR_RETURN(std::vector<Interval> intervals, AttackerIntervals(t));
    std::vector<int> failing;
    for (const Interval& iv : intervals)
      if (iv.high - iv.low < static_cast<double>(width) - 1e-6) failing.push_back(iv.cell);
    if (failing.empty()) return Status::Ok();
    // Primary cells first, then by position, so results are deterministic.
    std::stable_sort(failing.begin(), failing.end(), [&](int a, int b) {
      return (t.state[a] == CellState::kPrimarySuppressed) > (t.state[b] == CellState::kPrimarySuppressed);
    });
    if (failing.size() > kBatch) failing.resize(kBatch);
    const size_t suppressed_before =
        std::count_if(t.state.begin(), t.state.end(), [](CellState s) { return s != CellState::kPublished; });
    bool solved = SolveBatch(t, failing, width, options.milp_time_limit_s);
    const size_t suppressed_after =
        std::count_if(t.state.begin(), t.state.end(), [](CellState s) { return s != CellState::kPublished; });
    if (!solved || (suppressed_after == suppressed_before && round > 0)) {
      // No pattern found in time (or none that the LP relaxation of the witness could
      // express): hide the rows and columns of the failing cells. Always terminates: with every
      // cell hidden the attacker's upper bounds are infinite.
      const int n_cols = static_cast<int>(t.cols.size());
      for (int cell : failing) {
        const int row_idx = cell / n_cols, col_idx = cell % n_cols;
        for (int c = 0; c < n_cols; ++c)
          if (!t.IsSuppressed(t.Cell(row_idx, c))) t.state[t.Cell(row_idx, c)] = CellState::kSecondarySuppressed;
        for (int r = 0; r < static_cast<int>(t.rows.size()); ++r)
          if (!t.IsSuppressed(t.Cell(r, col_idx))) t.state[t.Cell(r, col_idx)] = CellState::kSecondarySuppressed;
      }
      const size_t after_fallback =
          std::count_if(t.state.begin(), t.state.end(), [](CellState s) { return s != CellState::kPublished; });
      if (after_fallback == suppressed_after) {
        for (auto& s : t.state)
          if (s == CellState::kPublished) s = CellState::kSecondarySuppressed;
      }
    }
  }
}

}  // namespace palermo::publish
