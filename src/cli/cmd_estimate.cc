// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo estimate: Multiple Systems Estimation of the hidden number of victims from the
// overlaps of K lists (a capture table, or `palermo link` clusters). Contract (issue 5):
//   palermo estimate --in CAPTURES.csv --method independence|stepwise|bic|aic|average|model
//                    [--terms "A*B,C*D"] [--interval bootstrap|parametric|profile]
//                    [--bootstrap N] [--seed S] [--out RESULT.json]
//                    [--clusters clusters.csv] [--strata COLUMN]
//   palermo estimate [--year Y] [--strata sex|age_group|form|citizenship_region] ...
//                    (neither --in nor --clusters: the database's persons, src/persons)
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/persons_command.h"
#include "estimate/estimate.h"
#include "publish/publish.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace estimate_command {

namespace est = ::palermo::estimate;

struct Args {
  std::string in;
  std::string clusters;
  std::string method = "stepwise";
  std::string terms;
  std::string interval = "bootstrap";  // see IntervalSetup below
  int bootstrap = est::kDefaultBootstrapReplicates;
  uint64_t seed = 1;
  std::string out;
  std::string strata;
  double threshold = 0.02;
  int max_order = 0;
  int threads = 0;
  bool no_reselect = false;
  int year = 0;  // from the database: persons first identified that year (0 = all years)
};

std::string Num(double v, Lang lang, int digits = 0) {
  if (!std::isfinite(v)) return lang == Lang::kFr ? "non borné" : "unbounded";
  return FormatNumber(v, lang, digits);
}

std::string L(Lang lang, const Msg& msg) { return msg.Get(lang); }

std::string Pvalue(double p) {
  std::ostringstream s;
  s.precision(2);
  s << p;
  return s.str();
}

std::string ModelText(const est::Model& model, const std::vector<std::string>& names, Lang lang) {
  if (model.terms.empty())
    return lang == Lang::kFr ? "indépendance (effets principaux seuls)"
                             : "independence (main effects only)";
  std::string text;
  for (const std::string& t : est::TermNames(model, names)) text += (text.empty() ? "" : " + ") + t;
  return Format({"main effects + {terms}", "effets principaux + {terms}"}, lang, {{"terms", text}});
}

std::string IntervalName(est::IntervalMethod m, Lang lang) {
  switch (m) {
    case est::IntervalMethod::kProfile:
      return lang == Lang::kFr ? "vraisemblance profilée" : "profile likelihood";
    case est::IntervalMethod::kWaldLog:
      return lang == Lang::kFr ? "Wald sur l’échelle log" : "Wald on the log scale";
    case est::IntervalMethod::kPercentile:
      return lang == Lang::kFr ? "bootstrap percentile" : "bootstrap percentile";
    case est::IntervalMethod::kBca:
      return "bootstrap BCa";
    case est::IntervalMethod::kModelAverage:
      return lang == Lang::kFr ? "moyenne de modèles (incertitude de modèle incluse)"
                               : "model average (model uncertainty included)";
  }
  return "";
}

std::string WhyText(const est::Estimate& e, const std::vector<std::string>& names, const Args& args,
                    Lang lang) {
  switch (e.method) {
    case est::Method::kIndependence:
      return L(lang, {"you asked for the independence model (lists assumed independent; with "
                      "2 lists this is Lincoln–Petersen).",
                      "vous avez demandé le modèle d’indépendance (listes supposées "
                      "indépendantes ; avec 2 listes, c’est Lincoln–Petersen)."});
    case est::Method::kModel:
      return L(lang,
               {"you gave the model with --terms.", "vous avez donné le modèle avec --terms."});
    case est::Method::kStepwise: {
      std::string steps;
      for (const est::StepwiseStep& s : e.steps)
        steps += (steps.empty() ? "" : ", ") + est::TermName(s.term, names) +
                 " (p = " + Pvalue(s.p_value) + ")";
      if (steps.empty()) steps = lang == Lang::kFr ? "aucune" : "none";
      return Format(
          {"stepwise rule of Chan, Silverman & Vincent (2021): starting from independence, "
           "pairs of lists whose overlap the model could not explain were added one by "
           "one: {steps}; no other pair reached p < {threshold} (smallest p = {refused}).",
           "règle pas à pas de Chan, Silverman et Vincent (2021) : à partir de "
           "l’indépendance, on ajoute une à une les paires de listes dont le "
           "recoupement n’est pas expliqué : {steps} ; aucune autre paire n’atteint "
           "p < {threshold} (plus petit p = {refused})."},
          lang,
          {{"steps", steps},
           {"threshold", Pvalue(args.threshold)},
           {"refused", Pvalue(e.refused_p_value)}});
    }
    case est::Method::kBic:
    case est::Method::kAic:
    case est::Method::kAverage: {
      const bool aic = e.method == est::Method::kAic;
      const std::string ic = aic ? "AIC" : "BIC";
      std::string runner;
      if (e.ranking.size() > 1)
        runner = Format({" Runner-up: {model} ({ic} higher by {delta}).",
                         " Suivant : {model} ({ic} plus élevé de {delta})."},
                        lang,
                        {{"model", ModelText(e.ranking[1].model, names, lang)},
                         {"ic", ic},
                         {"delta", Num(e.ranking[1].criterion - e.ranking[0].criterion, lang, 2)}});
      const std::string search =
          e.exhaustive
              ? (lang == Lang::kFr ? "tous les" : "all")
              : (lang == Lang::kFr ? "une recherche gloutonne parmi les" : "a greedy search over");
      if (e.method == est::Method::kAverage)
        return Format({"average of {n} admissible models weighted by exp(−ΔBIC/2) ({search} "
                       "hierarchical models with interactions up to order {order}); the best "
                       "model, shown above, has weight {w}.",
                       "moyenne de {n} modèles admissibles pondérés par exp(−ΔBIC/2) ({search} "
                       "modèles hiérarchiques avec interactions jusqu’à l’ordre {order}) ; le "
                       "meilleur modèle, ci-dessus, a le poids {w}."},
                      lang,
                      {{"n", static_cast<int64_t>(e.models_admissible)},
                       {"search", search},
                       {"order", static_cast<int64_t>(e.max_order)},
                       {"w", Num(e.ranking.empty() ? 0 : e.ranking[0].weight, lang, 3)}}) +
               runner;
      return Format({"lowest {ic} ({value}) among {n} admissible models ({search} hierarchical "
                     "models with interactions up to order {order}; {considered} considered).",
                     "{ic} le plus bas ({value}) parmi {n} modèles admissibles ({search} modèles "
                     "hiérarchiques avec interactions jusqu’à l’ordre {order} ; {considered} "
                     "examinés)."},
                    lang,
                    {{"ic", ic},
                     {"value", Num(e.ranking.empty() ? 0 : e.ranking[0].criterion, lang, 2)},
                     {"n", static_cast<int64_t>(e.models_admissible)},
                     {"search", search},
                     {"order", static_cast<int64_t>(e.max_order)},
                     {"considered", static_cast<int64_t>(e.models_considered)}}) +
             runner;
    }
  }
  return "";
}

// ---- Interval method (issue 16, item 4): option, notes, coverage warning. ----

// Reads --interval and --bootstrap into `options`. --bootstrap 0 means the profile interval.
Status ApplyIntervalOptions(const Args& args, est::EstimateOptions& options, Lang lang) {
  std::optional<est::IntervalChoice> choice = est::ParseIntervalChoice(args.interval);
  if (!choice)
    return Status::InvalidArgument(
        Format({"--interval: unknown method \"{m}\" (bootstrap, parametric, profile)",
                "--interval : méthode inconnue « {m} » (bootstrap, parametric, profile)"},
               lang, {{"m", args.interval}}));
  options.interval = args.bootstrap == 0 ? est::IntervalChoice::kProfile : *choice;
  options.bootstrap_replicates = args.bootstrap;
  if (options.interval != est::IntervalChoice::kProfile && args.bootstrap < 2)
    return Status::InvalidArgument(L(lang, {"--bootstrap needs at least 2 replicates",
                                            "--bootstrap demande au moins 2 réplications"}));
  return Status::Ok();
}

// How the bootstrap was done, and why BCa was replaced by the percentile interval.
void PrintIntervalNotes(std::ostream& os, const est::Estimate& e, Lang lang) {
  if (e.interval_choice == est::IntervalChoice::kProfile) return;
  const bool parametric = e.interval_choice == est::IntervalChoice::kParametric;
  os << Format({"  Bootstrap ({kind}{reselect}): {n} replicates (seed {seed}), {failed} without "
                "an admissible model.",
                "  Bootstrap ({kind}{reselect}) : {n} réplications (graine {seed}), {failed} "
                "sans modèle admissible."},
               lang,
               {{"kind", parametric ? (lang == Lang::kFr ? "paramétrique" : "parametric")
                                    : (lang == Lang::kFr ? "non paramétrique, personnes "
                                                           "rééchantillonnées"
                                                         : "nonparametric, people resampled")},
                {"reselect", e.reselected ? (lang == Lang::kFr ? ", modèle re-sélectionné à "
                                                                 "chaque réplication"
                                                               : ", model reselected in each "
                                                                 "replicate")
                                          : ""},
                {"n", static_cast<int64_t>(e.bootstrap_replicates)},
                {"seed", std::to_string(e.seed)},
                {"failed", static_cast<int64_t>(e.bootstrap_failures)}})
     << "\n";
  if (e.bca_fallback == est::BcaFallback::kNone) return;
  const Msg why = e.bca_fallback == est::BcaFallback::kNoBiasCorrection
                      ? Msg{"every replicate fell on one side of the estimate",
                            "toutes les réplications tombent du même côté de l’estimation"}
                  : e.bca_fallback == est::BcaFallback::kNoAcceleration
                      ? Msg{"the acceleration cannot be computed (the jackknife estimates do "
                            "not vary)",
                            "l’accélération ne peut pas être calculée (les estimations "
                            "jackknife ne varient pas)"}
                      : Msg{"the adjusted levels fall outside (0, 1)",
                            "les niveaux ajustés sortent de (0, 1)"};
  os << Format({"  Note: the BCa adjustment was not used ({why}); the interval is the "
                "bootstrap percentile interval.",
                "  Remarque : l’ajustement BCa n’a pas été appliqué ({why}) ; l’intervalle est "
                "l’intervalle percentile du bootstrap."},
               lang, {{"why", why.Get(lang)}})
     << "\n";
}

// Printed before the figures when the table has more lists than the selection rule was
// published for: the estimate is then an extrapolation of the rule.
void PrintCoverageWarning(std::ostream& os, const est::Estimate& e, std::string_view method,
                          size_t lists, Lang lang) {
  if (!e.beyond_selection_rules) return;
  os << Format({"WARNING: {k} lists, but the {method} selection rule was published and checked "
                "for at most {covered}. The model choice (and so the estimate) is an "
                "extrapolation: merge related lists, or give the model with --method model "
                "--terms, before publishing.",
                "ATTENTION : {k} listes, mais la règle de sélection {method} n’a été publiée et "
                "vérifiée que jusqu’à {covered}. Le choix du modèle (donc l’estimation) est une "
                "extrapolation : regroupez des listes proches, ou donnez le modèle avec "
                "--method model --terms, avant de publier."},
               lang,
               {{"k", static_cast<int64_t>(lists)},
                {"method", std::string(method)},
                {"covered", static_cast<int64_t>(e.lists_covered)}})
     << "\n";
}

void IntervalSetup(CLI::App* cmd, Args& args, Context& ctx) {
  cmd->add_option("--interval", args.interval,
                  T(ctx, {"bootstrap (nonparametric, model reselected; default) | parametric | "
                          "profile",
                          "bootstrap (non paramétrique, modèle re-sélectionné ; par défaut) | "
                          "parametric | profile"}));
  cmd->add_option("--bootstrap", args.bootstrap,
                  T(ctx, {"Bootstrap replicates (default 1000); 0 = profile likelihood interval",
                          "Réplications du bootstrap (1000 par défaut) ; 0 = intervalle de "
                          "vraisemblance profilée"}))
      ->check(CLI::NonNegativeNumber);
}

// ---- End of the interval block. ----

void PrintEstimate(std::ostream& os, const est::Estimate& e, const std::vector<std::string>& names,
                   const Args& args, Lang lang) {
  os << Format(
            {"  Observed (on at least one list): {n}", "  Observés (sur au moins une liste) : {n}"},
            lang, {{"n", Num(static_cast<double>(e.observed), lang)}})
     << "\n"
     << Format(
            {"  Estimated hidden (on no list):   {n}", "  Cachés estimés (sur aucune liste) : {n}"},
            lang, {{"n", Num(e.hidden, lang)}})
     << "\n"
     << Format(
            {"  Estimated total:                 {n}", "  Total estimé :                      {n}"},
            lang, {{"n", Num(e.total, lang)}})
     << "\n"
     << Format({"  {level}% interval ({how}): {low} to {high}",
                "  Intervalle à {level} % ({how}) : de {low} à {high}"},
               lang,
               {{"level", Num(e.level * 100, lang)},
                {"how", IntervalName(e.ci.method, lang)},
                {"low", Num(e.ci.low, lang)},
                {"high", Num(e.ci.high, lang)}})
     << "\n"
     << Format({"  Model: {model}", "  Modèle : {model}"}, lang,
               {{"model", ModelText(e.fit.model, names, lang)}})
     << "\n"
     << Format({"  Why this model: {why}", "  Pourquoi ce modèle : {why}"}, lang,
               {{"why", WhyText(e, names, args, lang)}})
     << "\n";
  if (!e.fit.infinite_terms.empty()) {
    std::string inf;
    for (est::Term t : e.fit.infinite_terms)
      inf += (inf.empty() ? "" : ", ") + est::TermName(t, names);
    os << Format({"  No one is on both lists of {terms}: those overlaps are treated as impossible.",
                  "  Personne n’est sur les deux listes de {terms} : ces recoupements sont "
                  "traités comme impossibles."},
                 lang, {{"terms", inf}})
       << "\n";
  }
  if (e.excluded_count > 0)
    os << Format({"  Models excluded (no maximum likelihood estimate, or hidden count not "
                  "identifiable): {n}; see RESULT.json.",
                  "  Modèles exclus (pas d’estimateur du maximum de vraisemblance, ou nombre "
                  "caché non identifiable) : {n} ; voir RESULT.json."},
                 lang, {{"n", static_cast<int64_t>(e.excluded_count)}})
       << "\n";
  PrintIntervalNotes(os, e, lang);
}

// The caveats, shared with the report's estimate section (publish::EstimateCaveats).
std::string Caveats(Lang lang) {
  std::string text = lang == Lang::kFr ? "Précautions :" : "Caveats:";
  for (const ::palermo::publish::Text& caveat : ::palermo::publish::EstimateCaveats()) text += "\n  - " + caveat.Get(lang);
  return text;
}

Status Run(const Args& args, Context& ctx) {
  const Lang lang = ctx.lang;
  if (!args.in.empty() && !args.clusters.empty())
    return Status::InvalidArgument(T(ctx, {"give at most one of --in CAPTURES.csv and --clusters "
                                           "clusters.csv (neither: the database's persons)",
                                           "donnez au plus une des options --in CAPTURES.csv et "
                                           "--clusters clusters.csv (aucune : les personnes de la "
                                           "base)"}));
  const bool from_store = args.in.empty() && args.clusters.empty();
  if (!from_store && args.year != 0)
    return Status::InvalidArgument(T(ctx, {"--year reads the database's persons: it cannot be "
                                           "used with --in or --clusters",
                                           "--year lit les personnes de la base : pas avec --in "
                                           "ni --clusters"}));
  std::optional<est::Method> method = est::ParseMethod(args.method);
  if (!method)
    return Status::InvalidArgument(Format(
        {"--method: unknown method \"{m}\" (independence, stepwise, bic, aic, average, model)",
         "--method : méthode inconnue « {m} » (independence, stepwise, bic, aic, average, model)"},
        lang, {{"m", args.method}}));
  if (*method == est::Method::kModel && args.terms.empty())
    return Status::InvalidArgument(
        T(ctx, {"--method model needs --terms, e.g. --terms \"A*B,C*D\"",
                "--method model demande --terms, par ex. --terms \"A*B,C*D\""}));
  if (*method != est::Method::kModel && !args.terms.empty())
    return Status::InvalidArgument(T(ctx, {"--terms is used only with --method model",
                                           "--terms ne sert qu’avec --method model"}));
  Result<est::CaptureTable> table = Status::Internal("");
  if (from_store) {
    // The database's persons: new or changed cases are linked first (persons.h).
    PALERMO_ASSIGN_OR_RETURN(persons::StatisticsInput in, PersonsFromStore(ctx));
    table = persons::CaptureHistories(in.persons, args.year, args.strata, lang);
  } else {
    table = args.in.empty() ? est::ReadClusters(args.clusters, args.strata, lang)
                            : est::ReadCaptures(args.in, args.strata, lang);
  }
  if (!table.ok()) return table.status();
  est::EstimateOptions options;
  options.method = *method;
  if (Status st = ApplyIntervalOptions(args, options, lang); !st.ok()) return st;
  options.seed = args.seed;
  options.p_threshold = args.threshold;
  options.max_order = args.max_order;
  options.threads = args.threads;
  options.reselect_in_bootstrap = !args.no_reselect;
  if (*method == est::Method::kModel) {
    Result<est::Model> model = est::ParseModel(args.terms, table->list_names);
    if (!model.ok()) return model.status().WithContext("--terms");
    options.model = *model;
  }
  Result<est::StratifiedEstimate> result = est::EstimateByStratum(*table, options);
  if (!result.ok()) return result.status();
  if (!args.out.empty()) {
    std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
    out << (from_store ? EstimateJsonWithPeriod(est::ToJson(*result, table->list_names), args.year)
                       : est::ToJson(*result, table->list_names));
    out.close();
    if (!out)
      return Status::Unavailable(Format({"cannot write {file}", "impossible d’écrire {file}"}, lang,
                                        {{"file", args.out}}));
  }
  if (ctx.quiet) return Status::Ok();
  const std::vector<std::string>& names = table->list_names;
  std::string lists;
  for (const std::string& n : names) lists += (lists.empty() ? "" : ", ") + n;
  std::cout << Format({"Multiple systems estimation from {k} lists ({lists}), method {method}",
                       "Estimation par systèmes multiples à partir de {k} listes ({lists}), "
                       "méthode {method}"},
                      lang,
                      {{"k", static_cast<int64_t>(names.size())},
                       {"lists", lists},
                       {"method", args.method}})
            << "\n";
  if (from_store)
    std::cout << (args.year != 0
                      ? Format({"Persons first identified in {year}, from the database; a person "
                                "is on an agency's list when it recorded them that year",
                                "Personnes identifiées pour la première fois en {year}, d'après "
                                "la base ; une personne figure sur la liste d'un organisme s'il "
                                "l'a enregistrée cette année-là"},
                               lang, {{"year", std::to_string(args.year)}})
                      : T(ctx, {"Every person with an identification date, all years, from the "
                                "database",
                                "Toutes les personnes ayant une date d'identification, toutes "
                                "années, d'après la base"}))
              << "\n";
  PrintCoverageWarning(std::cout, result->overall, args.method, names.size(), lang);
  PrintEstimate(std::cout, result->overall, names, args, lang);
  if (!result->strata.empty()) {
    std::cout << "\n"
              << Format({"By {column} (each stratum estimated on its own):",
                         "Par {column} (chaque strate estimée séparément) :"},
                        lang, {{"column", args.strata}})
              << "\n";
    for (const est::StratumEstimate& s : result->strata) {
      if (s.estimate) {
        std::cout
            << Format(
                   {"  {s}: observed {obs}, estimated total {n} ({low} to {high}), model {model}",
                    "  {s} : observés {obs}, total estimé {n} (de {low} à {high}), modèle {model}"},
                   lang,
                   {{"s", s.stratum},
                    {"obs", Num(static_cast<double>(s.estimate->observed), lang)},
                    {"n", Num(s.estimate->total, lang)},
                    {"low", Num(s.estimate->ci.low, lang)},
                    {"high", Num(s.estimate->ci.high, lang)},
                    {"model", ModelText(s.estimate->fit.model, names, lang)}})
            << "\n";
      } else {
        std::cout << Format({"  {s}: no estimate ({why})", "  {s} : pas d’estimation ({why})"},
                            lang, {{"s", s.stratum}, {"why", s.error}})
                  << "\n";
      }
    }
    std::cout << Format({"  The strata totals add up to {sum}, the overall estimate is {n}: "
                         "separate estimates need not add up, and neither is more correct by "
                         "construction.",
                         "  Les totaux des strates font {sum}, l’estimation d’ensemble {n} : des "
                         "estimations séparées n’ont pas à s’additionner, et aucune n’est plus "
                         "juste par construction."},
                        lang,
                        {{"sum", Num(result->sum_of_strata, lang)},
                         {"n", Num(result->overall.total, lang)}})
              << "\n";
  }
  std::cout << "\n" << Caveats(ctx.lang) << "\n";
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "estimate", T(ctx, {"Estimate the hidden number of victims from overlapping lists "
                          "(multiple systems estimation)",
                          "Estimer le nombre caché de victimes à partir de listes qui se "
                          "recoupent (estimation par systèmes multiples)"}));
  auto args = std::make_shared<Args>();
  cmd->add_option("--in", args->in,
                  T(ctx, {"Capture table: one 0/1 column per list, then count",
                          "Table de captures : une colonne 0/1 par liste, puis count"}));
  cmd->add_option("--clusters", args->clusters,
                  T(ctx, {"Clusters from palermo link (file,record_id,cluster_id)",
                          "Groupes issus de palermo link (file,record_id,cluster_id)"}));
  cmd->add_option("--method", args->method,
                  T(ctx, {"independence|stepwise|bic|aic|average|model (default stepwise)",
                          "independence|stepwise|bic|aic|average|model (stepwise par défaut)"}));
  cmd->add_option("--terms", args->terms,
                  T(ctx, {"Interactions for --method model, e.g. \"A*B,C*D\"",
                          "Interactions pour --method model, par ex. \"A*B,C*D\""}));
  IntervalSetup(cmd, *args, ctx);
  cmd->add_option("--seed", args->seed,
                  T(ctx, {"Bootstrap seed (default 1)", "Graine du bootstrap (1 par défaut)"}));
  cmd->add_option("--out", args->out, T(ctx, {"Write RESULT.json here", "Écrire RESULT.json ici"}));
  cmd->add_option("--year", args->year,
                  T(ctx, {"With neither --in nor --clusters: persons first identified this year "
                          "(default: all years)",
                          "Sans --in ni --clusters : personnes identifiées pour la première fois "
                          "cette année-là (par défaut : toutes années)"}))
      ->check(CLI::Range(1900, 2200));
  cmd->add_option("--strata", args->strata,
                  T(ctx, {"Column holding the stratum; from the database: sex, age_group, form "
                          "or citizenship_region",
                          "Colonne de la strate ; depuis la base : sex, age_group, form ou "
                          "citizenship_region"}));
  cmd->add_option("--threshold", args->threshold,
                  T(ctx, {"Stepwise p-value threshold (default 0.02)",
                          "Seuil de p pour la règle pas à pas (0,02 par défaut)"}));
  cmd->add_option("--max-order", args->max_order,
                  T(ctx, {"Highest interaction order for bic/aic/average (default: 2 for 3 lists, "
                          "3 for 4-5, 2 for 6+)",
                          "Ordre maximal des interactions pour bic/aic/average (par défaut : 2 "
                          "pour 3 listes, 3 pour 4-5, 2 au-delà)"}))
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads,
                  T(ctx, {"Worker threads (default: all cores)",
                          "Fils de calcul (par défaut : tous les cœurs)"}))
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag(
      "--no-reselect", args->no_reselect,
      T(ctx, {"Keep the chosen model in bootstrap replicates instead of repeating the selection",
              "Garder le modèle choisi dans les réplications au lieu de refaire la sélection"}));
  cmd->callback([&ctx, args] { ctx.Finish(Run(*args, ctx)); });
}

}  // namespace estimate_command
PALERMO_REGISTER_COMMAND(estimate, 50, estimate_command::Setup);
}  // namespace palermo::cli
