// SPDX-License-Identifier: AGPL-3.0-or-later
// ProtectTables: disclosure control of a release — DP noise and its budget, rounding, primary
// suppression, then secondary suppression checked by the attacker on all tables together.
#include <algorithm>
#include <cmath>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

std::string Num(double v, int digits = 2) { return FormatNumber(v, Lang::kEn, digits); }

}  // namespace

Result<ProtectionStatement> ProtectTables(std::vector<Table>& tables, const ReportInput& input,
                                          const DisclosureOptions& options) {
  if (options.threshold < 1) return Status::InvalidArgument("threshold must be at least 1");
  ProtectionStatement statement;
  std::vector<Text>& lines = statement.lines;
  const bool use_dp = options.dp_epsilon > 0;

  if (use_dp) {
    // One person contributes at most one cell in each table, except the form table (up to
    // max_forms + the person row) and the region × category table (up to max_forms).
    int64_t sensitivity = 0;
    for (const Table& t : tables) {
      if (t.id == "form") sensitivity += options.max_forms_per_person + 1;
      else if (t.id == "region_form") sensitivity += std::min(options.max_forms_per_person, 4);
      else sensitivity += 1;
    }
    if (!(options.dp_delta > 0 && options.dp_delta < 1))
      return Status::InvalidArgument("--dp-delta must be between 0 and 1 (exclusive)");
    const int64_t eps_micro = std::llround(options.dp_epsilon * 1e6);
    if (eps_micro <= 0 || eps_micro >= (int64_t{1} << 31))
      return Status::InvalidArgument("--dp-epsilon must be between 0.000001 and 2000");
    if (options.ledger == nullptr) return Status::InvalidArgument("differential privacy needs a budget ledger");
    PALERMO_RETURN_IF_ERROR(options.ledger->Charge(options.dp_epsilon, options.dp_budget,
                                                   "palermo report, year " + std::to_string(input.year)));
    const uint64_t scale_num = static_cast<uint64_t>(sensitivity) * 1000000u;
    auto rng = options.dp_seed_for_testing ? SeededRandomForTesting(options.dp_seed_for_testing) : SecureRandom();
    for (Table& t : tables) internal::AddNoise(t, scale_num, static_cast<uint64_t>(eps_micro), *rng);
    // Open domains: a route or an agency overlap pattern exists only because someone is in it.
    // Each person is in one row of each, so a row that one person adds is published with
    // probability at most delta / 2 (two such tables).
    const double scale = static_cast<double>(sensitivity) / options.dp_epsilon;
    const int64_t tau = DpRowThreshold(scale, options.dp_delta / 2);
    statement.dp_scale = scale;
    statement.dp_delta = options.dp_delta;
    statement.dp_row_threshold = tau;
    for (Table& t : tables) {
      if (t.id != "route" && t.id != "agency") continue;
      const int n_cols = static_cast<int>(t.cols.size());
      std::vector<bool> keep(t.rows.size(), true);
      for (size_t r = 0; r < t.rows.size(); ++r) {
        const bool detail = t.rows[r].children.empty() && !t.rows[r].is_total;
        if (detail && t.Value(static_cast<int>(r), n_cols - 1) <= tau) keep[r] = false;
      }
      // An agency's row is the sum of its patterns: kept while one of them is.
      for (size_t r = 0; r < t.rows.size(); ++r)
        if (!t.rows[r].children.empty() && !t.rows[r].is_total)
          keep[r] = std::any_of(t.rows[r].children.begin(), t.rows[r].children.end(), [&](int c) { return keep[c]; });
      internal::DropRows(t, keep);
      // Its total counts the rows shown only: say so, lest "0" read as "no victim".
      for (Label& l : t.rows)
        if (l.code == "total") l.text = {"Total of the rows shown", "Total des lignes montrées"};
    }
    PALERMO_ASSIGN_OR_RETURN(const double spent, options.ledger->Spent());
    const std::string delta = FormatNumber(options.dp_delta, Lang::kEn, 12);
    lines.push_back({"(ε, δ) = (" + Num(options.dp_epsilon, 6) + ", " + delta +
                         "): the tables together are differentially private with epsilon " + Num(options.dp_epsilon, 6) +
                         " and delta " + delta + ". Every country, region, form of exploitation, sex, age group "
                         "and year of the declared range has its row, zero or not. Routes and agency overlap "
                         "patterns are shown only when their noisy count exceeds " + std::to_string(tau) +
                         ", so that a route or pattern of a single person appears with probability at most delta/2 "
                         "each; their totals are the sums of the rows shown. No microdata, no estimate and no "
                         "exact count are published.",
                     "(ε, δ) = (" + Num(options.dp_epsilon, 6) + ", " + delta +
                         ") : les tableaux sont ensemble différentiellement confidentiels avec epsilon " +
                         Num(options.dp_epsilon, 6) + " et delta " + delta + ". Chaque pays, région, forme "
                         "d'exploitation, sexe, groupe d'âge et année de la période déclarée a sa ligne, nulle ou "
                         "non. Les itinéraires et les recoupements entre organismes ne sont montrés que si leur "
                         "effectif bruité dépasse " + std::to_string(tau) +
                         ", pour qu'un itinéraire ou un recoupement d'une seule personne apparaisse avec une "
                         "probabilité d'au plus delta/2 chacun ; leurs totaux sont les sommes des lignes montrées. "
                         "Ni microdonnées, ni estimation, ni effectif exact ne sont publiés."});
    lines.push_back(
        {"Differential privacy: epsilon = " + Num(options.dp_epsilon, 6) +
             " for this release; every count carries discrete Laplace noise of scale " +
             Num(static_cast<double>(sensitivity) / options.dp_epsilon, 3) +
             " (exact sampler, Canonne–Kamath–Steinke 2020; randomness from libsodium); each "
             "victim counts in at most " + std::to_string(options.max_forms_per_person) +
             " forms. Budget spent on this data set: " + Num(spent, 6) + " of " + Num(options.dp_budget, 6) + ".",
         "Confidentialité différentielle : epsilon = " + Num(options.dp_epsilon, 6) +
             " pour cette publication ; chaque effectif porte un bruit de Laplace discret d'échelle " +
             Num(static_cast<double>(sensitivity) / options.dp_epsilon, 3) +
             " (échantillonneur exact, Canonne–Kamath–Steinke 2020 ; aléa de libsodium) ; chaque "
             "victime compte dans au plus " + std::to_string(options.max_forms_per_person) +
             " formes. Budget consommé sur ce jeu de données : " + Num(spent, 6) + " sur " +
             Num(options.dp_budget, 6) + "."});
    if (input.unit == Unit::kRecords)
      lines.push_back({"Without linkage the guarantee holds per record, not per person.",
                       "Sans appariement, la garantie vaut par enregistrement, pas par personne."});
  }

  // The counts before rounding: the witness of the joint suppression starts from them.
  std::vector<std::vector<int64_t>> truth;
  for (const Table& t : tables) truth.push_back(t.values);
  int64_t slack = 0;
  if (options.rounding != Rounding::kNone) {
    const int base = static_cast<int>(options.rounding);
    slack = base - 1;
    int non_additive = 0;
    for (Table& t : tables) {
      PALERMO_ASSIGN_OR_RETURN(bool additive, RoundControlled(t, base, options.threshold));
      if (!additive) ++non_additive;
    }
    lines.push_back(
        {"Every count is rounded to a multiple of " + std::to_string(base) +
             " by controlled rounding, which keeps totals equal to the sum of their parts" +
             (non_additive ? " except in " + std::to_string(non_additive) + " table(s) where this was impossible." : "."),
         "Chaque effectif est arrondi à un multiple de " + std::to_string(base) +
             " par arrondi contrôlé, qui garde les totaux égaux à la somme de leurs parties" +
             (non_additive ? " sauf dans " + std::to_string(non_additive) + " tableau(x) où c'était impossible." : ".")});
  }

  if (options.enabled) {
    const int64_t width = options.protection_width > 0 ? options.protection_width : options.threshold;
    int primary = 0, secondary = 0;
    for (Table& t : tables) {
      primary += SuppressPrimary(t, options);
      // With DP a suppressed cell hides only a noisy count, which the guarantee already
      // covers: no secondary suppression (it would take minutes on the fixed domains).
      if (!use_dp) PALERMO_RETURN_IF_ERROR(SuppressSecondary(t, options));
    }
    if (!use_dp) {
      const std::vector<Constraint> shared = ReleaseConstraints(tables, input.year);
      PALERMO_RETURN_IF_ERROR(internal::SuppressRelease(tables, shared, width, slack, truth));
      PALERMO_ASSIGN_OR_RETURN(std::vector<ReleaseInterval> check, AttackRelease(tables, shared, slack));
      for (const ReleaseInterval& iv : check)
        if (IntervalWidth(iv) < static_cast<double>(width) - 1e-9)
          return Status::Internal("the release fails its own attacker on table " + tables[iv.cell.table_idx].id);
    }
    for (const Table& t : tables)
      secondary += static_cast<int>(std::count(t.state.begin(), t.state.end(), CellState::kSecondarySuppressed));
    const std::string below = std::to_string(options.threshold - 1);
    lines.push_back({"Cells counting 1 to " + below + " victims are suppressed (shown as x): " +
                         std::to_string(primary) + " cell(s), including those that would reveal that every "
                         "victim of a group shares one form of exploitation.",
                     "Les cases de 1 à " + below + " victimes sont masquées (x) : " + std::to_string(primary) +
                         " case(s), y compris celles qui révéleraient que toutes les victimes d'un groupe "
                         "partagent une même forme d'exploitation."});
    if (use_dp)
      lines.push_back({"No further cell is suppressed: a suppressed cell could at most be recomputed as its noisy "
                       "count, which differential privacy already protects.",
                       "Aucune autre case n'est masquée : une case masquée ne pourrait être recalculée qu'en son "
                       "effectif bruité, que la confidentialité différentielle protège déjà."});
    else
    lines.push_back({std::to_string(secondary) + " further cell(s) are suppressed, chosen by integer "
                         "programming (GLPK), so that no suppressed value can be computed from the "
                         "published cells and totals of all the tables together to within an interval "
                         "narrower than " +
                         std::to_string(width) + ".",
                     std::to_string(secondary) + " autre(s) case(s) sont masquées, choisies par "
                         "programmation en nombres entiers (GLPK), pour qu'aucune valeur masquée ne "
                         "puisse être déduite des cases et totaux publiés de tous les tableaux ensemble à "
                         "moins de " +
                         std::to_string(width) + " près."});
  } else {
    lines.push_back({"NO disclosure control was applied: these tables must not be published.",
                     "AUCUN contrôle de la divulgation n'a été appliqué : ces tableaux ne doivent pas être publiés."});
  }
  return statement;
}

}  // namespace palermo::publish
