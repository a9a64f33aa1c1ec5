// SPDX-License-Identifier: AGPL-3.0-or-later
// The attacker on a whole release, and secondary suppression over all its tables at once.
//
// The attacker (AttackRelease) is the classical one of cell suppression (e.g. Hundepool et
// al. 2012, "Statistical Disclosure Control", §4.3): every cell of every table is a variable,
// published cells are fixed (or known to within the rounding), relations and the constraints
// between tables hold, counts are non-negative and a data row's total is at least 1; the min
// and max of each suppressed cell by linear programming are what can be learnt about it.
//
// Joint secondary suppression (SuppressRelease) is greedy, then verified. For each cell the
// attacker narrows, it solves a "witness" LP: a table x satisfying everything the attacker
// knows with x_p moved up (then down) by the protection width from the true value, at the least
// cost of moving published cells (each unit weighted 1 + count, totals five times). The cells
// it moves are suppressed; the attacker can then reach x_p, so the interval of p contains
// [a_p - d, a_p + u] with d + u = width. Suppressing more never narrows an interval, so the loop
// ends when the attacker finds nothing narrow. This is the LP heuristic of Fischetti &
// Salazar-González's model with the integer variables dropped: it may suppress more cells than
// the optimum, never fewer than needed.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

using internal::GlpProb;
using internal::NewProb;
using internal::Triplets;

struct Layout {
  std::vector<int> offset;  // first global index of each table
  int n = 0;
  explicit Layout(const std::vector<Table>& tables) {
    for (const Table& t : tables) {
      offset.push_back(n);
      n += static_cast<int>(t.values.size());
    }
  }
  int Index(CellRef c) const { return offset[c.table_idx] + c.cell_idx; }
};

int TotalCol(const Table& t) {
  for (size_t c = 0; c < t.cols.size(); ++c)
    if (t.cols[c].is_total) return static_cast<int>(c);
  return t.cols.size() == 1 ? 0 : -1;
}

// Lower bound known from the layout: 1 for the total of a row that exists only with data.
std::vector<double> LowerBounds(const std::vector<Table>& tables, const Layout& layout) {
  std::vector<double> lb(layout.n, 0);
  for (size_t k = 0; k < tables.size(); ++k) {
    const int col = TotalCol(tables[k]);
    if (col < 0) continue;
    for (int row_idx : tables[k].data_rows) lb[layout.offset[k] + tables[k].Cell(row_idx, col)] = 1;
  }
  return lb;
}

// Adds each table's relations and the shared constraints as rows; `term(row, cell, coef)`
// writes the matrix entries of coef × (the cell's value).
template <typename Term>
int AddConstraintRows(glp_prob* lp, const std::vector<Table>& tables, const Layout& layout,
                      const std::vector<Constraint>& shared, Term&& term) {
  int row = 0;
  for (size_t k = 0; k < tables.size(); ++k) {
    for (const Relation& r : tables[k].relations) {
      glp_add_rows(lp, 1);
      glp_set_row_bnds(lp, ++row, GLP_FX, 0, 0);
      term(row, layout.offset[k] + r.total, 1.0);
      for (int part : r.parts) term(row, layout.offset[k] + part, -1.0);
    }
  }
  for (const Constraint& c : shared) {
    glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, ++row, c.kind == Constraint::Kind::kEqual ? GLP_FX : GLP_UP, 0, 0);
    std::map<int, double> merged;  // GLPK refuses a cell twice in one row
    for (const auto& [cell, coef] : c.terms) merged[layout.Index(cell)] += static_cast<double>(coef);
    for (const auto& [g, coef] : merged)
      if (coef != 0) term(row, g, coef);
  }
  if (row == 0) {  // GLPK wants at least one row
    glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, ++row, GLP_FR, 0, 0);
  }
  return row;
}

// The range the attacker knows a published count to lie in.
std::pair<double, double> PublishedRange(int64_t value, int64_t slack, double lb) {
  return {std::max(lb, static_cast<double>(value - slack)), static_cast<double>(value + slack)};
}

void SetRange(glp_prob* lp, int col, double low, double high) {
  if (low == high) glp_set_col_bnds(lp, col, GLP_FX, low, high);
  else glp_set_col_bnds(lp, col, GLP_DB, low, high);
}

std::vector<int64_t> Flatten(const std::vector<std::vector<int64_t>>& per_table) {
  std::vector<int64_t> out;
  for (const auto& v : per_table) out.insert(out.end(), v.begin(), v.end());
  return out;
}

// The witness LP over a release: columns 1..n are the cells (x), n+1..2n the upward moves and
// 2n+1..3n the downward moves of published cells, each costed by the cell's weight.
class Witness {
 public:
  Witness(std::vector<Table>& tables, const std::vector<Constraint>& shared, int64_t slack)
      : tables_(tables), layout_(tables), lb_(LowerBounds(tables, layout_)), slack_(slack) {
    const int n = layout_.n;
    lp_ = NewProb();
    glp_set_obj_dir(lp_.get(), GLP_MIN);
    glp_add_cols(lp_.get(), 3 * n);
    for (size_t k = 0; k < tables.size(); ++k) {
      const Table& t = tables[k];
      std::vector<bool> is_total(t.values.size(), false);
      for (const Relation& r : t.relations) is_total[r.total] = true;
      for (size_t c = 0; c < t.values.size(); ++c) {
        const int g = layout_.offset[k] + static_cast<int>(c);
        const double weight = (1.0 + static_cast<double>(t.values[c])) * (is_total[c] ? 5.0 : 1.0);
        glp_set_obj_coef(lp_.get(), n + g + 1, weight);
        glp_set_obj_coef(lp_.get(), 2 * n + g + 1, weight);
        if (t.IsSuppressed(static_cast<int>(c))) Release(g);
        else Fix(g, t.values[c]);
      }
    }
    Triplets m;
    AddConstraintRows(lp_.get(), tables, layout_, shared, [&](int row, int g, double coef) {
      m.Add(row, g + 1, coef);
      m.Add(row, n + g + 1, coef);
      m.Add(row, 2 * n + g + 1, -coef);
    });
    m.Load(lp_.get());
    glp_init_smcp(&parm_);
    parm_.msg_lev = GLP_MSG_OFF;
  }

  const Layout& layout() const { return layout_; }
  double lb(int g) const { return lb_[g]; }

  // Moves cell g (suppressed) to `target`; on success suppresses the published cells that had
  // to move and returns true. False when no table consistent with the constraints has it.
  bool Reach(int g, double target) {
    glp_set_col_bnds(lp_.get(), g + 1, GLP_FX, target, target);
    const bool solved = glp_simplex(lp_.get(), &parm_) == 0 && glp_get_status(lp_.get()) == GLP_OPT;
    glp_set_col_bnds(lp_.get(), g + 1, GLP_LO, lb_[g], 0);
    if (!solved) return false;
    const int n = layout_.n;
    std::vector<int> moved;
    for (int i = 0; i < n; ++i)
      if (glp_get_col_prim(lp_.get(), n + i + 1) + glp_get_col_prim(lp_.get(), 2 * n + i + 1) > 1e-7) moved.push_back(i);
    for (int i : moved) Suppress(i);
    return true;
  }

  // Suppresses every published cell of table `table_idx` (all tables when -1).
  void SuppressAll(int table_idx) {
    for (size_t k = 0; k < tables_.size(); ++k) {
      if (table_idx >= 0 && static_cast<int>(k) != table_idx) continue;
      for (size_t c = 0; c < tables_[k].values.size(); ++c)
        if (!tables_[k].IsSuppressed(static_cast<int>(c))) Suppress(layout_.offset[k] + static_cast<int>(c));
    }
  }

 private:
  void Suppress(int g) {
    const auto it = std::upper_bound(layout_.offset.begin(), layout_.offset.end(), g) - 1;
    const size_t k = static_cast<size_t>(it - layout_.offset.begin());
    tables_[k].state[g - *it] = CellState::kSecondarySuppressed;
    Release(g);
  }
  // A suppressed cell: free above its lower bound, no move costed.
  void Release(int g) {
    const int n = layout_.n;
    glp_set_col_bnds(lp_.get(), g + 1, GLP_LO, lb_[g], 0);
    glp_set_col_bnds(lp_.get(), n + g + 1, GLP_FX, 0, 0);
    glp_set_col_bnds(lp_.get(), 2 * n + g + 1, GLP_FX, 0, 0);
  }
  // A published cell: free within its published range; moving beyond it costs.
  void Fix(int g, int64_t value) {
    const int n = layout_.n;
    const auto [low, high] = PublishedRange(value, slack_, lb_[g]);
    SetRange(lp_.get(), g + 1, low, high);
    glp_set_col_bnds(lp_.get(), n + g + 1, GLP_LO, 0, 0);
    SetRange(lp_.get(), 2 * n + g + 1, 0, std::max(0.0, low - lb_[g]));
  }

  std::vector<Table>& tables_;
  Layout layout_;
  std::vector<double> lb_;
  int64_t slack_;
  GlpProb lp_;
  glp_smcp parm_;
};

}  // namespace

double IntervalWidth(const ReleaseInterval& iv) {
  if (!std::isfinite(iv.high)) return std::numeric_limits<double>::infinity();
  return std::floor(iv.high + 1e-6) - std::ceil(iv.low - 1e-6);
}

Result<std::vector<ReleaseInterval>> AttackRelease(const std::vector<Table>& tables,
                                                   const std::vector<Constraint>& shared,
                                                   int64_t published_slack) {
  const Layout layout(tables);
  const std::vector<double> lb = LowerBounds(tables, layout);
  GlpProb lp = NewProb();
  glp_add_cols(lp.get(), std::max(layout.n, 1));
  std::vector<CellRef> targets;
  for (size_t k = 0; k < tables.size(); ++k) {
    const Table& t = tables[k];
    for (size_t c = 0; c < t.values.size(); ++c) {
      const int g = layout.offset[k] + static_cast<int>(c);
      if (t.IsSuppressed(static_cast<int>(c))) {
        glp_set_col_bnds(lp.get(), g + 1, GLP_LO, lb[g], 0);
        targets.push_back({static_cast<int>(k), static_cast<int>(c)});
      } else {
        const auto [low, high] = PublishedRange(t.values[c], published_slack, lb[g]);
        SetRange(lp.get(), g + 1, low, high);
      }
    }
  }
  Triplets m;
  AddConstraintRows(lp.get(), tables, layout, shared, [&](int row, int g, double coef) { m.Add(row, g + 1, coef); });
  m.Load(lp.get());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  std::vector<ReleaseInterval> out;
  int previous = -1;
  for (const CellRef& cell : targets) {
    const int g = layout.Index(cell);
    if (previous >= 0) glp_set_obj_coef(lp.get(), previous + 1, 0);
    glp_set_obj_coef(lp.get(), g + 1, 1);
    previous = g;
    ReleaseInterval iv{cell, 0, 0};
    for (int dir : {GLP_MIN, GLP_MAX}) {
      glp_set_obj_dir(lp.get(), dir);
      if (glp_simplex(lp.get(), &parm) != 0)
        return Status::Internal("release attacker: simplex failed on table " + tables[cell.table_idx].id);
      const int status = glp_get_status(lp.get());
      double value;
      if (status == GLP_OPT) value = glp_get_obj_val(lp.get());
      else if (status == GLP_UNBND && dir == GLP_MAX) value = std::numeric_limits<double>::infinity();
      else return Status::Internal("release attacker: the published tables contradict their constraints");
      (dir == GLP_MIN ? iv.low : iv.high) = value;
    }
    out.push_back(iv);
  }
  return out;
}

namespace internal {

Status SuppressRelease(std::vector<Table>& tables, const std::vector<Constraint>& shared, int64_t width,
                       int64_t published_slack, const std::vector<std::vector<int64_t>>& truth) {
  const std::vector<int64_t> a = Flatten(truth);
  for (int round = 0; round < 100; ++round) {
    PALERMO_ASSIGN_OR_RETURN(std::vector<ReleaseInterval> intervals, AttackRelease(tables, shared, published_slack));
    std::vector<CellRef> narrow;
    for (const ReleaseInterval& iv : intervals)
      if (IntervalWidth(iv) < static_cast<double>(width) - 1e-9) narrow.push_back(iv.cell);
    if (narrow.empty()) return Status::Ok();
    // Primary cells first, then in release order: deterministic.
    std::stable_sort(narrow.begin(), narrow.end(), [&](const CellRef& x, const CellRef& y) {
      return (tables[x.table_idx].state[x.cell_idx] == CellState::kPrimarySuppressed) >
             (tables[y.table_idx].state[y.cell_idx] == CellState::kPrimarySuppressed);
    });
    Witness w(tables, shared, published_slack);
    for (const CellRef& cell : narrow) {
      const int g = w.layout().Index(cell);
      const double value = static_cast<double>(a[g]);
      const double down = std::min(value - w.lb(g), static_cast<double>(width / 2));
      const double up = static_cast<double>(width) - std::max(down, 0.0);
      bool ok = w.Reach(g, value + up);
      if (ok && down > 0 && !w.Reach(g, value - down)) ok = w.Reach(g, value + static_cast<double>(width));
      if (!ok) {
        // Nothing short of hiding more reaches it: the cell's table, then everything.
        w.SuppressAll(cell.table_idx);
        if (!w.Reach(g, value + static_cast<double>(width))) w.SuppressAll(-1);
      }
    }
  }
  return Status::Internal("joint secondary suppression did not converge in 100 rounds");
}

}  // namespace internal
}  // namespace palermo::publish
