// SPDX-License-Identifier: AGPL-3.0-or-later
// Overlap tables, hierarchical models, the Poisson log-linear fit (IRLS), and the existence
// (Fienberg–Rinaldo LP) and identifiability (rank) checks.
#include <glpk.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <thread>

#include "estimate/internal.h"

namespace palermo::estimate {

using internal::Contains;
using internal::PopCount;

Result<Overlap> Overlap::FromCells(std::vector<std::string> list_names,
                                   std::vector<double> counts) {
  const int k = static_cast<int>(list_names.size());
  if (k < 2) return Status::InvalidArgument("needs at least 2 lists, found " + std::to_string(k));
  if (k > kMaxLists)
    return Status::InvalidArgument("at most " + std::to_string(kMaxLists) + " lists, found " +
                                   std::to_string(k));
  if (counts.size() != (size_t{1} << k)) return Status::InvalidArgument("expected 2^K cell counts");
  if (counts[0] != 0) return Status::InvalidArgument("the all-zero pattern cannot be observed");
  for (double c : counts)
    if (!(c >= 0) || c != std::floor(c))
      return Status::InvalidArgument("counts must be non-negative integers");
  return Overlap(std::move(list_names), std::move(counts));
}

Result<Overlap> Overlap::FromCounts(std::vector<std::string> list_names,
                                    const std::vector<std::pair<std::string, int64_t>>& patterns) {
  const size_t k = list_names.size();
  if (k < 2 || k > static_cast<size_t>(kMaxLists))
    return Status::InvalidArgument("needs between 2 and " + std::to_string(kMaxLists) +
                                   " lists, found " + std::to_string(k));
  std::vector<double> counts(size_t{1} << k, 0.0);
  std::vector<bool> seen(counts.size(), false);
  for (const auto& [pattern, count] : patterns) {
    if (pattern.size() != k) return Status::InvalidArgument("pattern of wrong length: " + pattern);
    Term mask = 0;
    for (size_t list_idx = 0; list_idx < k; ++list_idx) {
      if (pattern[list_idx] == '1') {
        mask |= Term{1} << list_idx;
      } else if (pattern[list_idx] != '0') {
        return Status::InvalidArgument("pattern must be 0/1: " + pattern);
      }
    }
    if (mask == 0) return Status::InvalidArgument("the all-zero pattern cannot be observed");
    if (seen[mask]) return Status::InvalidArgument("repeated pattern " + pattern);
    if (count < 0) return Status::InvalidArgument("negative count for pattern " + pattern);
    seen[mask] = true;
    counts[mask] = static_cast<double>(count);
  }
  return FromCells(std::move(list_names), std::move(counts));
}

int64_t Overlap::observed() const {
  double total = 0;
  for (double c : counts_) total += c;
  return static_cast<int64_t>(std::llround(total));
}

double Overlap::Margin(Term term) const {
  double total = 0;
  for (Term cell = 1; cell < counts_.size(); ++cell)
    if (Contains(cell, term)) total += counts_[cell];
  return total;
}

Model HierarchicalClosure(const std::vector<Term>& terms) {
  std::set<Term> closed;
  for (Term t : terms) {
    // Every subset of t with at least 2 lists.
    for (Term sub = t; sub != 0; sub = (sub - 1) & t)
      if (PopCount(sub) >= 2) closed.insert(sub);
  }
  Model model{{closed.begin(), closed.end()}};
  std::sort(model.terms.begin(), model.terms.end(), [](Term a, Term b) {
    const int pa = PopCount(a), pb = PopCount(b);
    if (pa != pb) return pa < pb;
    // Lexicographic order of the lists involved: (1,2) < (1,3) < ... < (2,3).
    for (Term bit = 1; bit != 0; bit <<= 1) {
      const bool in_a = (a & bit) != 0, in_b = (b & bit) != 0;
      if (in_a != in_b) return in_a;
    }
    return false;
  });
  return model;
}

std::string TermName(Term term, const std::vector<std::string>& list_names) {
  std::string name;
  for (size_t list_idx = 0; list_idx < list_names.size(); ++list_idx) {
    if (term & (Term{1} << list_idx)) {
      if (!name.empty()) name += ':';
      name += list_names[list_idx];
    }
  }
  return name;
}

std::vector<std::string> TermNames(const Model& model, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (Term t : model.terms) out.push_back(TermName(t, names));
  return out;
}

Result<Model> ParseModel(std::string_view text, const std::vector<std::string>& list_names) {
  std::vector<Term> terms;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(",+", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = Trim(text.substr(start, end - start));
    start = end + 1;
    if (piece.empty()) {
      if (end == text.size()) break;
      return Status::InvalidArgument("empty term in \"" + std::string(text) + "\"");
    }
    Term term = 0;
    size_t f_start = 0;
    while (f_start <= piece.size()) {
      size_t f_end = piece.find_first_of("*:", f_start);
      if (f_end == std::string_view::npos) f_end = piece.size();
      const std::string_view factor = Trim(piece.substr(f_start, f_end - f_start));
      f_start = f_end + 1;
      auto it = std::find(list_names.begin(), list_names.end(), factor);
      if (it == list_names.end())
        return Status::InvalidArgument("unknown list \"" + std::string(factor) + "\" in term \"" +
                                       std::string(piece) + "\"");
      term |= Term{1} << (it - list_names.begin());
      if (f_end == piece.size()) break;
    }
    if (PopCount(term) >= 2) terms.push_back(term);  // a single list is a main effect
    if (end == text.size()) break;
  }
  return HierarchicalClosure(terms);
}

std::string ExclusionReason(Exclusion exclusion) {
  switch (exclusion) {
    case Exclusion::kNone:
      return "";
    case Exclusion::kNoMle:
      return "maximum likelihood estimate does not exist (Fienberg-Rinaldo LP optimum is 0)";
    case Exclusion::kNotIdentifiable:
      return "not identifiable (design matrix not of full column rank)";
    case Exclusion::kDiverged:
      return "IRLS did not converge";
  }
  return "";
}

namespace internal {

Design BuildDesign(const std::vector<double>& counts, int num_lists, const Model& model,
                   bool with_hidden_cell) {
  Design d;
  const Term num_cells = Term{1} << num_lists;
  std::vector<Term> all_terms;
  for (int list_idx = 0; list_idx < num_lists; ++list_idx) all_terms.push_back(Term{1} << list_idx);
  all_terms.insert(all_terms.end(), model.terms.begin(), model.terms.end());
  d.num_parameters = 1 + static_cast<int>(all_terms.size());
  // Observed margins of every term.
  std::vector<double> margin(all_terms.size(), 0.0);
  for (Term cell = 1; cell < num_cells; ++cell) {
    if (counts[cell] == 0) continue;
    for (size_t t = 0; t < all_terms.size(); ++t)
      if (Contains(cell, all_terms[t])) margin[t] += counts[cell];
  }
  d.columns.push_back(0);
  for (size_t t = 0; t < all_terms.size(); ++t) {
    if (margin[t] == 0) {
      d.infinite.push_back(all_terms[t]);
    } else {
      d.columns.push_back(all_terms[t]);
    }
  }
  for (Term cell = with_hidden_cell ? 0 : 1; cell < num_cells; ++cell) {
    bool dropped = false;
    for (Term inf : d.infinite) dropped = dropped || Contains(cell, inf);
    if (!dropped) d.cells.push_back(cell);
  }
  d.x.resize(static_cast<Eigen::Index>(d.cells.size()),
             static_cast<Eigen::Index>(d.columns.size()));
  d.y.resize(static_cast<Eigen::Index>(d.cells.size()));
  for (size_t r = 0; r < d.cells.size(); ++r) {
    d.y(static_cast<Eigen::Index>(r)) = counts[d.cells[r]];
    for (size_t c = 0; c < d.columns.size(); ++c)
      d.x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          Contains(d.cells[r], d.columns[c]) ? 1.0 : 0.0;
  }
  return d;
}

namespace {

// Fienberg & Rinaldo (2012), Ann. Stat. 40:996, §4: the MLE exists iff the observed margins
// Aᵀy lie in the relative interior of the marginal cone, i.e. iff some z > 0 (every cell
// strictly positive) has Aᵀz = Aᵀy. We maximise t subject to Aᵀz = Aᵀy, z − t ≥ 0, 0 ≤ t ≤ 1;
// the MLE does not exist when the optimum is 0.
bool MleExists(const Design& d) {
  const int n = static_cast<int>(d.cells.size());
  const int p = static_cast<int>(d.columns.size());
  bool all_positive = true;
  for (int r = 0; r < n; ++r) all_positive = all_positive && d.y(r) > 0;
  if (all_positive) return true;  // z = y is strictly positive
  glp_prob* lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MAX);
  glp_add_rows(lp, p + n);
  glp_add_cols(lp, n + 1);
  for (int c = 1; c <= n; ++c) glp_set_col_bnds(lp, c, GLP_LO, 0.0, 0.0);
  glp_set_col_bnds(lp, n + 1, GLP_DB, 0.0, 1.0);
  glp_set_obj_coef(lp, n + 1, 1.0);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  const Eigen::VectorXd margins = d.x.transpose() * d.y;
  for (int j = 0; j < p; ++j) {
    glp_set_row_bnds(lp, j + 1, GLP_FX, margins(j), margins(j));
    for (int r = 0; r < n; ++r) {
      if (d.x(r, j) != 0) {
        ia.push_back(j + 1);
        ja.push_back(r + 1);
        ar.push_back(d.x(r, j));
      }
    }
  }
  for (int r = 0; r < n; ++r) {
    glp_set_row_bnds(lp, p + r + 1, GLP_LO, 0.0, 0.0);
    ia.push_back(p + r + 1);
    ja.push_back(r + 1);
    ar.push_back(1.0);
    ia.push_back(p + r + 1);
    ja.push_back(n + 1);
    ar.push_back(-1.0);
  }
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  const int rc = glp_simplex(lp, &parm);
  const double t = (rc == 0 && glp_get_status(lp) == GLP_OPT) ? glp_get_obj_val(lp) : 0.0;
  glp_delete_prob(lp);
  return t > 1e-7;
}

}  // namespace

namespace {

double PoissonLogLik(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double ll = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    ll -= mu(i) + std::lgamma(y(i) + 1);
    if (y(i) > 0) ll += y(i) * std::log(mu(i));
  }
  return ll;
}

double PoissonDeviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double dev = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    double term = -(y(i) - mu(i));
    if (y(i) > 0) term += y(i) * std::log(y(i) / mu(i));
    dev += 2 * term;
  }
  return dev;
}

}  // namespace

// Green (1984), JRSS B 46:149; the algorithm of R's glm.fit: working response
// z = η + (y − μ)/μ, weights μ; step halving when the deviance is not finite or rises.
IrlsResult Irls(const Design& d, const FitOptions& options, const Eigen::VectorXd* start) {
  IrlsResult r;
  const Eigen::Index n = d.x.rows(), p = d.x.cols();
  Eigen::VectorXd eta(n), mu(n);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  if (start != nullptr && start->size() == p) {
    beta = *start;
    eta.noalias() = d.x * beta;
    mu = eta.array().exp();
  } else {
    mu = d.y.array() + 0.1;
    eta = mu.array().log();
  }
  double dev = PoissonDeviance(d.y, mu);
  Eigen::MatrixXd xw(n, p), xtwx(p, p);
  Eigen::VectorXd z(n), beta_new(p);
  Eigen::LDLT<Eigen::MatrixXd> ldlt(p);
  bool have_beta = start != nullptr && start->size() == p;
  for (int iter = 1; iter <= options.max_iterations; ++iter) {
    r.iterations = iter;
    z = eta.array() + (d.y.array() - mu.array()) / mu.array();
    xw = d.x.array().colwise() * mu.array();
    xtwx.noalias() = xw.transpose() * d.x;
    ldlt.compute(xtwx);
    if (ldlt.info() != Eigen::Success) return r;
    beta_new = ldlt.solve(xw.transpose() * z);
    eta.noalias() = d.x * beta_new;
    mu = eta.array().exp();
    double dev_new = PoissonDeviance(d.y, mu);
    int halvings = 0;
    while (have_beta && (!std::isfinite(dev_new) || dev_new > dev * (1 + 1e-12) + 1e-12)) {
      if (++halvings > 40) return r;
      beta_new = (beta_new + beta) / 2;
      eta.noalias() = d.x * beta_new;
      mu = eta.array().exp();
      dev_new = PoissonDeviance(d.y, mu);
    }
    if (!std::isfinite(dev_new)) return r;
    beta = beta_new;
    have_beta = true;
    const bool done =
        std::abs(dev_new - dev) / (std::abs(dev_new) + 0.1) < options.deviance_tolerance;
    dev = dev_new;
    if (done) {
      r.converged = true;
      break;
    }
  }
  if (!r.converged) return r;
  // Information at the final estimate.
  xw = d.x.array().colwise() * mu.array();
  xtwx.noalias() = xw.transpose() * d.x;
  ldlt.compute(xtwx);
  Eigen::VectorXd e0 = Eigen::VectorXd::Zero(p);
  e0(0) = 1;
  r.intercept_variance = ldlt.solve(e0)(0);
  r.beta = beta;
  r.mu = mu;
  r.deviance = dev;
  r.log_likelihood = PoissonLogLik(d.y, mu);
  // Separation shows as a coefficient running off to ±∞ with fitted values → 0.
  if (!beta.allFinite() || beta.cwiseAbs().maxCoeff() > 50 || !std::isfinite(r.intercept_variance))
    r.converged = false;
  return r;
}

namespace {

bool FullColumnRank(const Design& d) {
  if (d.cells.size() < d.columns.size()) return false;
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(d.x);
  return qr.rank() == d.x.cols();
}

// A converged fit is itself nearly a witness for the Fienberg–Rinaldo LP: μ > 0 and
// Aᵀμ ≈ Aᵀy. Correcting it by the minimum-norm δ with Aᵀδ = Aᵀ(y − μ) gives an exact
// z = μ + δ with Aᵀz = Aᵀy; if z is still positive beyond rounding, the MLE exists and the LP is
// not needed. Any doubt (no convergence, a fitted value near 0) goes to the LP.
bool PositiveWitness(const Design& d, const IrlsResult& r) {
  if (!r.converged) return false;
  const Eigen::VectorXd residual = d.x.transpose() * (d.y - r.mu);
  const Eigen::MatrixXd ata = d.x.transpose() * d.x;
  const Eigen::VectorXd z = r.mu + d.x * ata.ldlt().solve(residual);
  // Rounding in z is of order 1e-16 · Σy · cond(AᵀA); the margin keeps well clear of it.
  return z.minCoeff() > 1e-11 * (1 + d.y.sum());
}

}  // namespace

Exclusion CheckAndFit(const Design& d, const FitOptions& options, IrlsResult* fit) {
  if (!FullColumnRank(d)) return Exclusion::kNotIdentifiable;
  *fit = Irls(d, options);
  if (!PositiveWitness(d, *fit) && !MleExists(d)) return Exclusion::kNoMle;
  if (!fit->converged) return Exclusion::kDiverged;
  return Exclusion::kNone;
}

Result<Fit> FitDesign(const Design& d, const Model& model, int num_lists, double observed,
                      const IrlsResult& r) {
  if (!r.converged) return Status::FailedPrecondition(ExclusionReason(Exclusion::kDiverged));
  Fit fit;
  fit.model = model;
  fit.infinite_terms = d.infinite;
  fit.intercept = r.beta(0);
  fit.intercept_se = std::sqrt(std::max(0.0, r.intercept_variance));
  fit.hidden = std::exp(fit.intercept);
  fit.observed = observed;
  fit.total = observed + fit.hidden;
  fit.log_likelihood = r.log_likelihood;
  fit.deviance = r.deviance;
  fit.num_parameters = d.num_parameters;
  fit.aic = 2.0 * fit.num_parameters - 2 * fit.log_likelihood;
  fit.bic = fit.num_parameters * std::log(observed) - 2 * fit.log_likelihood;
  fit.fitted.assign(size_t{1} << num_lists, 0.0);
  fit.fitted[0] = fit.hidden;
  for (size_t i = 0; i < d.cells.size(); ++i)
    fit.fitted[d.cells[i]] = r.mu(static_cast<Eigen::Index>(i));
  fit.iterations = r.iterations;
  return fit;
}

std::vector<Model> EnumerateHierarchical(int num_lists, int max_order) {
  std::vector<Term> candidates;
  for (Term t = 1; t < (Term{1} << num_lists); ++t)
    if (PopCount(t) >= 2 && PopCount(t) <= max_order) candidates.push_back(t);
  candidates = HierarchicalClosure(candidates).terms;  // sorted by order, then lexicographic
  std::vector<Model> out;
  std::vector<Term> chosen;
  std::vector<bool> in(size_t{1} << num_lists, false);
  // Depth-first: each term in or out; a term of order ≥ 3 may go in only if all its
  // sub-terms one order down are in (hierarchy).
  std::function<void(size_t)> recurse = [&](size_t idx) {
    if (idx == candidates.size()) {
      out.push_back(Model{chosen});
      return;
    }
    recurse(idx + 1);
    const Term t = candidates[idx];
    if (PopCount(t) > 2) {
      for (Term bit = 1; bit <= t; bit <<= 1)
        if ((t & bit) && !in[t & ~bit]) return;
    }
    in[t] = true;
    chosen.push_back(t);
    recurse(idx + 1);
    chosen.pop_back();
    in[t] = false;
  };
  recurse(0);
  return out;
}

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Acklam's rational approximation, refined by one Halley step (relative error ~1e-15).
double NormalQuantile(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double e = NormalCdf(x) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

void ParallelFor(int n, int threads, const std::function<void(int)>& work) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::max(1, std::min(threads, n));
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(threads));
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([w, threads, n, &work] {
      for (int i = w; i < n; i += threads) work(i);
      glp_free_env();  // GLPK keeps a per-thread environment; release it before exit
    });
  }
  for (std::thread& t : workers) t.join();
}

}  // namespace internal

Admissibility CheckModel(const Overlap& overlap, const Model& model) {
  const internal::Design d = internal::BuildDesign(overlap.counts(), overlap.num_lists(), model);
  internal::IrlsResult fit;
  const Exclusion e = internal::CheckAndFit(d, {}, &fit);
  return Admissibility{e == Exclusion::kDiverged ? Exclusion::kNone : e};
}

Result<Fit> FitModel(const Overlap& overlap, const Model& model, const FitOptions& options) {
  const internal::Design d = internal::BuildDesign(overlap.counts(), overlap.num_lists(), model);
  internal::IrlsResult r;
  const Exclusion e = internal::CheckAndFit(d, options, &r);
  if (e != Exclusion::kNone) return Status::FailedPrecondition(ExclusionReason(e));
  return internal::FitDesign(d, model, overlap.num_lists(), static_cast<double>(overlap.observed()),
                             r);
}

namespace {

// Regularised incomplete gamma functions {P(a, x), Q(a, x)}: the series for x < a + 1, the
// continued fraction (modified Lentz) otherwise, each computing the small side directly so
// that tiny tail probabilities keep their precision. Abramowitz & Stegun 6.5.29 and 6.5.31.
std::pair<double, double> GammaPQ(double a, double x) {
  if (x <= 0) return {0.0, 1.0};
  const double log_prefix = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double sum = 1 / a, term = 1 / a;
    for (int n = 1; n < 100000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::abs(term) < std::abs(sum) * 1e-16) break;
    }
    const double p = std::min(1.0, sum * std::exp(log_prefix));
    return {p, 1 - p};
  }
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  const double q = std::min(1.0, std::exp(log_prefix) * h);
  return {1 - q, q};
}

}  // namespace

double PoissonTailP(double n, double lambda) {
  if (lambda <= 0) return n <= 0 ? 1.0 : 0.0;
  // P(X ≤ n) = Q(n + 1, λ) = 1 − P(n + 1, λ);  P(X ≥ n) = P(n, λ) for n ≥ 1.
  const double lower = GammaPQ(n + 1, lambda).second;
  const double upper = n <= 0 ? 1.0 : GammaPQ(n, lambda).first;
  return std::min(lower, upper);
}

}  // namespace palermo::estimate
