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
    const int64_t eps_micro = std::llround(options.dp_epsilon * 1e6);
    if (eps_micro <= 0 || eps_micro >= (int64_t{1} << 31))
      return Status::InvalidArgument("--dp-epsilon must be between 0.000001 and 2000");
    const std::filesystem::path ledger_path = options.budget_ledger;
    if (ledger_path.empty()) return Status::InvalidArgument("differential privacy needs a budget ledger path");
    PALERMO_ASSIGN_OR_RETURN(BudgetLedger ledger, BudgetLedger::Open(ledger_path));
    PALERMO_RETURN_IF_ERROR(ledger.Charge(input.dataset_id.empty() ? "default" : input.dataset_id,
                                          options.dp_epsilon, options.dp_budget,
                                          "palermo report, year " + std::to_string(input.year)));
    const uint64_t scale_num = static_cast<uint64_t>(sensitivity) * 1000000u;
    auto rng = SecureRandom();
    for (Table& t : tables) internal::AddNoise(t, scale_num, static_cast<uint64_t>(eps_micro), *rng);
    const double spent = ledger.Spent(input.dataset_id.empty() ? "default" : input.dataset_id);
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
      PALERMO_RETURN_IF_ERROR(SuppressSecondary(t, options));
    }
    // DP noise leaves the tables without exact shared margins: they are protected one by one.
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
