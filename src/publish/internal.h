// SPDX-License-Identifier: AGPL-3.0-or-later
// src/publish/internal.h: helpers shared by the publish sources. Not part of the module's
// interface; other modules include only publish/publish.h.
#pragma once

#include <glpk.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "publish/publish.h"

namespace palermo::publish::internal {

// 64-bit FNV-1a; stable across platforms (used for deterministic choices, not for security).
uint64_t Fnv1a(std::string_view text);

// The person's distinct forms, at most `max_forms_per_person` of them when positive (chosen by
// a hash of the person key so that no form is systematically dropped), sorted. With
// `known_only`, only forms of the code list, by their Palermo code.
std::vector<std::string> BoundedForms(const PersonRow& p, int max_forms_per_person, bool known_only = false);

// The category domains of the tables. `fixed` (a DP release): every country, M49 region and
// form of the code lists gets a row, zero or not, and the years are [first_year, last_year]
// plus one row for the rest, so that one more person changes no table's rows; routes and
// agency overlap patterns stay open (ProtectTables thresholds them).
struct Domains {
  bool fixed = false;
  int first_year = 0;
  int last_year = 0;
};
std::vector<Table> BuildTables(const ReportInput& input, int max_forms_per_person, const Domains& domains);

// Removes the rows not kept (children, data_rows and standalone_rows renumbered; a sum row that
// lost all its children is zero), then recomputes the relations and the totals.
void DropRows(Table& table, const std::vector<bool>& keep);

// Adds discrete Laplace noise of scale `scale_num/scale_den` to every detail cell (cells that
// are the total of no relation), clamps at zero, then recomputes every total from its parts.
void AddNoise(Table& table, uint64_t scale_num, uint64_t scale_den, RandomSource& rng);

// Recomputes totals from parts, in dependency order.
void RecomputeTotals(Table& table);

// GLPK problem owned by a unique_ptr; terminal output off.
struct GlpDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using GlpProb = std::unique_ptr<glp_prob, GlpDeleter>;
GlpProb NewProb();

// Sparse matrix entries, 1-based as GLPK wants (index 0 unused).
struct Triplets {
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  void Add(int row, int col, double value) {
    ia.push_back(row);
    ja.push_back(col);
    ar.push_back(value);
  }
  void Load(glp_prob* lp) { glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data()); }
};

// Secondary suppression over all tables of a release at once (attack.cc): until AttackRelease
// finds no suppressed cell narrower than `width`, for each narrow cell solve the witness LP (the
// cheapest change of the published cells, weighted by their value, that moves the cell by the
// width while keeping every relation, shared constraint and bound) and suppress the cells it
// moves. `truth` holds, per table, counts that satisfy every constraint and lie within
// `published_slack` of the published ones (the counts before rounding).
Status SuppressRelease(std::vector<Table>& tables, const std::vector<Constraint>& shared, int64_t width,
                       int64_t published_slack, const std::vector<std::vector<int64_t>>& truth);

// Labels and messages shared by the renderers.
std::string UnitText(Unit unit, Lang lang);
// A count or estimate as a whole number in the report's language ("3,186"; "unbounded" for
// infinity).
std::string WholeNumber(double v, Lang lang);
// The smallest count the report shows (0 when disclosure control is off).
inline int64_t PublishedThreshold(const Report& r) { return r.options.enabled ? r.options.threshold : 0; }
// The estimate's method and selected model, its interval method and what the interval means,
// in plain words (not the codes of `palermo estimate`).
std::string EstimateMethodText(const EstimateSummary& e, Lang lang);
std::string IntervalMethodText(std::string_view ci_method, Lang lang);
std::string IntervalMeaningText(const EstimateSummary& e, Lang lang);

}  // namespace palermo::publish::internal
