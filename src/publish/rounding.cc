// SPDX-License-Identifier: AGPL-3.0-or-later
// Controlled rounding (Cox 1987, "A constructive procedure for unbiased controlled rounding",
// JASA 82): every cell goes to one of the two multiples of the base around it, multiples stay
// as they are, and every relation still holds. Solved as a 0-1 program with GLPK, minimising
// the total absolute change. When no such rounding exists (possible in hierarchical tables)
// each cell is rounded to its nearest multiple and the table is no longer additive.
#include <glpk.h>

#include <memory>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {

Result<bool> RoundControlled(Table& t, int base, int64_t threshold) {
  (void)threshold;  // rounding runs before suppression, which enforces the threshold
  if (base != 3 && base != 5) return Status::InvalidArgument("rounding base must be 3 or 5");
  const int n = static_cast<int>(t.values.size());
  std::vector<int64_t> floor(n), rem(n);
  for (int i = 0; i < n; ++i) {
    floor[i] = t.values[i] / base * base;
    rem[i] = t.values[i] % base;
  }
  glp_term_out(GLP_OFF);
  std::unique_ptr<glp_prob, void (*)(glp_prob*)> lp(glp_create_prob(), glp_delete_prob);
  glp_set_obj_dir(lp.get(), GLP_MIN);
  glp_add_cols(lp.get(), n);
  for (int i = 0; i < n; ++i) {
    glp_set_col_kind(lp.get(), i + 1, GLP_BV);
    if (rem[i] == 0) glp_set_col_bnds(lp.get(), i + 1, GLP_FX, 0, 0);
    // |change| = rem when rounded down, base - rem when up: cost of z_i = base - 2·rem.
    glp_set_obj_coef(lp.get(), i + 1, static_cast<double>(base - 2 * rem[i]));
  }
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  int row = 0;
  for (const Relation& r : t.relations) {
    // floor_total + base·z_total = Σ (floor_part + base·z_part)
    int64_t rhs = -floor[r.total];
    for (int part : r.parts) rhs += floor[part];
    glp_add_rows(lp.get(), 1);
    ++row;
    const double z_rhs = static_cast<double>(rhs) / base;  // an integer: rhs ≡ Σrem - rem_total
    glp_set_row_bnds(lp.get(), row, GLP_FX, z_rhs, z_rhs);
    ia.push_back(row);
    ja.push_back(r.total + 1);
    ar.push_back(1);
    for (int part : r.parts) {
      ia.push_back(row);
      ja.push_back(part + 1);
      ar.push_back(-1);
    }
  }
  bool additive = false;
  std::vector<int64_t> rounded(n);
  if (row > 0) {
    glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.tm_lim = 20000;
    glp_intopt(lp.get(), &parm);
    const int status = glp_mip_status(lp.get());
    if (status == GLP_OPT || status == GLP_FEAS) {
      additive = true;
      for (int i = 0; i < n; ++i)
        rounded[i] = floor[i] + (glp_mip_col_val(lp.get(), i + 1) > 0.5 ? base : 0);
    }
  }
  if (!additive) {
    for (int i = 0; i < n; ++i) rounded[i] = floor[i] + (2 * rem[i] >= base ? base : 0);
    additive = row == 0;
  }
  t.values = std::move(rounded);
  return additive;
}

}  // namespace palermo::publish
